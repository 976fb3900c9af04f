"""``kg``: the command line. It only wires the library's functions together.

A user's mistake (missing file, bad format, undecodable input) prints one line on
stderr and exits with code 2; nothing is half-written.
"""

from __future__ import annotations

import os
import signal
import sys

from kg.cli.commands import (_cmd_build, _cmd_evaluate, _cmd_export, _cmd_person, _cmd_query, _cmd_serve,
                             _cmd_validate)
from kg.cli.network import _cmd_network, _cmd_viz
from kg.cli.parser import EXAMPLES, _parser
from kg.cli.push import _cmd_push
from kg.cli.text import _cmd_extract_text
from kg.errors import InputError, UsageError

__all__ = ["COMMANDS", "EXAMPLES", "main"]


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt

COMMANDS = {"network": _cmd_network, "viz": _cmd_viz, "serve": _cmd_serve, "export": _cmd_export, "person": _cmd_person, "build": _cmd_build, "validate": _cmd_validate, "query": _cmd_query, "evaluate": _cmd_evaluate, "push": _cmd_push}
COMMANDS["extract-text"] = _cmd_extract_text


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    if args.command != "serve":  # kill → the same clean stop as Ctrl-C (serve sets its own)
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        return COMMANDS[args.command](args)
    except (InputError, UsageError) as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted; nothing written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output went away (kg query … | head)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
