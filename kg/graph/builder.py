"""The graph builder: adds the triples of the entities, then of each issue, to its current
graph (see :func:`kg.graph.build_graphs`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.docnumber import number_parts
from kg.ids import make_id
from kg.model import Extraction, Mention, Span
from kg.resolve import Resolution, membership_id, title_mentions
from kg.vocab import (
    DCTERMS, FOAF, GKG, OA, ORG, PREFIXES, PROV, QB, RDF, RDFS, SCHEMA, SKOS, XSD,
    category_concept, genre_concept, role_concept,
)

_ROLE = {"Chair": GKG.Chair, "Lead": GKG.Lead, "Speaker": GKG.Speaker,
         "Accompanying": GKG.Accompanying, "Attendee": GKG.Attendee}
_TYPE = {"Meeting": GKG.Meeting, "Inspection": GKG.Inspection, "Lecture": GKG.Lecture,
         "Ceremony": GKG.Ceremony, "Visit": GKG.Visit, "OtherEvent": GKG.OtherEvent}
# the terms of every span, looked up once (an rdflib namespace attribute is slow to look up)
_TYPE_P, _SPAN_C, _EXACT, _START, _END = RDF.type, GKG.SourceSpan, OA.exact, OA.start, OA.end
_LINE, _FILE, _PAGE, _RULE = GKG.line, GKG.sourceFile, GKG.page, GKG.rule
_NNI, _INT = XSD.nonNegativeInteger, XSD.integer
_DERIVED = PROV.wasDerivedFrom


@functools.lru_cache(maxsize=1 << 16, typed=True)
def lit(value: object, datatype: URIRef | None = None, lang: str | None = None) -> Literal:
    """A literal, made once per value and kept (making an rdflib Literal is slow, and a
    source's name, offsets, line numbers and dates recur on every span)."""
    return Literal(value, datatype=datatype, lang=lang)


def zh(text: str) -> Literal:
    return lit(text, lang="zh")


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


class _Builder:
    def __init__(self, res: Resolution, ontology: Graph, editor_roles: tuple[str, ...] = (),
                 pinyin: Callable[[str], str] | None = None, whole: bool = True) -> None:
        self.editor_roles = editor_roles
        self.pinyin = pinyin
        self.g = new_graph() if whole else None  # every triple (None: only the named graph being built)
        self.part: set[tuple[Node, Node, Node]] = set()  # the triples of the named graph being built
        self.res = res
        self.ontology = ontology
        self.concepts: set[URIRef] = set()
        self.spans: set[Span] = set()
        self.spans_of: object = None

    def add(self, s: Node, p: Node, o: Node) -> None:
        if self.g is not None:
            self.g.add((s, p, o))  # type: ignore[arg-type]
        self.part.add((s, p, o))

    def span(self, span: Span) -> URIRef:
        node = URIRef(make_id("span", span.source, span.start, span.end))
        part = self.part
        if self.spans_of is not part:  # the spans already written into the part being built
            self.spans_of, self.spans = part, set()
        if span in self.spans:
            return node
        self.spans.add(span)
        rows = [(node, _TYPE_P, _SPAN_C), (node, _EXACT, zh(span.exact)),
                (node, _START, lit(span.start, _NNI)), (node, _END, lit(span.end, _NNI)),
                (node, _LINE, lit(span.line, _INT)), (node, _FILE, lit(span.source))]
        if span.page is not None:
            rows.append((node, _PAGE, lit(span.page, _INT)))
        if span.rule:
            rows.append((node, _RULE, lit(span.rule)))
        part.update(rows)
        if self.g is not None:
            for t in rows:
                self.g.add(t)
        return node

    def derived(self, node: URIRef, span: Span) -> None:
        self.add(node, _DERIVED, self.span(span))

    def concept(self, iri: URIRef) -> URIRef:
        self.concepts.add(iri)
        return iri

    # -- entities ----------------------------------------------------------------

    def entities(self) -> None:
        for _ in self.entities_chunks(0):
            pass

    def entities_chunks(self, chunk: int) -> Iterator[set[tuple[Node, Node, Node]]]:
        """Add the entities' triples to ``part``; with ``chunk``, give ``part`` up whenever it
        holds that many and start a new one (the last part is given up too)."""
        for ent in sorted(self.res.persons.values(), key=lambda e: e.id):
            node = URIRef(ent.id)
            self.add(node, RDF.type, FOAF.Person)
            self.add(node, FOAF.name, zh(ent.label))
            for alt in sorted(ent.alt_labels):
                self.add(node, SKOS.altLabel, zh(alt))
            if self.pinyin:
                self.add(node, SKOS.altLabel, lit(self.pinyin(ent.label), lang="zh-latn-pinyin"))
            if chunk and len(self.part) >= chunk:
                yield self.part
                self.part = set()
        for a, b in self.res.homonyms:
            self.add(URIRef(a), GKG.possibleHomonymOf, URIRef(b))
            self.add(URIRef(b), GKG.possibleHomonymOf, URIRef(a))
        for table, cls, up in ((self.res.bodies, ORG.Organization, ORG.subOrganizationOf),
                               (self.res.places, SCHEMA.AdministrativeArea, SCHEMA.containedInPlace)):
            for ent in sorted(table.values(), key=lambda e: e.id):
                node = URIRef(ent.id)
                venue = ent.kind == "place" and ent.category == "venue"  # a hall or a hotel: a place, not an area
                self.add(node, RDF.type, SCHEMA.EventVenue if venue else cls)
                self.add(node, SKOS.prefLabel, zh(ent.label))
                for alt in sorted(ent.alt_labels - {ent.label}):
                    self.add(node, SKOS.altLabel, zh(alt))
                if ent.parent:
                    self.add(node, up, URIRef(ent.parent))
                if ent.category and not venue:
                    self.add(node, ORG.classification, self.concept(category_concept(ent.category)))
                if ent.governs:
                    self.add(node, GKG.governs, URIRef(ent.governs))
                if chunk and len(self.part) >= chunk:
                    yield self.part
                    self.part = set()
        for m in self.res.memberships:
            node = URIRef(m.id)
            self.add(node, RDF.type, ORG.Membership)
            self.add(node, ORG.member, URIRef(m.person))
            self.add(node, GKG.titleText, zh(m.title))
            if m.body and m.role:
                self.add(node, ORG.organization, URIRef(m.body))
                self.add(node, ORG.role, self.concept(role_concept(m.role)))
                post = URIRef(make_id("post", m.body, m.role))
                self.add(post, RDF.type, ORG.Post)
                self.add(post, ORG.postIn, URIRef(m.body))
                self.add(post, ORG.role, role_concept(m.role))
                self.add(post, ORG.heldBy, URIRef(m.person))
            for day in m.attested:
                self.add(node, GKG.attestedOn, lit(day.isoformat(), datatype=XSD.date))
            if m.attested:
                self.add(node, GKG.firstAttested, lit(m.attested[0].isoformat(), datatype=XSD.date))
                self.add(node, GKG.lastAttested, lit(m.attested[-1].isoformat(), datatype=XSD.date))
            if chunk and len(self.part) >= chunk:
                yield self.part
                self.part = set()
        yield self.part

    def attestations(self, x: Extraction) -> None:
        """The spans of an issue that attest memberships (each title written with a name),
        written with the issue, not the entities, so that the entities graph does not grow
        with every mention in the corpus."""
        src = x.issue.source.name
        for name, title, span in title_mentions(x):
            self.derived(URIRef(membership_id(self.res.person_of[(src, name)], title)), span)

    # -- per issue -----------------------------------------------------------------

    def issue(self, x: Extraction) -> URIRef:
        src = x.issue.source.name
        node = URIRef(self.res.issues[src])
        self.add(node, RDF.type, GKG.GazetteIssue)
        if x.issue.title:
            self.add(node, DCTERMS.title, zh(x.issue.title))
        if x.issue.year:
            self.add(node, GKG.issueYear, lit(str(x.issue.year), datatype=XSD.gYear))
        if x.issue.number:
            self.add(node, GKG.issueNumber, lit(x.issue.number, datatype=XSD.integer))
        if x.issue.total:
            self.add(node, GKG.totalNumber, lit(x.issue.total, datatype=XSD.integer))
        if x.issue.publisher:
            self.add(node, DCTERMS.publisher, URIRef(self.res.body_of[(src, x.issue.publisher.text)]))
        for bm in x.board:
            if bm.role.text in self.editor_roles:
                self.add(node, SCHEMA.editor, URIRef(self.res.person_of[(src, bm.person.text)]))
        self.add(node, DCTERMS.source, lit(src))
        self.derived(node, x.issue.span)
        return node

    def body(self, src: str, m: Mention) -> URIRef:
        return URIRef(self.res.body_of[(src, m.text)])

    def documents(self, x: Extraction, issue: URIRef) -> None:
        src = x.issue.source.name
        for d in x.documents:
            node = URIRef(self.res.documents[d.key])
            self.add(node, RDF.type, GKG.Document)
            self.add(node, DCTERMS.title, zh(d.title))
            self.derived(node, d.span)
            if d.number:
                self.add(node, GKG.docNumber, lit(d.number))
                for part, prop in (("code", GKG.issuerCode), ("year", GKG.numberYear), ("serial", GKG.serial)):
                    value = number_parts(d.number).get(part)
                    if value:
                        self.add(node, prop, lit(int(value)) if part != "code" else lit(value))
            if d.number_span:
                self.derived(node, d.number_span)
            if d.part_of:
                parent = URIRef(self.res.documents[d.part_of])
                self.add(parent, DCTERMS.hasPart, node)
                self.add(node, DCTERMS.isPartOf, parent)
            else:
                self.add(node, DCTERMS.isPartOf, issue)
            if d.genre:
                self.add(node, GKG.genre, self.concept(genre_concept(d.genre)))
            if d.issued:
                self.add(node, DCTERMS.issued, lit(d.issued.isoformat(), datatype=XSD.date))
            for m in d.issuers:
                self.add(node, DCTERMS.creator, self.body(src, m))
            for m in d.addressees:
                self.add(node, GKG.addressee, self.body(src, m))
            for c in d.citations:
                cited = URIRef(self.res.documents[c.number])
                self.add(cited, RDF.type, GKG.Document)
                self.add(cited, GKG.docNumber, lit(c.number))
                if c.title:
                    self.add(cited, DCTERMS.title, zh(c.title))
                self.derived(cited, c.span)
                self.add(node, DCTERMS.references, cited)
            for c in d.repeals:
                self.add(node, GKG.repeals, URIRef(self.res.documents[c.number]))

    def references(self, x: Extraction, issue: URIRef) -> None:
        """Every body named in a document or the masthead: ``schema:mentions`` from the
        document (or issue), and a Web Annotation identifying the body at its span."""
        src = x.issue.source.name
        # the terms, looked up once: a body is named hundreds of times an issue
        mentions, a, annotation, motivated, identifying = SCHEMA.mentions, RDF.type, OA.Annotation, OA.motivatedBy, OA.identifying
        has_body, has_target, mention_in = OA.hasBody, OA.hasTarget, GKG.mentionIn
        for ref in x.references:
            body = self.body(src, ref.body)
            holder = URIRef(self.res.documents[ref.document_key]) if ref.document_key else issue
            self.add(holder, mentions, body)
            span = ref.body.span
            note = URIRef(make_id("annotation", span.source, span.start, span.end))
            self.add(note, a, annotation)
            self.add(note, motivated, identifying)
            self.add(note, has_body, body)
            self.add(note, has_target, self.span(span))
            self.add(note, mention_in, holder)

    def events(self, x: Extraction, issue: URIRef) -> None:
        src = x.issue.source.name
        a, associated, qualified, association = RDF.type, PROV.wasAssociatedWith, PROV.qualifiedAssociation, PROV.Association
        prov_agent, had_role = PROV.agent, PROV.hadRole
        for e in x.events:
            node = URIRef(make_id("event", src, e.span.start, e.span.end))
            for t in (GKG.Event, SCHEMA.Event, PROV.Activity):
                self.add(node, RDF.type, t)
            self.add(node, SCHEMA.startDate, lit(e.start.isoformat(), datatype=XSD.date))
            self.add(node, SCHEMA.endDate, lit(e.end.isoformat(), datatype=XSD.date))
            self.add(node, GKG.eventType, self.concept(_TYPE[e.event_type]))
            self.add(node, SCHEMA.description, zh(e.description))
            self.add(node, SCHEMA.recordedIn, issue)
            self.derived(node, e.span)
            for p in e.places:
                self.add(node, SCHEMA.location, URIRef(self.res.place_of[(src, p.written.span.start)]))
            agents = [(URIRef(self.res.person_of[(src, p.name.text)]), p.roles, p.name.span) for p in e.participants]
            agents += [(self.body(src, b.body), b.roles, b.body.span) for b in e.bodies if b.roles]
            for agent, roles, span in agents:
                self.add(node, associated, agent)
                for role in roles:
                    assoc = URIRef(make_id("association", str(node), str(agent), role))
                    self.add(node, qualified, assoc)
                    self.add(assoc, a, association)
                    self.add(assoc, prov_agent, agent)
                    self.add(assoc, had_role, self.concept(_ROLE[role]))
                    self.derived(assoc, span)
            for b in e.bodies:
                if not b.roles:
                    self.add(node, GKG.visitedUnit, self.body(src, b.body))

    def tasks(self, x: Extraction) -> None:
        src = x.issue.source.name
        lead, support = GKG.leadBody, GKG.supportBody
        for t in x.tasks:
            node = URIRef(make_id("task", src, t.span.start, t.span.end))
            self.add(node, RDF.type, GKG.Task)
            self.add(URIRef(self.res.documents[t.document_key]), GKG.task, node)
            self.add(node, SCHEMA.description, zh(t.text))
            self.derived(node, t.span)
            for duty in t.duties:
                self.add(node, lead if duty.role == "lead" else support, self.body(src, duty.body))
            if t.deadline:
                self.add(node, GKG.deadlineText, zh(t.deadline.text))
            if t.deadline_date:
                self.add(node, GKG.deadline, lit(t.deadline_date.isoformat(), datatype=XSD.date))

    def rosters(self, x: Extraction) -> None:
        """A roster line: the person's membership of the group in the roster role."""
        src = x.issue.source.name
        for r in x.rosters:
            node = URIRef(make_id("roster", r.document_key, r.person.text, r.role.text))
            self.add(node, RDF.type, ORG.Membership)
            self.add(node, ORG.member, URIRef(self.res.person_of[(src, r.person.text)]))
            self.add(node, GKG.titleText, zh(r.role.text))
            self.add(node, GKG.rosterOf, URIRef(self.res.documents[r.document_key]))
            if r.post:
                self.add(node, GKG.post, zh(r.post.text))
            if r.group:
                self.add(node, ORG.organization, URIRef(self.res.body_of[(src, r.group)]))
            self.derived(node, r.person.span)
            self.derived(node, r.role.span)

    def tables(self, x: Extraction) -> None:
        """Each table a qb:DataSet; each non-blank cell a qb:Observation."""
        src = x.issue.source.name
        for t in x.tables:
            ds = URIRef(make_id("table", src, t.span.start))
            self.add(ds, RDF.type, QB.DataSet)
            self.add(ds, QB.structure, GKG.TableStructure)
            if t.title:
                self.add(ds, RDFS.label, zh(t.title))
            self.add(URIRef(self.res.documents[t.document_key]), GKG.table, ds)
            self.derived(ds, t.span)
            for c in t.cells:
                obs = URIRef(make_id("observation", src, c.span.start, c.span.end))
                self.add(obs, RDF.type, QB.Observation)
                self.add(obs, QB.dataSet, ds)
                self.add(obs, GKG.rowKey, zh(c.row))
                indicator = URIRef(make_id("indicator", c.column))
                self.add(indicator, RDF.type, SKOS.Concept)
                self.add(indicator, SKOS.prefLabel, zh(c.column))
                self.add(obs, GKG.indicator, indicator)
                self.add(obs, GKG.value, _value(c.value))
                if c.unit:
                    self.add(obs, GKG.unit, zh(c.unit))
                region = self.res.place_of.get((src, c.span.start))
                if region:
                    self.add(obs, GKG.region, URIRef(region))
                self.derived(obs, c.span)

    def commendations(self, x: Extraction) -> None:
        src = x.issue.source.name
        for c in x.commendations:
            node = URIRef(make_id("commendation", c.document_key, c.awardee.text, c.span.start))
            self.add(node, RDF.type, GKG.Commendation)
            self.add(node, GKG.conferredBy, URIRef(self.res.documents[c.document_key]))
            if c.honour:
                self.add(node, GKG.honour, zh(c.honour))
            if c.awardee.kind == "person":
                awardee = URIRef(self.res.person_of[(src, c.awardee.text)])
                if c.affiliation:
                    self.add(awardee, ORG.memberOf, self.body(src, c.affiliation))
            else:
                awardee = self.body(src, c.awardee)
            self.add(node, GKG.awardee, awardee)
            self.derived(node, c.span)

    def vocabulary(self) -> None:
        """Copy the ontology's description of every concept used (labels for queries)."""
        for iri in sorted(self.concepts):
            for _, p, o in sorted(self.ontology.triples((iri, None, None))):
                self.add(iri, p, o)


def _value(text: str) -> Literal:
    """A cell's value: a decimal where it is a number (−0.7, 15), else text as written."""
    number = text.replace("−", "-").rstrip("%")
    try:
        float(number)
    except ValueError:
        return zh(text)
    return lit(number, datatype=XSD.decimal)
