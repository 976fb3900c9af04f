"""Benchmark: building many issues (kg build into a store), beside two references measured in
the same run on the same text: decoding alone, and spaCy's blank Chinese pipeline tokenizing
alone. Prints Markdown on stdout and progress on stderr.

    python benchmarks/bench_build.py --issues 1 10 100 --jobs 1 2 8 > results.md
    python benchmarks/bench_build.py --issues 10 --jobs 1 2 --queries 10   # + query latencies

The corpus is synthetic (benchmarks/gen_corpus.py, fixed seed), never accuracy gold. Each
build is a fresh ``kg build FOLDER --store DIR --quiet --jobs N`` in its own process; peak
memory is that process's maximum resident set (its extraction workers are listed apart: they
hold one issue each). Reported, not asserted: times depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gen_corpus import generate  # noqa: E402


def corpus(folder: Path, issues: int, seed: int) -> tuple[list[Path], int]:
    paths = sorted(p for p in generate(issues, seed, folder) if p.suffix == ".txt")
    return paths, sum(p.stat().st_size for p in paths)


def decode_time(paths: list[Path]) -> float:
    started = time.perf_counter()
    for p in paths:
        p.read_bytes().decode("utf-8")
    return time.perf_counter() - started


def tokenize_time(paths: list[Path]) -> float:
    import spacy

    nlp = spacy.blank("zh")  # the default character segmenter: no model to download
    started = time.perf_counter()
    for p in paths:
        nlp.make_doc(p.read_text(encoding="utf-8"))
    return time.perf_counter() - started


_WRAPPER = """
import json, os, subprocess, sys, threading, time

def tree_pss(root):
    # proportional set size (kB) of a process and all its descendants (the fork server and the
    # workers): pages they share, copied on write from the fork server, are counted once
    kids = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    kids.setdefault(int(fh.read().rsplit(")", 1)[1].split()[1]), []).append(int(pid))
            except (OSError, ValueError, IndexError):
                continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(kids.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += sum(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
        except (OSError, ValueError, IndexError):
            continue
    return total

proc = subprocess.Popen(sys.argv[1:], stderr=subprocess.PIPE)
peak = [0]
def sample():
    while proc.poll() is None:
        peak[0] = max(peak[0], tree_pss(proc.pid))
        time.sleep(0.1)
threading.Thread(target=sample, daemon=True).start()
err = proc.stderr.read().decode(errors="replace")
_, status, usage = os.wait4(proc.pid, 0)
print(json.dumps({"rc": os.waitstatus_to_exitcode(status), "main": usage.ru_maxrss, "tree": peak[0], "err": err[-500:]}))
"""

_WORKER = """
import resource, sys
from kg.pipeline import extract_source
extract_source((sys.argv[1], sys.argv[1]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def worker_peak(path: Path) -> float:
    """Peak RSS (MB) of a process that extracts one issue, as a --jobs worker does (workers are
    forked by a fork server, so the build process's own peak does not include them)."""
    out = subprocess.run([sys.executable, "-c", _WORKER, str(path)], capture_output=True, text=True, check=True).stdout
    return int(out.split()[-1]) / 1024


def run_build(folder: Path, store: Path, jobs: int) -> dict[str, float]:
    """One ``kg build`` in a child process of a fresh wrapper: wall time and the build
    process's peak RSS (its extraction workers are measured apart: ``worker_peak``)."""
    import json

    cmd = [sys.executable, "-m", "kg", "build", str(folder), "--store", str(store), "--quiet", "--jobs", str(jobs),
           "--progress", "never"]
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, check=True).stdout
    seconds = time.perf_counter() - started
    r = json.loads(out)
    if r["rc"] != 0:
        raise SystemExit(f"kg build failed ({r['rc']}): {r['err'].strip()}")
    return {"seconds": seconds, "peak_mb": r["main"] / 1024, "tree_mb": r["tree"] / 1024}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--issues", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2, 8])
    ap.add_argument("--seed", type=int, default=20191201)
    ap.add_argument("--queries", type=int, default=0, metavar="N",
                    help="also time the query library on the store of N issues (Oxigraph) against rdflib in memory")
    ap.add_argument("--rdflib-issues", type=int, metavar="M",
                    help="rdflib loads the store of M issues instead (the issue's benchmark: Oxigraph on 1,000, rdflib on 100)")
    ap.add_argument("--rdflib-limit", type=float, default=30.0)
    ap.add_argument("--oxigraph-limit", type=float, default=600.0,
                    help="seconds before an Oxigraph query is stopped (queries listing a 1,000-issue corpus take minutes)")
    ap.add_argument("--add-one", action="store_true",
                    help="at the end, time adding one new issue (another seed's) to each store, as a new month's issue is added")
    args = ap.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as tmp:
        stores: dict[int, Path] = {}
        for n in args.issues:
            folder = Path(tmp) / f"corpus-{n}"
            paths, size = corpus(folder, n, args.seed)
            mb = size / 1e6
            dec, tok = decode_time(paths), tokenize_time(paths)
            for jobs in args.jobs:
                store = Path(tmp) / f"store-{n}-{jobs}"
                print(f"  {n} issues ({mb:.1f} MB), --jobs {jobs} …", file=sys.stderr, flush=True)
                r = run_build(folder, store, jobs)
                rows.append((n, mb, jobs, r, dec, tok))
                print(f"    {r['seconds']:.1f} s, peak {r['peak_mb']:.0f} MB (all processes {r['tree_mb']:.0f} MB)",
                      file=sys.stderr, flush=True)
                stores[n] = store
        print(f"# Building many issues\n\n{platform.platform()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}; synthetic corpus (gen_corpus.py, seed {args.seed}).\n")
        print("| issues | MB | jobs | build (s) | issues/s | MB/s | peak MB (build process) | peak MB (with workers) "
              "| decode (s) | spaCy blank zh tokenize (s) | build ÷ tokenize |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for n, mb, jobs, r, dec, tok in rows:
            s = r["seconds"]
            print(f"| {n} | {mb:.1f} | {jobs} | {s:.1f} | {n / s:.2f} | {mb / s:.3f} | {r['peak_mb']:.0f} | {r['tree_mb']:.0f} | "
                  f"{dec:.3f} | {tok:.2f} | {s / tok:.0f}× |")
        print(f"\nA process extracting one issue, as a --jobs worker does, peaks at {worker_peak(paths[0]):.0f} MB. "
              "'With workers' is the most the build process, the fork server and the workers held at once "
              "(proportional set size, so pages they share count once; sampled every 0.1 s).\n")
        by_n = {}
        for n, _, jobs, r, _, _ in rows:
            by_n.setdefault(n, {})[jobs] = r
        print()
        for n, runs in by_n.items():
            if 1 in runs:
                others = [runs[j]["seconds"] / runs[1]["seconds"] for j in runs if j != 1]
                if not others:
                    continue
                worst = max(others)
                print(f"- {n} issues: slowest --jobs against --jobs 1: {worst:.2f}× the time")
        small, large = min(by_n), max(by_n)
        if small != large:
            for key, what in (("peak_mb", "of the build process"), ("tree_mb", "with its workers")):
                for jobs in sorted(set(by_n[small]) & set(by_n[large])):
                    ratio = by_n[large][jobs][key] / by_n[small][jobs][key]
                    print(f"- peak memory {what}, {large} issues against {small}, --jobs {jobs}: {ratio:.2f}×")
        if args.queries and args.queries in stores:
            other = stores.get(args.rdflib_issues or args.queries, stores[args.queries])
            print(f"\nQuery library: Oxigraph on the {args.queries}-issue store, rdflib in memory on the "
                  f"{args.rdflib_issues or args.queries}-issue graph.\n")
            print(query_table(stores[args.queries], args.rdflib_limit, other, args.oxigraph_limit))
        if args.add_one:
            print(add_one(Path(tmp), stores, rows, args.seed))
    return 0


def add_one(tmp: Path, stores: dict[int, Path], rows: list, seed: int) -> str:  # type: ignore[type-arg]
    """Time adding one issue the stores have not seen (from another seed, under a name of its
    own) to each store: what a researcher does when a new issue comes out."""
    (new,), _ = corpus(tmp / "new-issue", 1, seed + 1)
    folder = tmp / "added"
    folder.mkdir()
    shutil.copy(new, folder / f"added-{new.name}")
    lines = ["\nOne new issue added to each store (its last build's --jobs):\n",
             "| issues in the store | full build (s) | adding one (s) | peak MB (build process) |", "|---|---|---|---|"]
    for n, store in stores.items():
        jobs, full = next((j, r["seconds"]) for m, _, j, r, _, _ in reversed(rows) if m == n)
        r = run_build(folder, store, jobs)
        lines.append(f"| {n} | {full:.1f} | {r['seconds']:.1f} | {r['peak_mb']:.0f} |")
    return "\n".join(lines)


def _oxigraph_child(store_dir: Path, text: str, subs: dict | None, conn) -> None:  # type: ignore[no-untyped-def]
    from kg.query import dataset
    from kg.store import open_store

    try:
        store = open_store(store_dir)  # its own handle: the parent's is not used across the fork
        started = time.perf_counter()
        list(store.query(text, substitutions=subs, **dataset(store)))
        first = time.perf_counter() - started
        conn.send(("ok", first))
        warm = []
        for _ in range(2):  # again, with the store open and its caches filled, as kg serve answers
            started = time.perf_counter()
            list(store.query(text, substitutions=subs, **dataset(store)))
            warm.append(time.perf_counter() - started)
        conn.send(("warm", min(warm)))
    except Exception as exc:  # noqa: BLE001 - reported in the table
        conn.send(("error", f"{type(exc).__name__}"))


def time_oxigraph(store_dir: Path, text: str, subs: dict | None, limit: float) -> tuple[float | None, float | None]:
    """Seconds Oxigraph takes to run a query to its last row in a fresh process (as ``kg query``
    does), and the best of two runs after it in the same process (as ``kg serve`` answers);
    in a child process stopped after ``limit`` seconds (None then): on a large store, queries
    that list the corpus take minutes."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    mine, theirs = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_oxigraph_child, args=(store_dir, text, subs, theirs))
    child.start()
    try:
        if not mine.poll(limit):
            return None, None
        status, first = mine.recv()
        if status != "ok":
            raise RuntimeError(f"Oxigraph failed on a library query: {first}")
        if first * 3 + 5 > limit or not mine.poll(first * 3 + 5):
            return first, None
        status, warm = mine.recv()
        return first, (warm if status == "warm" else None)
    finally:
        if child.is_alive():
            child.kill()
        child.join()


def _warm(times: tuple[float | None, float | None], limit: float) -> str:
    """The warm time of a query; "–" when there is none though the first run finished (the warm
    runs would not fit in the limit, or took more than three times the first)."""
    return "–" if times[0] is not None and times[1] is None else _ms(times[1], limit)


def _ms(seconds: float | None, limit: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds is not None else f"> {limit:g} s"


def query_table(store_dir: Path, limit: float, rdflib_dir: Path | None = None, ox_limit: float = 600.0) -> str:
    """The query library on the store (Oxigraph, on disk) against rdflib in memory holding the
    data of ``rdflib_dir`` (default: the same store). Oxigraph is stopped after ``ox_limit``
    seconds; a ratio is given only where Oxigraph finished."""
    import pyoxigraph as ox
    import rdflib
    from bench_queries import library, required_params, time_rdflib

    from kg.query import dataset
    from kg.store import data_quads, open_store

    store = open_store(store_dir)
    same = rdflib_dir if rdflib_dir and rdflib_dir != store_dir else None  # Oxigraph on rdflib's data too
    with tempfile.NamedTemporaryFile(suffix=".nq") as fh:
        fh.write(ox.serialize(data_quads(open_store(rdflib_dir or store_dir)), format=ox.RdfFormat.N_QUADS) or b"")
        fh.flush()
        started = time.perf_counter()
        graph = rdflib.Dataset(default_union=True)
        graph.parse(fh.name, format="nquads")
        parse = time.perf_counter() - started
    top = next(iter(store.query("SELECT ?n WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n } ORDER BY ?n LIMIT 1",
                                **dataset(store))))["n"].value
    del store
    lines = [f"Query library: {len(graph):,} quads in rdflib; rdflib parse {parse:.1f} s; rdflib stopped after {limit:g} s, "
             f"Oxigraph after {ox_limit:g} s. Oxigraph is timed twice: its first run in a fresh process, as `kg query` "
             "runs, and then warm, the best of two more runs in the same process, as `kg serve` answers.\n",
             "| query | Oxigraph first / warm (ms) | rdflib (ms) | ratio first / warm |"
             + (" Oxigraph on rdflib's data first / warm (ms) | ratio there first / warm |" if same else ""),
             "|---|---|---|---|" + ("---|---|" if same else "")]
    medians: dict[tuple[str, int], list[float]] = {}  # (which, 0 first / 1 warm) → ratios

    def ratio(d: object, d_s: float | None, o: float | None) -> str:
        if o is None or d_s is None:
            return "–"
        if isinstance(d, float):
            return f"{d / o:.0f}×" if d >= o else f"{d / o:.2f}×"
        return f"> {d_s / o:.0f}×"

    for name, text in library().items():
        need = {p: top for p in required_params(text)}
        subs = {ox.Variable(k): ox.Literal(v) for k, v in need.items()} or None
        o = time_oxigraph(store_dir, text, subs, ox_limit)
        d = time_rdflib(graph, text, {k: rdflib.Literal(v) for k, v in need.items()}, 1, limit)
        d_s = d if isinstance(d, float) else (limit if str(d).startswith(">") else None)
        shown = f"{d * 1000:.1f}" if isinstance(d, float) else str(d)
        cells = [f"{_ms(o[0], ox_limit)} / {_warm(o, ox_limit)}", shown, f"{ratio(d, d_s, o[0])} / {ratio(d, d_s, o[1])}"]
        runs = [("library" if not name.startswith("tables/") else "", o)]
        if same is not None:
            o2 = time_oxigraph(same, text, subs, ox_limit)
            cells += [f"{_ms(o2[0], ox_limit)} / {_warm(o2, ox_limit)}", f"{ratio(d, d_s, o2[0])} / {ratio(d, d_s, o2[1])}"]
            runs.append(("there" if not name.startswith("tables/") else "tables", o2))
        for which, times in runs:
            for k, t in enumerate(times):
                if which and d_s is not None and t is not None:
                    medians.setdefault((which, k), []).append(d_s / t)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
        print(f"  query {name}: {o} s vs {d}", file=sys.stderr, flush=True)

    def median(which: str, k: int) -> str:
        got = sorted(medians.get((which, k), []))
        return f"{got[len(got) // 2]:.2g}× over {len(got)}" if got else "–"

    lines.append(f"\n- rdflib/Oxigraph median, first run {median('library', 0)} queries, warm {median('library', 1)} "
                 "(a stopped rdflib query counts at its limit: a lower bound)")
    if same is not None:
        lines.append(f"- on the same data, rdflib/Oxigraph median, first run {median('there', 0)} queries, "
                     f"warm {median('there', 1)}")
        lines.append(f"- the export tables (queries/tables) on the same data, not in the medians above: first run "
                     f"{median('tables', 0)} queries, warm {median('tables', 1)}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
