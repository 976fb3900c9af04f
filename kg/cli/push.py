"""``kg push``: send a store's named graphs to a SPARQL 1.1 Graph Store HTTP Protocol endpoint."""

from __future__ import annotations

import argparse
import os
import sys

from kg.errors import UsageError

PASSWORD_VARIABLE = "KG_PUSH_PASSWORD"


def _cmd_push(args: argparse.Namespace) -> int:
    from kg.export import declared_datatypes
    from kg.push import Pushed, push, shown
    from kg.resources import resource_path
    from kg.validate import load_shapes

    auth = None
    if args.user is not None:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            raise UsageError(f"--user {args.user} needs the password in the environment variable {PASSWORD_VARIABLE}")
        auth = (args.user, password)
    verb = "added" if args.append else "replaced"
    sent: list[Pushed] = []

    def report(p: Pushed) -> None:
        sent.append(p)
        if not args.quiet:
            name = "the default graph" if p.graph is None else f"<{p.graph}>"
            print(f"kg push: {name}: {p.triples} triples {verb} (HTTP {p.status})", file=sys.stderr, flush=True)

    datatypes = declared_datatypes(load_shapes(resource_path("ontology", "shapes.ttl")))
    try:
        done = push(args.graph, args.endpoint, graphs=args.graphs, replace=not args.append,
                    timeout=args.timeout or None, auth=auth, batch=args.batch, input_format=args.input_format,
                    datatypes=datatypes, progress=report)
    except KeyboardInterrupt:  # graphs already sent stay sent: say so (not "nothing written")
        print(f"kg push: interrupted after {len(sent)} graph(s) were sent; the one being sent may be partly there",
              file=sys.stderr)
        return 130
    if not args.quiet:
        total = sum(p.triples for p in done)
        graphs = f"{len(done)} graph" + ("" if len(done) == 1 else "s")
        print(f"kg push: sent {graphs} ({total} triples) to {shown(args.endpoint)}", file=sys.stderr)
    return 0
