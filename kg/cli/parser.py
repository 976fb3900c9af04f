"""The argument parser of every ``kg`` command (one place for options and help)."""

from __future__ import annotations

import argparse

from kg import __version__

EXAMPLES = {
    "build": "kg build data/corpus/qujing-gazette-2019-12.txt --output build/qujing.ttl",
    "validate": "kg validate build/qujing.ttl",
    "query": "kg query build/qujing.store who_met_whom_between --param from=2019-11-01 --param min=3 --results markdown",
    "evaluate": "kg evaluate --gold tests/gold",
    "person": "kg person build/qujing.ttl 李石松",
    "serve": "kg serve build/qujing.store --port 7878",
    "network": "kg network build/qujing.store --top 10 --out build/network --gexf build/network/who-met-whom.gexf",
    "viz": "kg viz build/qujing.store --output build/who-met-whom.html --size-by pagerank --min-weight 2",
    "export": "kg export build/qujing.store --format trig --output build/qujing.trig --csv build/tables",
    "push": "kg push build/qujing.store --endpoint http://127.0.0.1:7878/store",
    "extract-text": "kg extract-text gazette.pdf --output gazette.txt",
}


def _source(p: argparse.ArgumentParser, fmt_option: str = "--format") -> None:
    """The STORE|FILE argument every reading command takes, and the option naming FILE's format."""
    p.add_argument("graph", metavar="STORE|FILE", help="a store folder or a graph file written by kg build")
    flags = [fmt_option, "-f"] if fmt_option == "--format" else [fmt_option]
    p.add_argument(*flags, metavar="FMT", help="format of FILE (default: from the extension)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg",
        description="Turn Chinese government gazettes (政府公报) into a knowledge graph.",
        epilog="example: " + EXAMPLES["build"],
    )
    p.add_argument("--version", action="version", version=f"gazette-kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build the knowledge graph of gazette files or folders",
                       description="Read gazettes (.txt, .pdf, .html files, or folders of them) and write their knowledge graph.",
                       epilog="example: " + EXAMPLES["build"], formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("paths", nargs="+", metavar="PATH", help="gazette text files or folders")
    b.add_argument("--output", "-o", metavar="FILE", help="where to write the graph as one file")
    b.add_argument("--store", "-s", metavar="DIR",
                   help="the store to load (default: beside --output, named after it: build/qujing.store; else ./kg-store); "
                        "issues already in it are kept, the given ones added or replaced")
    b.add_argument("--no-store", action="store_true", help="write --output only, no store")
    b.add_argument("--format", "-f", metavar="FMT", help="turtle, nt, jsonld or trig (default: from the extension)")
    b.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    b.add_argument("--decisions", metavar="FILE",
                   help="judgements on person mentions (positive/negative/unsure, name, source, name, source; tab-separated)")
    b.add_argument("--jobs", "-j", type=int, metavar="N",
                   help="extract N issues at a time in separate processes (default: the number of cores)")
    b.add_argument("--executor", choices=["local", "dask"], default="local",
                   help="where extraction runs: local processes, or a Dask cluster (with --scheduler)")
    b.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://10.0.0.5:8786")
    b.add_argument("--progress", choices=["auto", "always", "never"], default="auto",
                   help="a progress bar with rate and ETA on stderr (auto: when stderr is a terminal)")

    v = sub.add_parser("validate", help="check a graph against the SHACL shapes",
                       description="Validate a built graph against ontology/shapes.ttl and list violations.",
                       epilog="example: " + EXAMPLES["validate"])
    _source(v)

    q = sub.add_parser("query", help="run a SPARQL query on a store or a graph file",
                       description="Run a SPARQL query (a .rq file, a name from the query library, or text) on a store "
                                   "built by kg build, or on a graph file. Read-only unless --update.",
                       epilog="example: " + EXAMPLES["query"])
    _source(q)
    q.add_argument("query", metavar="QUERY", nargs="?", help="a .rq file, a library query name, or SPARQL text")
    q.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a variable (repeatable): <iri>, \"text\"@lang, \"v\"^^<datatype>, 3, 2019-11-01, or text")
    q.add_argument("--results", "-r", default="table", metavar="FMT",
                   help="table (default), markdown, csv, tsv, json or xml (the W3C SPARQL results formats)")
    q.add_argument("--timeout", "-t", type=float, default=60.0, metavar="SECONDS",
                   help="stop a query that runs longer (default 60; 0 for no limit)")
    q.add_argument("--update", action="store_true", help="run a SPARQL update on a store (changes it)")
    q.add_argument("--list", action="store_true", help="list the query library: name, title, parameters")

    pp = sub.add_parser("person", help="print one person's profile: titles over time, events by role, co-participants",
                        description="Profile a person of a built graph: titles with first and last attestation, "
                                    "events by role with source lines, and most frequent co-participants.",
                        epilog="example: " + EXAMPLES["person"])
    _source(pp)
    pp.add_argument("name", metavar="NAME", help="the person's name as written (李石松)")
    pp.add_argument("--top", type=int, default=10, metavar="N", help="co-participants to list (default 10)")

    x = sub.add_parser("export", help="write a store or graph as Turtle, N-Triples, JSON-LD, TriG, N-Quads, or CSV tables",
                       description="Export a store (or a graph file) as RDF — TriG and N-Quads keep a named graph per issue — "
                                   "and/or as CSV tables (people, bodies, posts, events, participations, documents, "
                                   "citations, duties) for users outside RDF.",
                       epilog="example: " + EXAMPLES["export"])
    _source(x, "--input-format")
    x.add_argument("--output", "-o", metavar="FILE", help="where to write the RDF")
    x.add_argument("--format", "-f", metavar="FMT", help="turtle, nt, jsonld, trig or nquads (default: from the extension)")
    x.add_argument("--csv", metavar="DIR", help="also (or only) write the CSV tables into DIR")

    sv = sub.add_parser("serve", help="serve a store as a read-only SPARQL endpoint with a query page",
                        description="Serve a store (or a graph file) as a SPARQL 1.1 Protocol endpoint: GET and POST on "
                                    "/sparql, JSON/XML/CSV/TSV results by content negotiation, a query page on /. "
                                    "Read-only; each query runs in a worker process with a time limit.",
                        epilog="example: " + EXAMPLES["serve"])
    _source(sv, "--input-format")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=int, default=7878, help="port (default 7878; 0 picks a free one)")
    sv.add_argument("--workers", type=int, default=2, metavar="N", help="queries run at once (default 2)")
    sv.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="stop a query after this long (default 30)")
    sv.add_argument("--max-bytes", type=int, default=50_000_000, metavar="N", help="largest answer sent (default 50 MB)")

    for name, helptext in (("network", "networks of who met whom, affiliations, duties or citations: metrics, matrices, GEXF/GraphML/CSV"),
                           ("viz", "an interactive who-met-whom page: one HTML file that works offline")):
        n = sub.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:] + ", built through SPARQL.",
                           epilog="example: " + EXAMPLES[name])
        _source(n, "--input-format")
        n.add_argument("--kind", default="persons", choices=["persons", "affiliation", "duties", "citations"],
                       help="persons (co-participation, default), affiliation (persons–bodies), duties (bodies–tasks), citations")
        n.add_argument("--project", metavar="SIDE", help="affiliation: persons or bodies; duties: bodies (the projected network)")
        n.add_argument("--from", dest="start", metavar="DATE", help="only events on or after this day (2019-11-01)")
        n.add_argument("--to", dest="end", metavar="DATE", help="only events on or before this day")
        n.add_argument("--type", action="append", default=[], metavar="TYPE", help="only these event types (Meeting, Inspection…)")
        n.add_argument("--role", action="append", default=[], metavar="ROLE", help="only participants in these roles (Chair…)")
        n.add_argument("--min-weight", type=int, default=1, metavar="N", help="drop edges lighter than N")
        n.add_argument("--ego", metavar="NAME", help="the ego network of a person or body (name or IRI)")
        n.add_argument("--depth", type=int, default=1, metavar="N", help="ego network depth (default 1)")
        n.add_argument("--largest", action="store_true", help="keep the largest connected component")
        if name == "network":
            n.add_argument("--top", type=int, default=10, metavar="N", help="print the N leaders of each metric (default 10)")
            n.add_argument("--out", metavar="DIR", help="write nodes.csv and edges.csv (with metrics) into DIR")
            n.add_argument("--gexf", metavar="FILE", help="write GEXF with dates (Gephi's timeline)")
            n.add_argument("--graphml", metavar="FILE", help="write GraphML")
            n.add_argument("--matrix", metavar="DIR", help="write the person × event incidence matrix and co-appearance matrices into DIR")
            n.add_argument("--period", default="month", choices=["month", "quarter", "year"], help="co-appearance period (default month)")
            n.add_argument("--type-weights", metavar="FILE", help="weigh co-appearances by event type (TSV: type, weight)")
        else:
            n.add_argument("--output", "-o", required=True, metavar="FILE", help="the HTML page to write")
            n.add_argument("--size-by", default="weighted_degree",
                           choices=["degree", "weighted_degree", "betweenness", "pagerank"], help="node size (default weighted_degree)")

    pu = sub.add_parser("push", help="send a store's named graphs to a SPARQL Graph Store (Fuseki, Oxigraph, QLever, Virtuoso…)",
                        description="Send each named graph of a store (or of a graph file) as N-Triples to a SPARQL 1.1 "
                                    "Graph Store HTTP Protocol endpoint: PUT ENDPOINT?graph=IRI replaces the graph there, "
                                    "--append POSTs (adds). A Turtle or N-Triples file is one graph: --graph names it, "
                                    "else it goes to the endpoint's default graph. For --user, the password is read "
                                    "from the environment variable KG_PUSH_PASSWORD.",
                        epilog="example: " + EXAMPLES["push"])
    _source(pu, "--input-format")
    pu.add_argument("--endpoint", "-e", required=True, metavar="URL",
                    help="the Graph Store URL (Oxigraph: http://host:7878/store; Fuseki: http://host:3030/DATASET/data)")
    pu.add_argument("--graph", "-g", dest="graphs", action="append", default=[], metavar="IRI",
                    help="push only this graph (repeatable); for a one-graph file, the name it gets")
    pu.add_argument("--append", "-a", action="store_true", help="add to the graphs at the endpoint (POST) instead of replacing them (PUT)")
    pu.add_argument("--timeout", "-t", type=float, default=60.0, metavar="SECONDS",
                    help="give up on a request after this long (default 60; 0 for no limit)")
    pu.add_argument("--user", "-u", metavar="NAME", help="HTTP basic authentication as NAME (password from KG_PUSH_PASSWORD)")
    pu.add_argument("--batch", type=int, default=50_000, metavar="N",
                    help="triples per request (default 50000): a larger graph goes as a PUT and then POSTs")
    pu.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")

    t = sub.add_parser("extract-text", help="print the text the pipeline reads from a gazette file (.txt, .pdf, .html)",
                       description="Write exactly the text kg build reads from a gazette file (UTF-8): for a PDF, its text "
                                   "layer in reading order without running headers and footers (their count and the "
                                   "pages on stderr); for a web page, its article body.",
                       epilog="example: " + EXAMPLES["extract-text"])
    t.add_argument("file", metavar="FILE", help="a gazette: .txt, .pdf, .html or .htm")
    t.add_argument("--output", "-o", metavar="F", help="write the text to F (default: standard output)")

    e = sub.add_parser("evaluate", help="score extraction against hand-checked gold annotations",
                       description="Build the given gazettes and print precision, recall and F1 against gold annotations.",
                       epilog="example: " + EXAMPLES["evaluate"])
    e.add_argument("paths", nargs="*", metavar="PATH", help="gazette files (default: the sources the gold names)")
    e.add_argument("--gold", required=True, metavar="DIR", help="folder with chronicle/*.jsonl gold files")
    e.add_argument("--misses", type=int, default=10, metavar="N", help="misses to list per measure (default 10)")
    return p
