"""Run one function over many items: here, in a pool of local processes, or on a Dask cluster.

The function and its items must pickle (a module-level function, plain data). Results come
back in the order of the items, so what is built from them does not depend on which worker
finished first; at most a few items per worker are in flight at a time, so results that
wait for an earlier slow one stay few.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from kg.errors import InputError, UsageError

EXECUTORS = ("local", "dask")


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_options(jobs: int, executor: str, scheduler: str | None) -> None:
    """Refuse, in one line, options that cannot work together (before anything is written)."""
    if executor not in EXECUTORS:
        raise UsageError(f"unknown executor {executor!r} (choose from {', '.join(EXECUTORS)})")
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    if executor == "dask" and not scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS (a running Dask scheduler)")
    if executor != "dask" and scheduler:
        raise UsageError("a scheduler address goes with --executor dask")


def parallel_map(fn: Callable[[Any], Any], items: Iterable[Any], jobs: int = 1, executor: str = "local",
                 scheduler: str | None = None, initializer: Callable[[], None] | None = None,
                 ahead: int = 2) -> Iterator[Any]:
    """``fn(item)`` for every item, in order. ``executor`` "local" runs ``jobs`` processes
    (one job: in this process, no pool); "dask" sends the items to the Dask scheduler at
    ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``). ``initializer`` runs once in
    each local worker. At most ``ahead`` items per worker are submitted and not yet taken."""
    check_options(jobs, executor, scheduler)
    if executor == "dask":
        yield from _dask_map(fn, items, scheduler, ahead)
        return
    if jobs == 1:
        if initializer:
            initializer()
        yield from map(fn, items)
        return
    yield from _in_processes(fn, items, jobs, initializer, ahead)


def run_apart(fn: Callable[[Any], Any], item: Any) -> Any:
    """``fn(item)`` in a process of its own, forked by the fork server, and its result sent
    back: the memory ``fn`` took and freed is given back with the process, where in this one
    it might stay taken (a freed object's page is held while any object on it is kept)."""
    return list(_in_processes(fn, [item], 1, None, 1))[0]


def _in_processes(fn: Callable[[Any], Any], items: Iterable[Any], jobs: int,
                  initializer: Callable[[], None] | None, ahead: int) -> Iterator[Any]:
    # The parent may hold threads (the store), so no plain fork; a fork server imports the
    # modules once and forks each worker from that, instead of every worker importing them.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([(initializer or fn).__module__])
    _start_quiet_forkserver()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer)
    try:
        yield from _windowed(pool.submit, fn, items, jobs * ahead)
    except BaseException:  # interrupted, killed, or the consumer stopped: stop the workers now
        for proc in list((pool._processes or {}).values()):  # noqa: SLF001 - no public way to stop running work
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _start_quiet_forkserver() -> None:
    """Start the fork server (if it is not running) with stdout and stderr on /dev/null, so
    that it and the workers forked from it never write to the user's terminal (the parent
    reports every result and error) and never hold the caller's pipes open after the parent
    is killed (a reader waiting for the end of kg's output would wait for orphaned workers)."""
    from multiprocessing import forkserver

    saved = [os.dup(1), os.dup(2)]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        forkserver.ensure_running()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, devnull):
            os.close(fd)


def _windowed(submit: Callable[..., Future], fn: Callable[[Any], Any], items: Iterable[Any], window: int) -> Iterator[Any]:
    pending: deque[Future] = deque()
    for item in items:
        pending.append(submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _dask_map(fn: Callable[[Any], Any], items: Iterable[Any], scheduler: str | None, ahead: int) -> Iterator[Any]:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--executor dask needs the Dask distributed package: pip install 'gazette-kg[dask]'") from None
    try:
        client = Client(scheduler, timeout=10)
    except (OSError, TimeoutError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({str(exc).splitlines()[0][:200]})") from None
    with client:
        workers = max(1, sum(client.nthreads().values()))
        yield from _windowed(lambda f, item: client.submit(f, item, pure=False), fn, items, workers * ahead)
