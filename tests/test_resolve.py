"""Stage 4, resolve: written forms → entities, against the issue's own city (invented issue)."""

from __future__ import annotations

import pytest

from kg.pipeline import build
from kg.resolve import decompose_title

INVENTED = """榆川市人民政府公报

2021年第3期

大事记

2月份

1日，市长司马青云主持召开市政府常务会议，市委书记诸葛长风出席会议并讲话。

2日，市发展改革委与桃源县人民政府召开项目推进会。副市长欧阳春晓参加会议。

3日，副市长欧阳春晓到柳河县石门乡调研。

4日，副市长欧阳春晓到桃源县石门乡调研。

5日，副市长上官明月到柳河城区调研。

6日，副市长上官明月到柳河区调研。
"""


@pytest.fixture(scope="module")
def resolution(tmp_path_factory, lexicon):
    path = tmp_path_factory.mktemp("resolve") / "yuchuan.txt"
    path.write_text(INVENTED, encoding="utf-8")
    return build([path], lexicon).resolution


def labels(entities) -> dict[str, object]:
    return {e.label: e for e in entities.values()}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("副县长", ("县政府", "deputy_county_head")),
        ("市委书记", ("市委", "secretary")),
        ("县委常委", ("县委常委会", "standing_committee_member")),
        ("非党员副市长", ("市政府", "vice_mayor")),
        ("市人大常委会副主任", ("市人大常委会", "deputy_director")),
        ("主题教育", (None, None)),
    ],
)
def test_resolve_decompose_title(lexicon, title, expected):
    assert decompose_title(title, lexicon) == expected


def test_resolve_short_body_names_use_the_issue_city(resolution):
    bodies = labels(resolution.bodies)
    assert {"榆川市人民政府", "中共榆川市委员会", "榆川市发展和改革委员会"} <= set(bodies)


def test_resolve_written_form_kept_as_alt_label(resolution):
    assert "市发展改革委" in labels(resolution.bodies)["榆川市发展和改革委员会"].alt_labels


def test_resolve_body_alias_parent(resolution):
    bodies = labels(resolution.bodies)
    assert bodies["榆川市发展和改革委员会"].parent == bodies["榆川市人民政府"].id


def test_resolve_membership_body_and_role(resolution):
    persons = {e.id: e.label for e in resolution.persons.values()}
    bodies = {e.id: e.label for e in resolution.bodies.values()}
    got = sorted((persons[m.person], m.title, bodies.get(m.body), m.role) for m in resolution.memberships)
    assert got == [
        ("上官明月", "副市长", "榆川市人民政府", "vice_mayor"),
        ("司马青云", "市长", "榆川市人民政府", "mayor"),
        ("欧阳春晓", "副市长", "榆川市人民政府", "vice_mayor"),
        ("诸葛长风", "市委书记", "中共榆川市委员会", "secretary"),
    ]


def test_resolve_one_person_per_name(resolution):
    assert sorted(e.label for e in resolution.persons.values()) == ["上官明月", "司马青云", "欧阳春晓", "诸葛长风"]


def test_resolve_same_township_name_in_two_counties_is_two_places(resolution):
    townships = [p for p in resolution.places.values() if p.label == "石门乡"]
    parents = sorted(resolution.places[p.parent].label for p in townships)
    assert parents == ["柳河县", "桃源县"]


def test_resolve_chain_written_form_is_alt_label_of_the_inner_place(resolution):
    township = next(
        p for p in resolution.places.values() if p.label == "石门乡" and resolution.places[p.parent].label == "柳河县"
    )
    assert "柳河县石门乡" in township.alt_labels


def test_resolve_city_district_form_joins_the_attested_district(resolution):
    districts = [p for p in resolution.places.values() if "柳河城区" in p.alt_labels]
    assert [p.label for p in districts] == ["柳河区"]


def test_resolve_ids_are_stable_across_builds(tmp_path, lexicon, resolution):
    path = tmp_path / "yuchuan.txt"
    path.write_text(INVENTED, encoding="utf-8")
    again = build([path], lexicon).resolution
    assert sorted(again.persons) == sorted(resolution.persons) and sorted(again.places) == sorted(resolution.places)


BARE_THEN_SCOPED = "榆川市人民政府公报\n\n2021年第3期\n\n大事记\n\n2月份\n\n1日，副市长欧阳春晓到石门乡调研。\n\n2日，副市长欧阳春晓到桃源县石门乡调研。\n"
SCOPED_THEN_BARE = "榆川市人民政府公报\n\n2021年第3期\n\n大事记\n\n2月份\n\n1日，副市长欧阳春晓到桃源县石门乡调研。\n\n2日，副市长欧阳春晓到石门乡调研。\n"


def _bare_mention_location_parent(tmp_path, lexicon, text: str, day: int) -> str | None:
    from kg.vocab import SCHEMA, SKOS

    path = tmp_path / f"order-{day}.txt"
    path.write_text(text, encoding="utf-8")
    result = build([path], lexicon)
    g = result.graph
    (event,) = [e for e in g.subjects(SCHEMA.startDate, None) if str(g.value(e, SCHEMA.startDate)) == f"2021-02-0{day}"]
    place = g.value(event, SCHEMA.location)
    parent = g.value(place, SCHEMA.containedInPlace)
    return str(g.value(parent, SKOS.prefLabel)) if parent is not None else None


def test_resolve_bare_township_location_does_not_depend_on_entry_order(tmp_path, lexicon):
    first = _bare_mention_location_parent(tmp_path, lexicon, BARE_THEN_SCOPED, 1)
    last = _bare_mention_location_parent(tmp_path, lexicon, SCOPED_THEN_BARE, 2)
    assert first == last


def test_resolve_title_mentions_are_the_memberships_and_attest_them_in_the_graph(tmp_path, lexicon):
    """The graph writes each membership's attesting spans from ``title_mentions`` of the issue
    it builds; the resolution made the memberships from its own reading of the same titles.
    Both readings must give the same memberships, and every mention its span in the graph."""
    import shutil
    from pathlib import Path

    from rdflib import URIRef
    from rdflib.namespace import PROV

    from kg.ids import make_id
    from kg.resolve import membership_id, title_mentions

    paths = []
    for name in ("invented-series-1.txt", "invented-series-2.txt", "invented-documents-a.txt", "invented-chronicle-b.txt"):
        shutil.copy(Path(__file__).parent / "gold" / "sources" / name, tmp_path / name)  # rosters, mastheads, chronicles
        paths.append(tmp_path / name)
    (tmp_path / "yuchuan.txt").write_text(INVENTED, encoding="utf-8")
    result = build([*paths, tmp_path / "yuchuan.txt"], lexicon)
    res = result.resolution
    mentioned = {}
    for x in result.extractions:
        src = x.issue.source.name
        for name, title, span in title_mentions(x):
            mentioned.setdefault(membership_id(res.person_of[(src, name)], title), set()).add(span)
    assert len(mentioned) > 5 and {m.id for m in res.memberships} == set(mentioned)
    kinds = {x.issue.source.name: (bool(x.rosters), bool(x.board)) for x in result.extractions}
    assert any(r for r, _ in kinds.values()) and any(b for _, b in kinds.values())  # every kind of mention is read
    for mid, spans in mentioned.items():
        derived = set(result.graph.objects(URIRef(mid), PROV.wasDerivedFrom))
        assert {URIRef(make_id("span", s.source, s.start, s.end)) for s in spans} <= derived


COUNTIES = ("榆川市人民政府公报\n\n2021年第3期\n\n大事记\n\n2月份\n\n"
            "1日，副市长欧阳春晓到婺源县调研。\n\n"
            "2日，副市长欧阳春晓到榆溪市东湖区调研。\n\n"
            "3日，副市长欧阳春晓到东湖区调研。\n\n"
            "4日，副市长欧阳春晓到朝阳区调研。\n\n"
            "5日，副市长欧阳春晓到桐川县调研。\n")


def test_resolve_a_county_named_alone_belongs_where_the_division_list_puts_it(tmp_path, lexicon):
    """data/lexicon/counties.tsv gives a county the text names alone its prefecture (and the
    gazetteer the prefecture its province); a parent the corpus writes wins over the list; a
    name two divisions share (朝阳区) and one the list lacks stay without one."""
    path = tmp_path / "counties.txt"
    path.write_text(COUNTIES, encoding="utf-8")
    res = build([path], lexicon).resolution
    places = labels(res.places)

    def parent(label):
        up = places[label].parent
        return res.places[up].label if up else None

    assert parent("婺源县") == lexicon.county_parents["婺源县"] == "上饶市"
    assert parent("上饶市") == "江西省"
    assert parent("东湖区") == "榆溪市" != lexicon.county_parents["东湖区"]
    assert "朝阳区" not in lexicon.county_parents and parent("朝阳区") is None
    assert parent("桐川县") is None


def test_counties_list_names_each_county_once_under_a_known_place(lexicon):
    rows = [line.split("\t") for line in (lexicon_dir() / "counties.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")][1:]
    names = [r[0] for r in rows]
    assert len(names) == len(set(names)) > 2000
    assert all(r[1] in lexicon.gazetteer.parent and len(r[2]) == 6 and r[2].isdigit() for r in rows)
    assert not set(names) & set(lexicon.gazetteer.parent)


def lexicon_dir():
    from kg.resources import resource_dir

    return resource_dir("data") / "lexicon"


VENUES = ("榆川市人民政府公报\n\n2021年第3期\n\n大事记\n\n2月份\n\n"
          "1日，榆川市招商引资推介会在桐川国际会展中心举行。副市长欧阳春晓出席。\n\n"
          "2日，副市长欧阳春晓到桐川县调研。\n")


def test_resolve_a_venue_is_an_event_venue_not_an_administrative_area(tmp_path, lexicon):
    from kg.vocab import RDF, SCHEMA, SKOS

    path = tmp_path / "venues.txt"
    path.write_text(VENUES, encoding="utf-8")
    g = build([path], lexicon).graph
    types = {str(g.value(p, SKOS.prefLabel)): set(g.objects(p, RDF.type)) for p in g.objects(None, SCHEMA.location)}
    assert types == {"桐川国际会展中心": {SCHEMA.EventVenue}, "桐川县": {SCHEMA.AdministrativeArea}}
