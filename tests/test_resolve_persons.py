"""One person across issues: joined on name plus compatible posts, homonyms flagged,
researchers' decisions replayed."""

import pytest

ISSUE = """榆溪市人民政府公报

2021年第{n}期

大事记

{n}月份

3日，{title}{name}主持召开会议。
"""


def write(tmp_path, stem, n, title, name="钱多多"):
    path = tmp_path / f"{stem}.txt"
    path.write_text(ISSUE.format(n=n, title=title, name=name), encoding="utf-8")
    return path


def persons(result, name):
    from kg.vocab import FOAF, RDF

    g = result.graph
    return sorted(p for p in g.subjects(RDF.type, FOAF.Person) if any(str(n) == name for n in g.objects(p, FOAF.name)))


def test_persons_same_name_and_body_in_two_issues_is_one_person(tmp_path, lexicon):
    from kg.pipeline import build

    paths = [write(tmp_path, "a", 3, "副市长"), write(tmp_path, "b", 4, "市长")]
    assert len(persons(build(paths, lexicon), "钱多多")) == 1


def test_persons_same_name_with_disjoint_bodies_are_kept_apart_and_flagged(tmp_path, lexicon):
    from kg.pipeline import build
    from kg.vocab import GKG

    paths = [write(tmp_path, "a", 3, "副市长"), write(tmp_path, "b", 4, "市公安局局长")]
    result = build(paths, lexicon)
    a, b = persons(result, "钱多多")
    assert (a, GKG.possibleHomonymOf, b) in result.graph and (b, GKG.possibleHomonymOf, a) in result.graph


def test_persons_decisions_join_two_forms_and_keep_a_pair_apart(tmp_path, lexicon):
    from kg.pipeline import build

    paths = [write(tmp_path, "a", 3, "副市长"), write(tmp_path, "b", 4, "副市长"),
             write(tmp_path, "c", 5, "副市长", name="钱多朵")]
    decisions = tmp_path / "decisions.tsv"
    decisions.write_text("# judgement\tname\tsource\tname\tsource\n"
                         "negative\t钱多多\ta.txt\t钱多多\tb.txt\n"
                         "positive\t钱多朵\tc.txt\t钱多多\tb.txt\n", encoding="utf-8")
    result = build(paths, lexicon, decisions=decisions)
    assert len(persons(result, "钱多多")) == 2
    assert result.resolution.person_of[("c.txt", "钱多朵")] == result.resolution.person_of[("b.txt", "钱多多")]


def test_persons_bad_decisions_file_is_one_clean_error(tmp_path):
    import subprocess
    import sys

    path = write(tmp_path, "a", 3, "副市长")
    bad = tmp_path / "d.tsv"
    bad.write_text("maybe\t甲\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "kg", "build", str(path), "--output", str(tmp_path / "o.ttl"),
                          "--decisions", str(bad)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1 and not (tmp_path / "o.ttl").exists()


def test_persons_decisions_reach_a_store_resolved_apart(tmp_path, lexicon):
    """A store build with workers resolves in a process of its own: the decisions go with it."""
    import pyoxigraph as ox

    from kg.pipeline import Parallel, build
    from kg.store import open_store

    paths = [write(tmp_path, "a", 3, "副市长"), write(tmp_path, "b", 4, "副市长"),
             write(tmp_path, "c", 5, "副市长", name="钱多朵")]
    decisions = tmp_path / "decisions.tsv"
    decisions.write_text("negative\t钱多多\ta.txt\t钱多多\tb.txt\n"
                         "positive\t钱多朵\tc.txt\t钱多多\tb.txt\n", encoding="utf-8")
    here = build(paths, lexicon, decisions=decisions)
    build(paths, lexicon, decisions=decisions, store=tmp_path / "s", whole=False, parallel=Parallel(jobs=2))
    names = "SELECT ?p ?n WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> ; <http://xmlns.com/foaf/0.1/name> ?n }"
    stored = {(r["p"].value, r["n"].value) for r in open_store(tmp_path / "s").query(names, use_default_graph_as_union=True)}
    store = ox.Store()
    store.load(here.graph.serialize(format="nt11", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    expected = {(r["p"].value, r["n"].value) for r in store.query(names)}
    assert stored == expected
    assert len({p for p, n in expected if n == "钱多多"}) == 2
