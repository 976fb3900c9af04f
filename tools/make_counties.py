"""Write ``data/lexicon/counties.tsv``: each county-level division of China with the place it
belongs to, so that resolution can give a county the parent the text leaves out (会泽县 →
its prefecture → its province).

The source is the division list (GB/T 2260 codes, as published by the National Bureau of
Statistics) shipped in the ``cpca`` package's ``resources/adcodes.csv`` (MIT licence); it is
read once here, so ``cpca`` and its dependencies are not needed at run time::

    pip download cpca==0.5.5 --no-deps -d /tmp/cpca
    unzip -o /tmp/cpca/cpca-0.5.5-py3-none-any.whl 'cpca/resources/adcodes.csv' -d /tmp/cpca
    python tools/make_counties.py /tmp/cpca/cpca/resources/adcodes.csv > data/lexicon/counties.tsv

Kept: names that name one division only, whose parent the gazetteer (``places.tsv``) knows.
Left out: names two divisions share (朝阳区, 鼓楼区: the text must say which), the
placeholders the list uses for a prefecture level that does not exist (市辖区, 县,
省直辖县级行政区划: their counties belong to the province or municipality itself), and
two-character names ending in 区 (城区, 郊区, 矿区), which read as common words.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def main(adcodes: str) -> int:
    with open(adcodes, encoding="utf-8", newline="") as fh:
        names = {row["adcode"][:6]: row["name"].strip() for row in csv.DictReader(fh)}
    gazetteer = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "places.tsv"
    known = {line.split("\t")[0] for line in gazetteer.read_text(encoding="utf-8").splitlines()[1:] if line.strip()}
    counties = {code: name for code, name in names.items() if not code.endswith("00") and name not in PLACEHOLDERS}
    shared = {name for name, n in Counter(counties.values()).items() if n > 1}
    rows = []
    for code, name in sorted(counties.items()):
        if name in shared or name in known or (len(name) == 2 and name.endswith("区")):
            continue
        parent = names.get(code[:4] + "00", "")
        if parent in PLACEHOLDERS or not parent:
            parent = names.get(code[:2] + "0000", "")
        if parent in known:
            rows.append((name, parent, code))
    out = sys.stdout
    out.write("# County-level divisions and the prefecture (or province, municipality) each belongs to,\n"
              "# from the GB/T 2260 division list as shipped in cpca 0.5.5 (MIT): see tools/make_counties.py.\n"
              "# Names two divisions share are left out. Codes are the six-digit division codes.\n")
    out.write("name\tparent\tcode\n")
    for row in sorted(rows, key=lambda r: r[2]):
        out.write("\t".join(row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
