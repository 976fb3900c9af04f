"""``kg extract-text``: the text the pipeline sees in a gazette file (text, PDF or web page)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import InputError
from kg.read import PDF_SUFFIXES, read_source


def _cmd_extract_text(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"{args.file}: no such file" if not path.exists() else f"{args.file}: is a folder, not a file")
    if path.suffix.lower() in PDF_SUFFIXES:
        from kg.read.pdf import read_pdf

        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{args.file}: cannot read ({exc.strerror or exc})") from None
        result = read_pdf(data, path.name)
        source = result.source
        dropped = ", ".join(f"p{page} {text!r}" for page, text in result.dropped[:12])
        more = f" and {len(result.dropped) - 12} more" if len(result.dropped) > 12 else ""
        print(f"{path.name}: {result.pages} pages; dropped {len(result.dropped)} header/footer lines"
              + (f": {dropped}{more}" if dropped else ""), file=sys.stderr)
    else:
        source = read_source(path)
    if args.output:
        out = Path(args.output)
        tmp = out.with_name(out.name + ".part")
        try:
            tmp.write_text(source.text, encoding="utf-8", newline="")
            tmp.replace(out)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InputError(f"{args.output}: cannot write ({exc.strerror or exc})") from None
    else:
        sys.stdout.buffer.write(source.text.encode("utf-8"))
        sys.stdout.flush()
    return 0
