"""The commands: each wires library functions together, nothing more."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import InputError, UsageError


@contextlib.contextmanager
def _progress(args: argparse.Namespace) -> Iterator[Callable[[str], None] | None]:
    """A progress bar (issues done, rate, ETA) on stderr while issues are extracted: shown on a
    terminal unless --quiet, or always with --progress always."""
    show = args.progress == "always" or (args.progress == "auto" and not args.quiet and sys.stderr.isatty())
    if not show:
        yield None
        return
    from tqdm import tqdm

    from kg.read import find_sources

    with tqdm(total=len(find_sources(list(args.paths))), unit="issue", desc="kg build", file=sys.stderr,
              dynamic_ncols=True, leave=False, mininterval=0) as bar:  # every issue shows (3/3 too)
        yield lambda _name: bar.update(1)


def _cmd_build(args: argparse.Namespace) -> int:
    from kg.executors import default_jobs
    from kg.export import format_for, serialize, write_atomic
    from kg.pipeline import Parallel, build

    if args.no_store and not args.output:
        raise UsageError("nothing to write: give --output FILE, or a store (leave out --no-store)")
    if args.no_store and args.store:
        raise UsageError("--store and --no-store contradict each other")
    fmt = format_for(args.output, args.format) if args.output else None
    if args.decisions and not Path(args.decisions).is_file():
        raise InputError(f"{args.decisions}: no such decisions file")
    store = None if args.no_store else (args.store or (Path(args.output).with_suffix(".store") if args.output else "kg-store"))
    if args.output and Path(args.output).is_dir():
        raise InputError(f"{args.output}: is a folder; --output names a file")
    data = None
    with _progress(args) as on_issue:
        parallel = Parallel(default_jobs() if args.jobs is None else args.jobs, args.executor, args.scheduler, on_issue)
        result = build(args.paths, decisions=args.decisions, store=store, parallel=parallel,
                       whole=bool(args.output))  # no --output: no graph of the whole corpus in memory
    if args.output:
        data = serialize(result.graph, fmt)  # type: ignore[arg-type]
        try:
            write_atomic(args.output, data)
        except OSError as exc:
            raise InputError(f"{args.output}: cannot write ({exc.strerror or exc})") from None
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if not args.quiet:
        summary = ", ".join(f"{k}: {v}" for k, v in result.summary().items())
        wrote = " and ".join(str(x) for x in (args.output, store and f"store {store} ({len(result.written)} graphs changed)") if x)
        print(f"kg build: wrote {wrote} ({summary})", file=sys.stderr)
    return 0


def _load(path: str, fmt: str | None):  # type: ignore[no-untyped-def]
    from rdflib import Graph

    from kg.export import format_for

    if not Path(path).is_file():
        raise InputError(f"{path}: no such file")
    if not Path(path).read_bytes().strip():
        raise InputError(f"{path}: the file is empty")
    g = Graph()
    try:
        g.parse(path, format=format_for(path, fmt))
    except UsageError:
        raise
    except Exception as exc:  # rdflib raises many kinds of parse errors
        raise InputError(f"{path}: cannot parse as RDF ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})") from None
    return g


def _store_graph(path: str):  # type: ignore[no-untyped-def]
    """A store's data as one rdflib graph (integers retyped as the shapes declare)."""
    from kg.export import declared_datatypes, graph_of
    from kg.query import open_source
    from kg.resources import resource_path
    from kg.store import data_quads
    from kg.validate import load_shapes
    from kg.vocab import PREFIXES

    datatypes = declared_datatypes(load_shapes(resource_path("ontology", "shapes.ttl")))
    return graph_of(data_quads(open_source(path)), {p: str(ns) for p, ns in PREFIXES.items()}, datatypes)


def _cmd_validate(args: argparse.Namespace) -> int:
    from kg.graph import load_ontology
    from kg.resources import resource_dir, resource_path
    from kg.validate import check_graph, load_shapes

    g = _store_graph(args.graph) if Path(args.graph).is_dir() else _load(args.graph, args.format)
    violations = check_graph(g, load_shapes(resource_path("ontology", "shapes.ttl")), load_ontology(resource_dir("ontology")))
    for v in violations:
        print(f"{v.focus}\n  path: {v.path}\n  {v.message}")
    print(f"kg validate: {len(g)} triples, {len(violations)} violations", file=sys.stderr)
    return 0 if not violations else 1


def _cmd_query(args: argparse.Namespace) -> int:
    from kg.query import load_query_text, open_source, parse_param, query_header, run_limited

    if args.list:
        from kg.resources import resource_dir

        for path in sorted(resource_dir("queries").glob("*.rq")):
            head = query_header(path.read_text(encoding="utf-8"))
            print(f"{path.stem}\t{head.get('title', '')}\t{head.get('parameters', 'none')}")
        return 0
    if not args.query:
        raise UsageError("give a QUERY (a .rq file, a library name, or SPARQL text), or --list")
    text = load_query_text(args.query)
    params = dict(parse_param(p) for p in args.param)
    if args.update:
        return _update(args.graph, text)
    source = args.graph
    if Path(source).is_dir():
        opener = lambda: open_source(source)  # noqa: E731 - reopened in the child that runs the query
    else:
        store = open_source(source, args.format)
        opener = lambda: store  # noqa: E731
    sys.stdout.buffer.write(run_limited(opener, text, params, args.results, args.timeout or None))
    return 0


def _update(path: str, text: str) -> int:
    from kg.query import syntax_message
    from kg.store import is_store, update, writing

    if not is_store(path):
        raise UsageError(f"{path}: --update changes a store folder (kg build --store), not a graph file")
    with writing(path) as w:
        try:
            update(w, text)
        except SyntaxError as exc:
            raise UsageError(syntax_message(exc)) from None
        w.commit(compact=True)  # how much an update changed is not counted: compacted, as a build that changed much
    print(f"kg query: updated {path}", file=sys.stderr)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from kg.evaluate import format_report, format_scores, gold_sources, load_gold, score
    from kg.evaluate import load_body_gold, load_document_gold, score_bodies, score_documents
    from kg.evaluate.bodies import score_titles_decomposed
    from kg.evaluate.persons import load_person_gold, score_persons
    from kg.pipeline import build
    from kg.query import to_store
    from kg.resources import resource_dir

    gold_dir = Path(args.gold)
    gold = load_gold(gold_dir)
    doc_gold = load_document_gold(gold_dir)
    body_gold = load_body_gold(gold_dir)
    person_gold = load_person_gold(gold_dir)
    if not gold and not doc_gold and not body_gold and not person_gold:
        raise InputError(f"{gold_dir}: no chronicle/*.jsonl, documents/*.json, bodies/*.jsonl or persons/*.json gold files")
    stems = {**{k: None for k in gold}, **{k: None for k in doc_gold}, **{k: None for k in body_gold}}
    sources = gold_sources(gold_dir, stems, [Path(p) for p in args.paths], resource_dir("data") / "corpus")
    store = to_store(build(sources).graph)
    if gold:
        sys.stdout.write("== chronicle ==\n" + format_report(score(store, gold), args.misses))
    if doc_gold:
        sys.stdout.write("\n== documents ==\n" + format_scores(score_documents(store, doc_gold), args.misses))
    if body_gold:
        # written forms resolve against their own issue: score each source on its own graph
        by_stem = {p.stem: p for p in sources}
        merged: dict[str, object] = {}
        for stem, rows in body_gold.items():
            one = to_store(build([by_stem[stem]]).graph)
            scores = {**score_bodies(one, {stem: rows}), "titles decomposed": score_titles_decomposed(one)}
            for name, sc in scores.items():
                merged[name] = merged.get(name) + sc if name in merged else sc  # type: ignore[operator]
        sys.stdout.write("\n== bodies ==\n" + format_scores(merged, args.misses))  # type: ignore[arg-type]
    if person_gold:
        total: dict[str, object] = {}
        for data in person_gold.values():  # each set is built together: persons join across its issues
            stems_of = {Path(str(name)).stem: None for name in data["sources"]}  # type: ignore[union-attr]
            paths = gold_sources(gold_dir, stems_of, [Path(p) for p in args.paths], resource_dir("data") / "corpus")
            for name, sc in score_persons(to_store(build(paths).graph), data).items():
                total[name] = total.get(name) + sc if name in total else sc  # type: ignore[operator]
        sys.stdout.write("\n== persons ==\n" + format_scores(total, args.misses))  # type: ignore[arg-type]
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from kg.export import dataset_bytes, declared_datatypes, format_for, graph_of, retyped, serialize, write_atomic
    from kg.query import open_source
    from kg.resources import resource_path
    from kg.store import data_quads, is_store
    from kg.validate import load_shapes
    from kg.vocab import PREFIXES

    if not args.output and not args.csv:
        raise UsageError("nothing to write: give --output FILE and/or --csv DIR")
    fmt = format_for(args.output, args.format) if args.output else None
    store = open_source(args.graph, args.input_format)
    if args.output:
        prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
        quads = data_quads(store) if is_store(args.graph) else list(store)
        datatypes = declared_datatypes(load_shapes(resource_path("ontology", "shapes.ttl")))
        if fmt in ("trig", "nquads"):
            data = dataset_bytes(retyped(quads, datatypes), fmt, prefixes)
        else:
            data = serialize(graph_of(quads, prefixes, datatypes), fmt)  # type: ignore[arg-type]
        try:
            write_atomic(args.output, data)
        except OSError as exc:
            raise InputError(f"{args.output}: cannot write ({exc.strerror or exc})") from None
        print(f"kg export: wrote {args.output} ({len(quads)} statements)", file=sys.stderr)
    if args.csv:
        from kg.csvexport import export_tables

        counts = export_tables(store, args.csv)
        print(f"kg export: wrote {len(counts)} tables to {args.csv} (" + ", ".join(f"{k}: {v}" for k, v in counts.items()) + ")",
              file=sys.stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import signal
    import tempfile

    from kg.serve import describe, make_endpoint
    from kg.store import is_store, load_file

    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        folder = args.graph if is_store(args.graph) else load_file(args.graph, tmp, args.input_format)
        endpoint = make_endpoint(folder, args.host, args.port, args.workers, args.timeout, args.max_bytes, label=args.graph)
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
        print(f"kg serve: {describe(endpoint)} (Ctrl-C stops)", file=sys.stderr, flush=True)
        try:
            endpoint.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            endpoint.server_close()
    print("kg serve: stopped", file=sys.stderr)
    return 0


def _cmd_person(args: argparse.Namespace) -> int:
    from kg.query import open_source, person_profile

    sys.stdout.write(person_profile(open_source(args.graph, args.format), args.name, args.top))
    return 0
