"""A deterministic synthetic corpus of gazette issues (政府公报) for benchmarks.

Every issue is a UTF-8 text shaped like the shipped sample ``data/corpus/qujing-gazette-2019-12.txt``:
a masthead with its editorial board, a table of contents, official documents (title, number
on its own line, addressees, body, numbered duties with lead and support bodies and deadlines,
citations and repeals of earlier documents, commendation lists, rosters, tab-separated tables,
signature and date, attached plans and measures) and a chronicle (大事记) of day-dated entries.

    python benchmarks/gen_corpus.py --issues 1000 --seed 1 --out /tmp/gen1000 [--chars 50000]

Cities, provinces, persons, bodies and places are invented from the vocabularies in
``benchmarks/gen_data/`` (one item per line). Issues belong to cities of provinces, twelve
monthly issues per city-year; a city keeps its officials, bodies and places across its issues
(with occasional changes of post, announced in the chronicle), numbers its documents per year
and cites and repeals its own earlier documents. The same arguments give byte-identical files:
one ``random.Random(seed)`` drives everything, in a fixed order, and no date comes from the
clock. The issues of a smaller run are the first issues of a larger one with the same seed.

The corpus measures speed and scale only; it is never used as accuracy gold.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "gen_data"
DEFAULT_CHARS = 50_000  # about the sample's size
ENTRIES_PER_ISSUE = 100  # chronicle entries at the default size
DOCUMENTS_PER_ISSUE = 10

# PDF-extraction noise, at fixed low rates
NOISE_PARAGRAPH_BREAK = 0.05  # a long paragraph broken mid-word at a page break
NOISE_PAGE_NUMBER = 0.5  # … with a page-number line between the halves
NOISE_ENTRY_BREAK = 0.02  # a chronicle entry broken mid-word
NOISE_NAME_SPACE = 0.005  # a stray space inside a person's name in the chronicle
NOISE_NUMBER_SPACE = 0.06  # a space before 号 in a document-number line
NOISE_TITLE_SPACE = 0.15  # a stray space inside a title line

CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 35 → 三十五, 105 → 一百零五, 120 → 一百二十 (up to 999)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[units] if units else "")
    hundreds, rest = divmod(n, 100)
    if not rest:
        return CN_DIGITS[hundreds] + "百"
    return CN_DIGITS[hundreds] + "百" + ("零" + CN_DIGITS[rest] if rest < 10 else CN_DIGITS[rest // 10] + "十" + (CN_DIGITS[rest % 10] if rest % 10 else ""))


def cn_date(y: int, m: int, d: int) -> str:
    """2021, 2, 26 → 二〇二一年二月二十六日."""
    return "".join(CN_DIGITS[int(c)] for c in str(y)) + f"年{cn_number(m)}月{cn_number(d)}日"


class Rng(random.Random):
    """``random.Random`` with a faster ``choice``, ``randint`` and distinct picks (their
    pure-Python versions dominate the run time otherwise). Deterministic for a seed like its base."""

    def choice(self, seq):  # type: ignore[no-untyped-def,override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def distinct(self, seq, k: int):  # type: ignore[no-untyped-def]
        """k different items of ``seq`` (k much smaller than len(seq))."""
        out = []
        while len(out) < k:
            x = seq[int(self.random() * len(seq))]
            if x not in out:
                out.append(x)
        return out


def _read(name: str) -> list[str]:
    out: list[str] = []
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#") and line not in out:
            out.append(line)
    return out


@dataclass(frozen=True)
class Vocab:
    surnames: list[str]
    given: list[str]
    heads: list[str]
    city_tails: list[str]
    county_tails: list[str]
    provinces: list[str]
    avoid: frozenset[str]
    core_departments: list[list[str]]
    extra_departments: list[list[str]]
    county_units: list[str]
    town_units: list[str]
    topics: list[str]
    fields: list[str]
    actions: list[str]
    goals: list[str]
    sentences: list[str]
    principles: list[str]
    slogans: list[str]
    metrics: list[str]
    company_words: list[str]
    company_heads: list[str]

    @classmethod
    def load(cls) -> Vocab:
        deps = _read("departments.txt")
        units = _read("units.txt")
        return cls(
            surnames=_read("surnames.txt"),
            given=_read("given_chars.txt"),
            heads=_read("place_heads.txt"),
            city_tails=_read("city_tails.txt"),
            county_tails=_read("county_tails.txt"),
            provinces=_read("provinces.txt"),
            avoid=frozenset(_read("avoid_names.txt")),
            core_departments=[d[1:].split("|") for d in deps if d.startswith("*")],
            extra_departments=[d.split("|") for d in deps if not d.startswith("*")],
            county_units=[u for u in units if not u.startswith("@")],
            town_units=[u[1:] for u in units if u.startswith("@")],
            topics=_read("topics.txt"),
            fields=_read("fields.txt"),
            actions=_read("actions.txt"),
            goals=_read("goals.txt"),
            sentences=_read("sentences.txt"),
            principles=_read("principles.txt"),
            slogans=_read("slogans.txt"),
            metrics=_read("metrics.txt"),
            company_words=_read("companies.txt"),
            company_heads=_read("company_heads.txt"),
        )


# --- the world: provinces, cities, officials ----------------------------------------------

# slot → title as the chronicle writes it (the secretary and mayor vary, see City.title)
TITLES = {
    "secretary": "市委书记",
    "mayor": "市委副书记、市长",
    "deputy_secretary": "市委副书记",
    "executive": "市委常委、常务副市长",
    "vice_party": "市委常委、副市长",
    "vice1": "副市长",
    "vice2": "副市长",
    "vice3": "副市长",
    "vice4": "副市长",
    "discipline": "市委常委、市纪委书记、市监委主任",
    "organization": "市委常委、市委组织部部长",
    "propaganda": "市委常委、市委宣传部部长",
    "npc": "市人大常委会主任",
    "npc_vice1": "市人大常委会副主任",
    "npc_vice2": "市人大常委会副主任",
    "cppcc": "市政协主席",
    "cppcc_vice1": "市政协副主席",
    "cppcc_vice2": "市政协副主席",
    "secgen": "市政府秘书长",
    "party_secgen": "市委秘书长",
    "deputy_party_secgen": "市委副秘书长",
}
VICES = ["vice1", "vice2", "vice3", "vice4"]
STANDING = ["mayor", "deputy_secretary", "discipline", "organization", "propaganda", "executive", "vice_party"]
LEADERS = ["secretary", "mayor", "deputy_secretary", "executive", "vice_party", *VICES]
GOVERNMENT = ["executive", "vice_party", *VICES]


@dataclass
class Record:
    """A document of a city or province, for later citations and repeals."""

    number: str
    title: str  # with its issuer
    topic: str
    kind: str


@dataclass
class Province:
    name: str
    short: str
    capital: str
    governor: str
    vice_governors: list[str]
    records: list[Record] = field(default_factory=list)
    serial: dict[tuple[str, int], int] = field(default_factory=dict)


@dataclass
class City:
    index: int
    stem: str  # 榆溪
    short: str  # 榆 (the code of its document numbers)
    province: Province
    counties: list[str]
    towns: dict[str, list[str]]
    departments: list[str]
    heads: dict[str, str]  # department → its head
    posts: dict[str, str]  # slot → person
    board: list[str]  # editorial board members (the director is the secretary-general)
    board_deputy: str
    editors: list[str]
    senior: bool  # the secretary sits on the provincial standing committee
    term: int  # of the people's government and congress
    total: int  # issues printed so far (总第N期)
    masthead_spaced: bool
    phone: str
    postcode: str
    address: str
    printer: str
    counters: dict[str, int] = field(default_factory=dict)  # meetings and sessions
    serial: dict[tuple[str, int], int] = field(default_factory=dict)  # document numbers per code and year
    records: list[Record] = field(default_factory=list)  # printed documents
    history: list[Record] = field(default_factory=list)  # earlier documents, never printed
    acting: int = 0  # issues the mayor is still 代理市长

    @property
    def name(self) -> str:
        return self.stem + "市"

    @property
    def zone(self) -> str:
        return self.stem + "经济技术开发区"

    @property
    def zone_short(self) -> str:
        return self.stem + "经开区"

    def title(self, slot: str) -> str:
        if slot == "secretary":
            return "省委常委、市委书记" if self.senior else "市委书记"
        if slot == "mayor" and self.acting:
            return "市委副书记、代理市长"
        return TITLES[slot]

    def next(self, counter: str, step: int = 1) -> int:
        self.counters[counter] = self.counters.get(counter, 0) + step
        return self.counters[counter]


class Generator:
    """Builds issues one after another; all state lives here and every choice comes from ``rng``."""

    def __init__(self, seed: int, chars: int | None) -> None:
        self.rng = Rng(seed)
        self.v = Vocab.load()
        self.chars = chars or DEFAULT_CHARS
        weights = [1 / (i + 1) ** 0.7 for i in range(len(self.v.surnames))]
        for i, s in enumerate(self.v.surnames):
            if len(s) > 1:
                weights[i] = 0.02  # compound surnames are rare
        total = sum(weights)
        self.surname_cum = [sum(weights[: i + 1]) / total for i in range(len(weights))]
        self.used_names: set[str] = set()
        self.used_places: set[str] = set(self.v.avoid)
        province_shorts = {p[0] for p in self.v.provinces}
        self.free_heads = [h for h in self.v.heads if h not in province_shorts]
        self.used_shorts: set[str] = set()
        self.provinces: list[Province] = []
        self.cities: list[City] = []
        self.province_cities = 0  # cities still to come in the current province
        self.persons: list[str] = []  # names named in the issue being built (ordered, may repeat)

    # -- names ----------------------------------------------------------------------------

    def person(self) -> str:
        """A fresh invented name, never used before in the corpus."""
        rng = self.rng
        while True:
            surname = rng.choices(self.v.surnames, cum_weights=self.surname_cum)[0]
            given = rng.choice(self.v.given) + ("" if rng.random() < 0.22 or len(surname) > 1 else rng.choice(self.v.given))
            name = surname + given
            if name not in self.used_names and given[0] != surname:
                self.used_names.add(name)
                return name

    def place(self, tails: list[str]) -> str:
        """A fresh invented place stem (two characters), never a real name from avoid_names.txt."""
        rng = self.rng
        for _ in range(10_000):
            stem = rng.choice(self.v.heads) + rng.choice(tails)
            if stem not in self.used_places and stem[0] != stem[1]:
                self.used_places.add(stem)
                return stem
        raise RuntimeError("the place vocabulary is exhausted; add characters to gen_data/place_heads.txt")

    # -- the world ------------------------------------------------------------------------

    def new_province(self) -> Province:
        rng = self.rng
        k = len(self.provinces)
        if k < len(self.v.provinces):
            stem = self.v.provinces[k]
            short = stem[0]
        else:  # the list is used up: a two-character code keeps numbers apart
            stem = self.place(self.v.county_tails)
            short = stem
        capital = self.place(self.v.city_tails) + "市"
        p = Province(stem + "省", short, capital, self.person(), [self.person() for _ in range(4)])
        for _ in range(rng.randint(4, 8)):  # documents of the province that cities will cite
            self.province_record(p, rng.randint(2014, 2020))
        self.provinces.append(p)
        return p

    def province_record(self, p: Province, year: int) -> Record:
        rng = self.rng
        office = rng.random() < 0.5
        code = p.short + ("政办发" if office else "政发")
        serial = p.serial.get((code, year), rng.randint(1, 20)) + rng.randint(1, 30)
        p.serial[(code, year)] = serial
        topic = rng.choice(self.v.topics)
        issuer = p.name + ("人民政府办公厅" if office else "人民政府")
        verb = rng.choice(["加快推进", "进一步加强", "全面推进", "深化"])
        ending = rng.choice(["的意见", "的实施意见", "的通知", "的指导意见"])
        if rng.random() < 0.4:
            title = f"{issuer}关于印发{p.name}{topic}实施方案的通知"
        else:
            title = f"{issuer}关于{verb}{topic}工作{ending}"
        r = Record(f"{code}〔{year}〕{serial}号", title, topic, "province")
        p.records.append(r)
        return r

    def new_city(self, start_year: int) -> City:
        rng = self.rng
        if self.province_cities <= 0 or not self.provinces:
            self.new_province()
            self.province_cities = rng.randint(4, 8)
        self.province_cities -= 1
        province = self.provinces[-1]
        stem = ""
        for _ in range(10_000):
            stem = self.place(self.v.city_tails)
            if stem[0] in self.free_heads and stem[0] not in self.used_shorts:
                break
            if not any(h not in self.used_shorts for h in self.free_heads):
                break  # every head is taken: the city is coded by its stem
        short = stem[0] if stem[0] not in self.used_shorts and stem[0] in self.free_heads else stem
        self.used_shorts.add(short)
        n_counties = rng.randint(6, 11)
        counties: list[str] = []
        for i in range(n_counties):
            kind = "区" if i < rng.randint(1, 3) else ("市" if rng.random() < 0.12 else "县")
            counties.append(self.place(self.v.county_tails) + kind)
        towns = {}
        for c in counties:
            towns[c] = [
                self.place(self.v.county_tails) + rng.choice(["镇", "镇", "乡", "街道"]) for _ in range(rng.randint(3, 6))
            ]
        extras = rng.sample(self.v.extra_departments, rng.randint(12, len(self.v.extra_departments)))
        departments = [rng.choice(d) for d in self.v.core_departments] + [rng.choice(d) for d in extras]
        posts = {slot: self.person() for slot in TITLES}
        street = rng.choice(self.v.heads) + rng.choice(["华", "兴", "昌", "宁", "和", "平"]) + rng.choice(["路", "街", "大道"])
        city = City(
            index=len(self.cities),
            stem=stem,
            short=short,
            province=province,
            counties=counties,
            towns=towns,
            departments=departments,
            heads={d: self.person() for d in departments},
            posts=posts,
            board=[self.person() for _ in range(rng.randint(8, 13) * 2)],
            board_deputy=self.person(),
            editors=[],
            senior=rng.random() < 0.3,
            term=rng.randint(4, 8),
            total=rng.randint(40, 300),
            masthead_spaced=rng.random() < 0.5,
            phone=f"0{rng.randint(700, 999)}-{rng.randint(2100000, 8999999)}",
            postcode=f"{rng.randint(51, 79)}{rng.randint(0, 9)}{rng.randint(0, 9)}00",
            address=f"{stem}市{street}{rng.randint(1, 199)}号",
            printer=f"{stem}{rng.choice(self.v.company_heads)}印刷有限公司",
        )
        city.editors = [rng.choice(city.board), self.person()]
        for key, lo, hi in (("exec", 1, 60), ("standing", 20, 140), ("npc", 1, 30), ("cppcc", 1, 20), ("party_group", 1, 10)):
            city.counters[key] = rng.randint(lo, hi)
        for _ in range(rng.randint(10, 18)):  # earlier documents, cited and repealed but never printed
            year = rng.randint(start_year - 4, start_year - 1)
            kind = rng.choice(["notice", "plan", "measures", "group", "implement"])
            office = rng.random() < 0.6
            code = city.short + ("政办发" if office else "政发")
            serial = city.serial.get((code, year), 0) + rng.randint(1, 25)
            city.serial[(code, year)] = serial
            topic = rng.choice(self.v.topics)
            title = self.doc_title(city, kind, topic, year, office=office)
            city.history.append(Record(f"{code}〔{year}〕{serial}号", title, topic, kind))
        city.serial = {}  # the printed years start afresh (history years are earlier)
        self.cities.append(city)
        return city

    def doc_title(self, city: City, kind: str, topic: str, year: int, office: bool) -> str:
        issuer = city.name + ("人民政府办公室" if office else "人民政府")
        return issuer + self.subject(city, kind, topic, year)

    def subject(self, city: City, kind: str, topic: str, year: int, extra: str = "") -> str:
        rng = self.rng
        if kind == "plan":
            return f"关于印发{city.name}{topic}{extra or '实施方案'}的通知"
        if kind == "measures":
            return f"关于印发{city.name}{topic}{extra or '专项资金管理办法'}的通知"
        if kind == "group":
            return f"关于成立{city.name}{topic}工作领导小组的通知"
        if kind == "implement":
            return f"关于贯彻落实{city.province.name}人民政府办公厅关于{rng.choice(['加快推进', '进一步加强', '全面推进'])}{topic}工作的指导意见的通知"
        verb = rng.choice(["做好", "切实做好", "进一步加强", "加强", "扎实推进", "加快推进"])
        return f"关于{verb}{year}年度{topic}工作的通知" if rng.random() < 0.4 else f"关于{verb}{topic}工作的通知"

    def advance(self, city: City) -> list[str]:
        """Changes of post before an issue; returns chronicle sentences that announce them."""
        rng = self.rng
        news: list[str] = []
        c = city
        if c.acting:
            c.acting -= 1
            if not c.acting:
                session = c.next("npc")
                news.append(
                    f"{c.name}第{cn_number(c.term)}届人民代表大会第{cn_number(session % 9 + 1)}次会议举行。{self.t(c, 'npc')}主持会议。"
                    f"会议选举{self.n(c.posts['mayor'])}为{c.name}人民政府市长。"
                )
        if rng.random() < 0.015 and not c.acting:  # a new mayor, acting until elected
            old, new = c.posts["mayor"], self.person()
            c.posts["mayor"] = new
            c.acting = rng.randint(1, 3)
            news.append(
                f"市{cn_number(c.term)}届人大常委会举行第{cn_number(c.next('npc') % 40 + 1)}次会议。{self.t(c, 'npc')}主持会议。"
                f"会议决定接受{self.n(old)}因工作调动辞去{c.name}人民政府市长职务的请求，任命{self.n(new)}为{c.name}人民政府副市长，"
                f"决定{self.n(new)}为{c.name}人民政府代理市长。"
            )
        elif rng.random() < 0.03:  # the executive vice mayor leaves; a vice mayor is promoted
            src = rng.choice(["vice_party", *VICES])
            old = c.posts["executive"]
            c.posts["executive"], c.posts[src] = c.posts[src], self.person()
            news.append(
                f"市{cn_number(c.term)}届人大常委会举行第{cn_number(c.next('npc') % 40 + 1)}次会议。{self.t(c, 'npc')}主持会议。"
                f"会议决定免去{self.n(old)}的{c.name}人民政府常务副市长职务，任命{self.n(c.posts['executive'])}为{c.name}人民政府常务副市长，"
                f"任命{self.n(c.posts[src])}为{c.name}人民政府副市长。"
            )
        elif rng.random() < 0.12:  # a vice mayor is replaced
            slot = rng.choice(VICES)
            old, new = c.posts[slot], self.person()
            c.posts[slot] = new
            news.append(
                f"市{cn_number(c.term)}届人大常委会举行第{cn_number(c.next('npc') % 40 + 1)}次会议。{self.t(c, 'npc')}主持会议。"
                f"会议决定任命{self.n(new)}为{c.name}人民政府副市长，免去{self.n(old)}的{c.name}人民政府副市长职务。"
            )
        if rng.random() < 0.01:
            c.posts["secretary"] = self.person()
            c.senior = rng.random() < 0.3
        for slot, p in (("secgen", 0.05), ("deputy_party_secgen", 0.05), ("npc_vice1", 0.02), ("cppcc_vice2", 0.02),
                        ("propaganda", 0.02), ("organization", 0.02)):
            if rng.random() < p:
                c.posts[slot] = self.person()
        if rng.random() < 0.15:  # a department gets a new head
            c.heads[rng.choice(c.departments)] = self.person()
        if rng.random() < 0.1:  # the editorial board changes a member
            c.board[rng.randrange(len(c.board))] = self.person()
        if rng.random() < 0.05:
            c.board_deputy = self.person()
        return news

    # -- persons in text --------------------------------------------------------------------

    def n(self, name: str, noise: bool = False) -> str:
        """A person's name as printed (recorded as named in the issue)."""
        self.persons.append(name)
        if noise and len(name) >= 2 and self.rng.random() < NOISE_NAME_SPACE:
            return name[0] + " " + name[1:]
        return name

    def t(self, c: City, slot: str) -> str:
        """Title and name: 市委常委、常务副市长卜承彦."""
        return c.title(slot) + self.n(c.posts[slot], noise=True)

    def padded(self, name: str) -> str:
        """Two-character names padded to three, as mastheads and lists print them: 冯 平."""
        self.persons.append(name)
        return f"{name[0]} {name[1]}" if len(name) == 2 else name

    def vices(self, c: City, k: int) -> str:
        """副市长甲、乙 for k vice mayors."""
        names = self.rng.sample(VICES, k)
        return "副市长" + "、".join(self.n(c.posts[s], noise=True) for s in sorted(names))

    # -- prose -------------------------------------------------------------------------------

    def actor(self, c: City) -> str:
        rng = self.rng
        return rng.choice(["各县（市、区）", "各级各部门", "市直有关部门", "各地各有关单位", "市" + rng.choice(c.departments), c.zone_short])

    def sentence(self, c: City, topic: str, year: int) -> str:
        rng = self.rng
        v = self.v
        r = rng.random()
        if r < 0.28:
            a, b = rng.distinct(v.actions, 2)
            return f"{self.actor(c)}要{a}，{b}，{rng.choice(v.goals)}。"
        if r < 0.5:
            a, b, d = rng.distinct(v.actions, 3)
            return f"{a}，{b}，{d}，{rng.choice(v.goals)}。"
        if r < 0.58:
            return f"坚持“{rng.choice(v.principles)}”的原则，{rng.choice(v.actions)}，{rng.choice(v.goals)}。"
        if r < 0.68:
            a, b = rng.distinct(v.actions, 2)
            return f"围绕{topic}工作，{a}，{b}，{rng.choice(v.goals)}。"
        if r < 0.76:
            what = rng.choice(["覆盖率", "达标率", "完成率", "满意度", "知晓率"])
            return f"到{year + rng.randint(0, 2)}年底，全市{topic}{what}达到{rng.randint(60, 99)}%以上，{rng.choice(v.goals)}。"
        return rng.choice(v.sentences)

    def paragraph(self, c: City, topic: str, year: int, k: int | None = None) -> str:
        k = k or self.rng.randint(2, 5)
        return "".join(self.sentence(c, topic, year) for _ in range(k))

    def cite(self, c: City, topic: str) -> str:
        """《title》（number） of an earlier document of the city or its province."""
        rng = self.rng
        pool: list[Record]
        r = rng.random()
        if r < 0.5 and c.records:
            same = [x for x in c.records if x.topic == topic]
            pool = same if same and rng.random() < 0.5 else c.records[-30:]
        elif r < 0.7:
            pool = c.history
        else:
            p = c.province
            if rng.random() < 0.15:
                self.province_record(p, rng.randint(2014, 2022))
            pool = p.records
        rec = rng.choice(pool)
        return f"《{rec.title}》（{rec.number}）"

    def number_only(self, c: City) -> str:
        rng = self.rng
        pool = c.records[-30:] if c.records and rng.random() < 0.6 else c.history
        return rng.choice(pool).number

    def deadline(self, year: int) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            return f"{year + (rng.random() < 0.3)}年{rng.randint(1, 12)}月底前"
        if r < 0.65:
            return f"{rng.randint(1, 12)}月底前"
        if r < 0.85:
            return f"{year + rng.randint(0, 2)}年底前"
        if r < 0.93:
            return f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日前"
        return "长期坚持"

    def bodies(self, c: City, k: int) -> list[str]:
        return ["市" + d for d in self.rng.sample(c.departments, min(k, len(c.departments)))]

    def duty(self, c: City, year: int) -> str:
        """The closing parenthesis of a duty: （市甲局牵头；市乙局、市丙局配合；2021年6月底前完成）."""
        rng = self.rng
        lead = self.bodies(c, rng.choice([1, 1, 1, 2]))
        support = self.bodies(c, rng.randint(1, 4))
        counties = f"各县（市、区）人民政府、{c.zone_short}管委会"
        r = rng.random()
        if r < 0.45:
            sup = "、".join(x for x in support if x not in lead) or "市直有关部门"
            return f"（{'、'.join(lead)}牵头；{sup}配合；{self.deadline(year)}完成）"
        if r < 0.7:
            return f"（{'、'.join(lead)}牵头；市直有关部门和{counties}分工负责；{self.deadline(year)}完成）"
        if r < 0.85:
            return f"（由{'、'.join(lead + support)}，{counties}按照职责分工负责）"
        return f"（{'、'.join(lead)}牵头；{counties}负责；{self.deadline(year)}前完成阶段性任务）"

    def noisy(self, text: str) -> str:
        """A long paragraph, sometimes broken mid-word at a page break (with a page-number line)."""
        rng = self.rng
        if len(text) < 120 or rng.random() >= NOISE_PARAGRAPH_BREAK:
            return text
        for _ in range(8):
            p = rng.randint(50, len(text) - 20)
            if _cjk(text[p - 1]) and _cjk(text[p]):
                middle = f"\n\n— {rng.randint(2, 60)} —\n\n" if rng.random() < NOISE_PAGE_NUMBER else "\n\n"
                return text[:p] + middle + text[p:]
        return text

    # -- documents ---------------------------------------------------------------------------

    def table(self, title: str, unit: str | None, columns: list[str], labels: list[str], total: str | None) -> str:
        """A tab-separated table: a title, a unit line, one header row, a row per label and
        (``total``) a first row that adds the counts up and averages the rates."""
        rng = self.rng
        lines = [title, ""]
        if unit:
            lines += [f"单位：{unit}", ""]
        lines.append("\t".join(columns))
        rates = ["%" in col or "对比" in col for col in columns[1:]]
        values: list[list[float | None]] = []
        for _ in labels:
            row: list[float | None] = []
            for rate, col in zip(rates, columns[1:]):
                if col == "与目标对比" and len(row) >= 2 and None not in row[-2:]:
                    row.append(round(row[-1] - row[-2], 1))  # type: ignore[operator]  # actual − target
                elif rng.random() < 0.04:
                    row.append(None)
                elif rate:
                    row.append(round(rng.uniform(-8 if "对比" in col else 0, 30), 1))
                else:
                    row.append(rng.randint(1, 999))
            values.append(row)

        def cell(x: float | None, rate: bool) -> str:
            return "" if x is None else (f"{x:.1f}" if rate else str(int(x)))

        rows = [label + "\t" + "\t".join(cell(x, r) for x, r in zip(row, rates)) for label, row in zip(labels, values)]
        if total:
            sums = []
            for k, rate in enumerate(rates):
                col = [row[k] for row in values if row[k] is not None]
                sums.append(cell((sum(col) / len(col) if rate else sum(col)) if col else None, rate))
            rows.insert(0, total + "\t" + "\t".join(sums))
        return "\n".join(lines + rows)

    def county_table(self, c: City, title: str, topic: str) -> str:
        rng = self.rng
        cols = rng.sample(["目标任务（项）", "计划投资（万元）", "省级补助（万元）", "市级补助（万元）", "县级配套（万元）",
                           "完成进度（%）", "覆盖人数（人）", "建设里程（公里）"], rng.randint(3, 6))
        return self.table(title, rng.choice([None, "万元"]), ["县（市、区）", *cols], c.counties + [c.zone_short], "合计")

    def plan_text(self, c: City, topic: str, year: int, target: int, name: str) -> list[str]:
        """An attached plan: sections, numbered duties with lead and support bodies, deadlines."""
        rng = self.rng
        blocks = [
            f"为深入贯彻落实{self.cite(c, topic)}精神，{rng.choice(self.v.actions)}，{rng.choice(self.v.goals)}，结合{c.stem}实际，制定本{name}。",
            "一、总体要求",
            self.noisy(self.paragraph(c, topic, year, rng.randint(3, 6))),
            "二、工作目标",
            f"到{year}年底，{rng.choice(self.v.actions)}，{rng.choice(self.v.goals)}。{self.paragraph(c, topic, year, 2)}"
            f"到{year + 2}年底，{rng.choice(self.v.actions)}，{rng.choice(self.v.goals)}。",
            "三、主要任务",
        ]
        size = sum(map(len, blocks))
        section = 0
        closing = 500
        while size < target - closing or section < 2:
            section += 1
            a, b = rng.distinct(self.v.actions, 2)
            blocks.append(f"（{cn_number(section)}）{a}，{b}")
            for item in range(1, rng.randint(2, 4) + 1):
                head = rng.choice(self.v.actions)
                text = f"{item}. {head}。{self.paragraph(c, topic, year)}"
                style = rng.random()
                if style < 0.6:
                    blocks.append(self.noisy(text + self.duty(c, year)))
                elif style < 0.85:
                    blocks.append(self.noisy(text))
                    lead = "、".join(self.bodies(c, rng.randint(1, 2)))
                    blocks.append(f"实施部门：各县（市、区）人民政府、{c.zone}管委会。配合部门：{lead}。" if rng.random() < 0.5
                                  else f"牵头单位：{lead}；配合单位：{'、'.join(self.bodies(c, 2))}；完成时限：{self.deadline(year)}")
                else:
                    blocks.append(self.noisy(text))
                size += len(blocks[-1]) + 60
            if section > 40:
                break
        blocks.append("四、保障措施")
        for k, a in enumerate(rng.sample(self.v.actions, 3), 1):
            blocks.append(f"（{cn_number(k)}）{a}。{self.paragraph(c, topic, year, 2)}（{'、'.join(self.bodies(c, 2))}负责）")
        if rng.random() < 0.4:
            blocks.append("五、责任分工")
            for k, d in enumerate(self.bodies(c, rng.randint(2, 4)), 1):
                blocks.append(f"（{cn_number(k)}）{d}负责{rng.choice(self.v.actions)}，{rng.choice(self.v.actions)}。")
        return blocks

    def measures_text(self, c: City, topic: str, year: int, target: int, repeal: Record | None) -> list[str]:
        rng = self.rng
        dept = "市" + rng.choice(c.departments)
        blocks = ["第一章 总则",
                  f"第一条 为{rng.choice(self.v.actions)}，{rng.choice(self.v.goals)}，根据{self.cite(c, topic)}和有关法律、法规规定，结合{c.stem}市实际，制定本办法。"]
        article, chapter = 1, 1
        chapters = ["资金来源及使用范围", "申报及安排", "监督管理", "绩效评价", "职责分工", "考核奖惩"]
        size = sum(map(len, blocks))
        while size < target - 300:
            if rng.random() < 0.2 and chapter <= len(chapters):
                blocks.append(f"第{cn_number(chapter + 1)}章 {chapters[chapter - 1]}")
                chapter += 1
            article += 1
            blocks.append(self.noisy(f"第{cn_number(article)}条 {self.paragraph(c, topic, year, rng.randint(2, 5))}"))
            size += len(blocks[-1])
        blocks.append(f"第{cn_number(chapter + 1)}章 附则")
        blocks.append(f"第{cn_number(article + 1)}条 本办法由{dept}负责解释。")
        last = f"第{cn_number(article + 2)}条 本办法自印发之日起施行。"
        if repeal:
            last += f"《{repeal.title}》（{repeal.number}）同时废止。"
        blocks.append(last)
        return blocks

    def predecessor(self, c: City, kind: str, topic: str | None) -> Record | None:
        pool = [r for r in c.records + c.history if r.kind == kind and (topic is None or r.topic == topic)]
        return self.rng.choice(pool) if pool else None

    def document(self, c: City, kind: str, year: int, date: tuple[int, int, int], target: int, topic: str) -> Doc:
        rng = self.rng
        y = date[0]
        office = {"plan": 0.7, "notice": 0.4, "implement": 1.0, "measures": 0.7, "circular": 1.0,
                  "commendation": 0.6, "group": 1.0, "reply": 0.0}[kind] > rng.random()
        issuer = c.name + ("人民政府办公室" if office else "人民政府")
        code = c.short + ("政办发" if office else ("政复" if kind == "reply" else "政发"))
        addressees = f"各县（市、区）人民政府，{c.zone}管委会，市直{rng.choice(['各委、办、局', '有关委、办、局', '有关单位', '各单位'])}："
        blocks: list[str] = []
        attached: list[str] = []
        repeal = None
        if kind in ("plan", "measures", "group") and rng.random() < 0.3:
            repeal = self.predecessor(c, kind, topic) or self.predecessor(c, kind, None)
        if kind == "plan":
            name = rng.choice(["实施方案", "工作方案", "实施方案", f"三年行动方案（{y}—{y + 2}年）"])
            subject = self.subject(c, kind, topic, y, name)
            plan_title = f"{c.name}{topic}{name}"
            short = "方案" if "方案" in name else name
            blocks.append(f"经市人民政府同意，现将《{plan_title}》印发给你们，请认真贯彻执行。"
                          + (f"《{repeal.title}》（{repeal.number}）同时废止。" if repeal else ""))
            attached.append(plan_title)
            attached += self.plan_text(c, topic, y, target - 200, short)
            if rng.random() < 0.8:
                attached += ["附件", self.county_table(c, f"{c.name}{y}年{topic}目标任务分解表", topic)]
        elif kind == "measures":
            if rng.random() < 0.5:  # a revision of an earlier measures: the chain of repeals
                old = self.predecessor(c, "measures", None)
                if old:
                    topic, repeal = old.topic, old
            name = rng.choice(["专项资金管理办法", "工作考核办法（试行）", "管理办法", "考核办法"])
            subject = self.subject(c, kind, topic, y, name)
            title = f"{c.name}{topic}{name}"
            blocks.append(f"经市人民政府同意，现将《{title}》印发给你们，请认真贯彻执行。")
            attached.append(title)
            attached += self.measures_text(c, topic, y, target - 150, repeal)
            repeal = None
        elif kind == "group":
            subject = self.subject(c, kind, topic, y)
            blocks += self.group_text(c, topic, y, repeal)
            repeal = None
        elif kind == "circular":
            blocks_, attached_, subject = self.circular(c, date, target)
            blocks += blocks_
            attached += attached_
        elif kind == "commendation":
            blocks_, attached_, subject, topic = self.commendation(c, y, target)
            blocks += blocks_
            attached += attached_
        elif kind == "reply":
            county = rng.choice(c.counties)
            what = rng.choice(["设立", "调整", "命名", "实施"])
            item = f"{county}{rng.choice(rng.choice(list(c.towns.values())))}{rng.choice(['特色小镇建设方案', '区划调整方案', '产业园区总体规划', '历史文化街区保护规划'])}"
            subject = f"关于同意{what}{item}的批复"
            addressees = f"{county}人民政府："
            blocks.append(f"你{county[-1]}《关于{what}{item}的请示》（{county[0]}政请〔{y}〕{rng.randint(1, 60)}号）收悉。经市人民政府研究，现批复如下：")
            blocks.append(f"一、同意{what}{item}。")
            n = 2
            while sum(map(len, blocks)) < target - 80:
                blocks.append(f"{cn_number(n)}、{self.paragraph(c, topic, y, rng.randint(1, 3))}")
                n += 1
            blocks.append("此复。")
        elif kind == "implement":
            subject = self.subject(c, kind, topic, y)
            blocks += self.implement_text(c, topic, y, target)
        else:
            subject = self.subject(c, kind, topic, y)
            blocks += self.notice_text(c, topic, y, target)
        return Doc(kind, code, issuer, subject, topic, date, addressees, blocks, attached)

    def notice_text(self, c: City, topic: str, year: int, target: int) -> list[str]:
        rng = self.rng
        v = self.v
        blocks = [f"为{rng.choice(v.actions)}，{rng.choice(v.goals)}，根据{self.cite(c, topic)}要求，结合{c.stem}实际，现就做好{topic}工作有关事项通知如下："]
        if rng.random() < 0.3:
            blocks[0] = f"为认真贯彻落实{self.number_only(c)}文件精神，" + blocks[0][1:]
        size = len(blocks[0])
        section = 0
        while size < target or section < 2:
            section += 1
            a, b = rng.distinct(v.actions, 2)
            blocks.append(f"{cn_number(section)}、{a}，{b}")
            for sub in range(1, rng.randint(2, 6) + 1):
                x, y = rng.distinct(v.actions, 2)
                text = f"（{cn_number(sub)}）{x}，{y}。{self.paragraph(c, topic, year, rng.randint(2, 6))}"
                if rng.random() < 0.25:
                    text += self.duty(c, year)
                blocks.append(self.noisy(text))
                size += len(text)
            size += len(blocks[-1])
            if section > 30:
                break
        return blocks

    def implement_text(self, c: City, topic: str, year: int, target: int) -> list[str]:
        rng = self.rng
        v = self.v
        blocks = [f"为认真贯彻落实{self.cite(c, topic)}精神，提升{c.stem}{topic}工作水平，经市人民政府同意，现就有关工作通知如下：",
                  "一、总体要求",
                  f"（一）指导思想。{self.paragraph(c, topic, year, 3)}",
                  f"（二）工作目标。{self.paragraph(c, topic, year, 2)}",
                  "二、主要任务"]
        size = sum(map(len, blocks))
        sub = 0
        while size < target - 700:
            sub += 1
            blocks.append(f"（{cn_number(sub)}）{rng.choice(v.actions)}")
            for item in range(1, rng.randint(2, 5) + 1):
                blocks.append(self.noisy(f"{item}. {rng.choice(v.actions)}。{self.paragraph(c, topic, year)}"))
                lead = "、".join(self.bodies(c, rng.randint(1, 3)))
                if rng.random() < 0.7:
                    blocks.append(f"实施部门：各县（市、区）人民政府、{c.zone}管委会。配合部门：{lead}。")
                else:
                    blocks.append(f"责任部门：{lead}。")
                size += len(blocks[-1]) + len(blocks[-2])
            if sub > 30:
                break
        blocks.append("三、工作要求")
        for k, a in enumerate(rng.sample(v.actions, 3), 1):
            blocks.append(f"（{cn_number(k)}）{a}。{self.paragraph(c, topic, year, 2)}")
        return blocks

    def group_text(self, c: City, topic: str, year: int, repeal: Record | None) -> list[str]:
        rng = self.rng
        full = "\u3000"
        blocks = [f"为加强对全市{topic}工作的组织领导，经市人民政府研究，决定成立{c.name}{topic}工作领导小组（以下简称领导小组）。现将有关事项通知如下：",
                  "一、领导小组组成人员"]

        def roster(name: str) -> str:
            self.persons.append(name)
            return f"{name[0]}{full}{name[1]}" if len(name) == 2 else name

        vice = rng.choice(VICES + ["executive"])
        lines = [f"组{full}长：{roster(c.posts['mayor'])}{full * 2}市人民政府市长",
                 f"副组长：{roster(c.posts[vice])}{full * 2}市人民政府{'常务副市长' if vice == 'executive' else '副市长'}",
                 f"{roster(c.posts['secgen'])}{full * 2}市人民政府秘书长"]
        members = rng.sample(c.departments, rng.randint(5, min(12, len(c.departments))))
        for i, d in enumerate(members):
            label = f"成{full}员：" if i == 0 else full * 4
            lines.append(f"{label}{roster(c.heads[d])}{full * 2}市{d}{_head_title(d)}")
        blocks.append("\n".join(lines))
        office = members[0]
        blocks.append("二、主要职责")
        blocks.append(f"领导小组的主要职责是：{rng.choice(self.v.actions)}，{rng.choice(self.v.actions)}，督促检查各项工作任务的落实。"
                      f"领导小组办公室设在市{office}，{self.n(c.heads[office])}同志兼任办公室主任，承担领导小组日常工作。")
        blocks.append("三、其他事项")
        last = "领导小组成员因工作变动需要调整的，由所在单位提出意见，报领导小组办公室按程序调整，不再另行发文。"
        if repeal:
            last += f"《{repeal.title}》（{repeal.number}）不再执行。"
        blocks.append(last)
        return blocks

    def circular(self, c: City, date: tuple[int, int, int], target: int) -> tuple[list[str], list[str], str]:
        rng = self.rng
        y, m = date[0], date[1]
        dm = m - 1
        if dm < 1:
            y, dm = y - 1, 12
        span = "1月" if dm == 1 else f"1—{dm}月"
        metrics = rng.sample(self.v.metrics, 4)
        subject = f"关于{y}年{span}全市主要经济指标完成情况的通报"
        blocks = [f"经市人民政府同意，现将{y}年{span}{len(metrics)}项主要经济指标（{'、'.join(metrics)}）完成情况通报如下："]
        parts = []
        for mt in metrics:
            a, b = rng.uniform(-5, 20), rng.uniform(0, 12)
            parts.append(f"{mt}同比增{a:.1f}%，增速比全省（{b:.1f}%）{'高' if a >= b else '低'}{abs(a - b):.1f}个百分点，居全省第{rng.randint(1, 16)}位")
        blocks.append(f"{y}年{span}，" + "；".join(parts) + "。（各项指标完成情况详见附件）")
        for mt in metrics:
            done = rng.sample(c.counties, rng.randint(1, len(c.counties) - 1))
            rest = [x for x in c.counties if x not in done]
            blocks.append(self.noisy(f"分县（市、区）看，{mt}增速{'、'.join(done)}完成目标任务，{'、'.join(rest)}未完成目标任务。{self.paragraph(c, mt, y, 2)}"))
        while sum(map(len, blocks)) < target * 0.6:
            blocks.append(self.noisy(f"{rng.choice(['总的来看', '从运行情况看', '从主要指标看'])}，{self.paragraph(c, rng.choice(metrics), y, rng.randint(3, 6))}"))
        blocks.append(f"全市各级各部门要锁定全年目标，{self.paragraph(c, metrics[0], y, 3)}")
        cols = ["地区"]
        for mt in metrics[:3]:
            cols += [f"{mt}目标增速(%)", "实际增速(%)", "与目标对比"]
        attached = [self.table(f"{y}年{span}全市主要指标完成情况", None, cols, c.counties + [c.zone_short], c.name)]
        return blocks, attached, subject

    def commendation(self, c: City, year: int, target: int) -> tuple[list[str], list[str], str, str]:
        rng = self.rng
        fld = rng.choice(self.v.fields)
        verb = rng.choice(["表扬通报", "表彰"])
        subject = f"关于{verb}{year - 1 if rng.random() < 0.5 else year}年度全市{fld}工作先进集体和先进个人的通知"
        n_units = max(4, min(60, int(target * 0.3) // 16))
        n_people = max(4, min(120, int(target * 0.55) // 22))
        units = []
        for _ in range(n_units):
            county = rng.choice(c.counties)
            r = rng.random()
            if r < 0.25:
                units.append(f"{c.name}{rng.choice(c.departments)}")
            elif r < 0.6:
                units.append(county + rng.choice(self.v.county_units))
            else:
                units.append(county + rng.choice(c.towns[county]) + rng.choice(self.v.town_units))
        units = list(dict.fromkeys(units))
        people = [(self.person(), rng.choice(units) if rng.random() < 0.5 else
                   rng.choice(c.counties) + rng.choice(self.v.county_units)) for _ in range(n_people)]
        blocks = [f"{self.paragraph(c, fld, year, 2)}涌现出一大批先进集体和个人。",
                  f"为表彰先进、弘扬正气，市政府决定，{verb}{units[0]}等{len(units)}个单位为全市{fld}工作先进集体、"
                  f"{self.n(people[0][0])}等{len(people)}名同志为全市{fld}工作先进个人。希望受到{verb[:2]}的先进集体和个人珍惜荣誉，再接再厉。",
                  f"全市各级各部门要以受到{verb[:2]}的先进集体和个人为榜样，{self.paragraph(c, fld, year, 2)}"]
        attached = [f"全市{fld}工作先进集体名单(共{len(units)}个)"]
        lines: list[str] = []
        for u in units:
            lines.append(u)
            if rng.random() < 0.7:
                attached.append("\n".join(lines))
                lines = []
        if lines:
            attached.append("\n".join(lines))
        attached.append(f"全市{fld}工作先进个人名单(共 {len(people)} 名)")
        rows = []
        for i in range(0, len(people), 2):
            pair = people[i : i + 2]
            rows.append("\t".join(f"{self.padded(name)}\t{unit}" for name, unit in pair))
        attached.append("\n".join(rows))
        return blocks, attached, subject, fld

    # -- an issue ----------------------------------------------------------------------------

    def issue(self, c: City, year: int, month: int) -> tuple[str, dict[str, object]]:
        rng = self.rng
        self.persons = []
        c.total += 1
        news = self.advance(c)
        scale = self.chars / DEFAULT_CHARS
        n_entries = max(3, round(ENTRIES_PER_ISSUE * scale * rng.uniform(0.85, 1.15)))
        n_docs = max(1, round(DOCUMENTS_PER_ISSUE * scale * rng.uniform(0.8, 1.2)))
        cy, cm = (year, month - 1) if month > 1 else (year - 1, 12)
        chronicle, entries = self.chronicle(c, cy, cm, n_entries, news)
        masthead = self.masthead(c, year, month)
        budget = max(600 * n_docs, int((self.chars - len(chronicle) - len(masthead) - 70 * n_docs) * 1.07))
        kinds = self.kinds(n_docs)
        weights = {"plan": 6, "measures": 3.5, "implement": 3.5, "notice": 3, "circular": 2.2,
                   "commendation": 2.5, "group": 0.45, "reply": 0.7}
        total_w = sum(weights[k] for k in kinds)
        docs = []
        ndays = calendar.monthrange(cy, cm)[1]
        for kind in kinds:
            date = (cy, cm, rng.randint(1, ndays)) if rng.random() < 0.8 else (year, month, rng.randint(1, 15))
            target = int(budget * weights[kind] / total_w * rng.uniform(0.8, 1.2))
            docs.append(self.document(c, kind, year, date, target, rng.choice(self.v.topics)))
        self.number(c, docs)
        text = self.layout(c, masthead, docs, chronicle)
        for d in docs:
            c.records.append(Record(d.number, d.issuer + d.subject, d.topic, d.kind))
        names = list(dict.fromkeys(self.persons))
        info = {"city": c.name, "province": c.province.name, "year": year, "month": month, "issue": month,
                "total": c.total, "documents": len(docs), "chronicle_entries": entries,
                "persons": len(names), "characters": len(text)}
        return text, info

    def kinds(self, n: int) -> list[str]:
        rng = self.rng
        if n == 1:
            return ["plan"]
        kinds = ["plan"] * (1 if n < 6 or rng.random() < 0.5 else 2)
        pool = ["notice", "notice", "notice", "implement", "implement", "measures", "measures", "circular", "commendation",
                "commendation", "group", "group", "reply"]
        while len(kinds) < n:
            k = rng.choice(pool)
            if k in ("circular", "commendation") and k in kinds and n < 20:
                continue
            kinds.append(k)
        return kinds

    def number(self, c: City, docs: list[Doc]) -> None:
        """Serial numbers per code and year, rising with the signing date, with the gaps of
        documents the gazette did not print."""
        rng = self.rng
        rate = {"政发": 7, "政办发": 13, "政复": 4}
        docs.sort(key=lambda d: (d.date, d.code))
        bumped: set[tuple[str, int]] = set()
        for d in docs:
            key = (d.code, d.date[0])
            per_month = rate[d.code[len(c.short):]]
            if key not in c.serial:
                c.serial[key] = int(per_month * (d.date[1] - 1) * rng.uniform(0.7, 1.1))
            if key not in bumped:
                c.serial[key] += rng.randint(0, per_month)
                bumped.add(key)
            c.serial[key] += rng.randint(1, max(2, per_month // 3))
            d.number = f"{d.code}〔{d.date[0]}〕{c.serial[key]}号"
        docs.sort(key=lambda d: (d.code.endswith("办发"), d.date, d.number))

    def masthead(self, c: City, year: int, month: int) -> str:
        title = f"{c.name}人民政府 公 报" if c.masthead_spaced else f"{c.name}人民政府公报"
        lines = [title, "", "传达政令 宣传政策 指导工作 服务全市", "", "(月刊)", "",
                 f"准印证号：{c.short}新出({year})准印证字L{year % 100:02d}{c.index % 1000:03d}号", "",
                 f"{year}年第{month}期", "", f"(总第{c.total}期)", ""]
        director = c.posts["secgen"]
        lines.append(f"编委主任 {self.padded(director)}")
        lines.append(f"编委副主任 {self.padded(c.board_deputy)}")
        members = [self.padded(x) for x in c.board]
        lines.append("编委成员 " + " ".join(members[:2]))
        for i in range(2, len(members), 2):
            lines.append(" ".join(members[i : i + 2]))
        lines += ["", f"主 编 {self.padded(director)}", f"副主编 {self.padded(c.board_deputy)}",
                  f"责任编辑 {' '.join(self.padded(e) for e in c.editors)}",
                  f"编辑发行 {c.name}人民政府办公室", f"电 话 {c.phone}", f"邮 编 {c.postcode}",
                  f"地 址 {c.address}", f"印 刷 {c.printer}"]
        return "\n".join(lines)

    def layout(self, c: City, masthead: str, docs: list[Doc], chronicle: str) -> str:
        rng = self.rng
        parts: list[str] = []
        pages: list[int] = []
        offset = 0
        for d in docs:
            pages.append(2 + offset // 1150)
            text = self.render(d)
            parts.append(text)
            offset += len(text)
        contents = ["目 录", ""]
        group = None
        for d, page in zip(docs, pages):
            g = d.issuer + "文件"
            if g != group:
                contents += ([""] if group else []) + [g, ""]
                group = g
            if len(d.subject) > 34 and rng.random() < 0.6:
                cut = rng.randint(24, 30)
                contents.append(d.subject[:cut])
                contents.append(f"{d.subject[cut:]}..... {page}")
            else:
                contents.append(f"{d.subject} {'... ' if rng.random() < 0.3 else ''}{page}")
        contents += ["", "大事记", "", f"..... {2 + offset // 1150}"]
        return "\n\n" + masthead + "\n\n" + "\n".join(contents) + "\n\n" + "\n\n".join(parts) + "\n\n" + chronicle + "\n"

    def render(self, d: Doc) -> str:
        rng = self.rng
        subject = d.subject
        if rng.random() < NOISE_TITLE_SPACE:  # a stray space where the PDF line was joined
            k = subject.find("关于") + 2
            if 2 <= k < len(subject) - 4:
                subject = subject[:k] + " " + subject[k:]
        r = rng.random()
        if r < 0.55:
            title = [d.issuer + subject]
        elif r < 0.75:
            title = [d.issuer, subject]
        else:  # the issuer above, the subject broken over two lines (never again at a 关于)
            title = [d.issuer, *_split_title(subject, rng)]
        number = d.number
        if rng.random() < NOISE_NUMBER_SPACE:
            number = number.replace("号", " 号")
        y, m, day = d.date
        date = cn_date(y, m, day) if rng.random() < 0.05 else f"{y}年{m}月{day}日"
        sign = d.issuer + ("\n" if d.kind == "circular" or rng.random() < 0.15 else "\n\n") + date
        blocks = [*title, number, d.addressees, *d.blocks, sign, *d.attached]
        return "\n\n".join(blocks)

    def chronicle(self, c: City, year: int, month: int, n: int, news: list[str]) -> tuple[str, int]:
        rng = self.rng
        ndays = calendar.monthrange(year, month)[1]
        days = sorted(rng.randint(1, ndays) for _ in range(n - len(news)))
        entries: list[tuple[int, str]] = []
        for s in news:
            day = rng.randint(1, min(10, ndays))
            entries.append((day, f"{day}日，{s}"))
        templates = self.templates()
        weights = [w for w, _, _ in templates]
        limits = [max(1, round(most * n / 100)) if most else n for _, most, _ in templates]
        used = [0] * len(templates)
        whole_month = rng.random() < 0.5 and n > 5
        for i, day in enumerate(days):
            if whole_month and i == len(days) - 1:
                break
            k = rng.choices(range(len(templates)), weights=weights)[0]
            while used[k] >= limits[k]:
                k = rng.choices(range(len(templates)), weights=weights)[0]
            used[k] += 1
            body = templates[k][2](c, year, month)
            if isinstance(body, tuple):  # an entry of several days
                span, body = body
                end = min(ndays, day + span)
                entries.append((day, f"{day}日—{end}日，{body}" if end > day else f"{day}日，{body}"))
            else:
                entries.append((day, f"{day}日，{body}"))
        entries.sort(key=lambda e: e[0])
        texts = [e for _, e in entries]
        if whole_month:
            texts.append(f"是月，市政府组织{rng.randint(3, 9)}个督查组，对全市各县（市、区）{rng.choice(self.v.topics)}情况开展专项督查。")
        out = []
        for t in texts:
            if len(t) > 40 and rng.random() < NOISE_ENTRY_BREAK:
                for _ in range(8):
                    p = rng.randint(14, len(t) - 6)
                    if _cjk(t[p - 1]) and _cjk(t[p]):
                        t = t[:p] + "\n\n" + t[p:]
                        break
            out.append(t)
        heading = f"{month}月份" if rng.random() < 0.6 else f"{month}月"
        return "大事记\n\n" + heading + "\n\n" + "\n\n".join(out), len(out)

    # -- chronicle entries -------------------------------------------------------------------

    def templates(self):  # type: ignore[no-untyped-def]
        """(weight, most per 100 entries, entry maker)."""
        return [
            (2.5, 3, self.e_standing), (2.5, 3, self.e_exec), (16, 0, self.e_research), (3, 4, self.e_night),
            (11, 0, self.e_special), (7, 0, self.e_tele), (4, 0, self.e_lecture), (1.5, 1, self.e_invest),
            (3, 3, self.e_province), (2, 2, self.e_company), (1, 1, self.e_cppcc), (2, 2, self.e_npc),
            (6, 0, self.e_conference), (1, 1, self.e_study), (8, 0, self.e_inspect), (5, 0, self.e_prov_meeting),
            (1, 2, self.e_party_group), (2, 2, self.e_delegation), (1, 1, self.e_discipline), (11, 0, self.e_chair),
        ]

    def anyone(self, c: City, slots: list[str] | None = None) -> str:
        return self.rng.choice(slots or LEADERS)

    def place_in(self, c: City) -> str:
        county = self.rng.choice(c.counties)
        return county + (self.rng.choice(c.towns[county]) if self.rng.random() < 0.5 else "")

    def topic(self) -> str:
        return self.rng.choice(self.v.topics)

    def e_standing(self, c: City, year: int, month: int) -> str:
        rng = self.rng
        members = "、".join(self.n(c.posts[s]) for s in rng.sample(STANDING, rng.randint(4, len(STANDING))))
        k = c.next("standing")
        return (f"{cn_number(c.term)}届市委常委会召开第{k}次会议，研究部署{self.topic()}工作。{self.t(c, 'secretary')}主持会议，"
                f"{members}出席会议。{self.t(c, 'npc')}、{self.t(c, 'cppcc')}列席会议。")

    def e_exec(self, c: City, year: int, month: int) -> str:
        rng = self.rng
        k = c.next("exec")
        tail = f"{self.t(c, 'npc_vice1')}、{self.t(c, 'cppcc_vice1')}应邀出席会议。" if rng.random() < 0.4 else ""
        return (f"{c.name}第{cn_number(c.term)}届人民政府召开第{k}次常务会议，研究{self.topic()}等事项。{self.t(c, 'mayor')}主持会议，"
                f"{self.t(c, 'executive')}，{self.t(c, 'vice_party')}，{self.vices(c, rng.randint(2, 4))}，{self.t(c, 'secgen')}出席会议。{tail}")

    def e_research(self, c: City, year: int, month: int) -> str:
        rng = self.rng
        a, b = sorted(rng.sample(LEADERS, 2), key=LEADERS.index)  # the one who leads outranks the one who comes along
        who = self.t(c, a)
        end = rng.choice([f"{self.t(c, b)}陪同调研。", f"{self.t(c, 'deputy_party_secgen')}参加调研。", ""])
        return f"{who}到{self.place_in(c)}调研{self.topic()}工作。{end}"

    def e_night(self, c: City, year: int, month: int) -> str:
        return f"{self.t(c, 'secretary')}，{self.t(c, 'executive')}夜访督查{self.rng.choice(c.counties)}{self.topic()}工作。"

    def e_special(self, c: City, year: int, month: int) -> str:
        rng = self.rng
        a = rng.choice(["mayor", "mayor", "executive", "vice_party"])
        b = rng.choice(VICES)
        return f"{self.t(c, a)}主持召开会议，专题研究{self.topic()}工作。{self.t(c, b)}，{self.t(c, 'secgen')}参加会议。"

    def e_tele(self, c: City, year: int, month: int) -> str:
        level = self.rng.choice(["全省", "全国", "全省"])
        return f"{self.t(c, self.anyone(c))}参加{level}{self.topic()}工作电视电话会议。"

    def e_lecture(self, c: City, year: int, month: int) -> str:
        dept = "市" + self.rng.choice(c.departments)
        return f"{self.t(c, self.anyone(c))}到{dept}讲授“{self.rng.choice(self.v.slogans)}”专题党课。"

    def other_city(self, c: City) -> str:
        others = [x for x in self.cities if x.province is not c.province]
        if others and self.rng.random() < 0.7:
            o = self.rng.choice(others)
            return o.province.name + o.name
        return self.rng.choice(self.provinces).capital

    def e_invest(self, c: City, year: int, month: int) -> tuple[int, str]:
        rng = self.rng
        return rng.randint(1, 3), (f"{self.t(c, 'mayor')}率队到{self.other_city(c)}开展招商考察。"
                                   f"{self.t(c, rng.choice(VICES))}，{self.t(c, 'secgen')}参加招商考察。")

    def e_province(self, c: City, year: int, month: int) -> str:
        rng = self.rng
        p = c.province
        who = rng.choice(p.vice_governors)
        return (f"副省长{self.n(who, noise=True)}到{rng.choice(c.counties)}检查{self.topic()}工作。"
                f"{self.t(c, 'mayor')}，{self.t(c, rng.choice(VICES))}陪同检查。")

    def e_company(self, c: City, year: int, month: int) -> str:
        rng = self.rng
        word = rng.choice(self.v.company_words)
        company = f"{rng.choice(self.cities).stem}{rng.choice(self.v.company_heads)}{word}股份有限公司"
        return (f"{company}董事长{self.n(self.person())}一行到{c.zone}考察，并与市政府签订{word}产业园项目投资协议。"
                f"{self.t(c, 'mayor')}，{self.t(c, rng.choice(VICES))}陪同考察并出席签约仪式。")

    def e_cppcc(self, c: City, year: int, month: int) -> str:
        k = c.next("cppcc")
        return (f"市政协召开{cn_number(c.term)}届{cn_number(k % 40 + 1)}次常委会议，协商讨论{self.topic()}工作。"
                f"{self.t(c, 'cppcc')}主持会议，{self.t(c, 'deputy_secretary')}应邀出席会议并讲话，{self.t(c, 'cppcc_vice2')}作重点发言。")

    def e_npc(self, c: City, year: int, month: int) -> str:
        return f"{self.t(c, 'npc')}带领部分市人大代表视察全市{self.topic()}工作。{self.t(c, 'npc_vice2')}参加视察。"

    def e_conference(self, c: City, year: int, month: int) -> str:
        rng = self.rng
        b, a = sorted(rng.sample(LEADERS, 2), key=LEADERS.index)  # the senior one speaks, the junior one chairs
        return f"全市{self.topic()}工作推进会在{rng.choice(c.counties)}召开。{self.t(c, a)}出席会议并讲话，{self.t(c, b)}主持会议。"

    def e_study(self, c: City, year: int, month: int) -> str:
        k = c.next("study") % 12 + 1
        return (f"市委理论学习中心组举行{year}年第{k}次集中学习。{self.t(c, 'secretary')}主持学习，"
                f"{self.t(c, 'mayor')}，{self.t(c, 'deputy_secretary')}作重点发言。")

    def e_inspect(self, c: City, year: int, month: int) -> str:
        a, b = self.rng.sample(c.counties, 2)
        return f"{self.t(c, self.anyone(c))}到{a}、{b}检查{self.topic()}工作。"

    def e_prov_meeting(self, c: City, year: int, month: int) -> str:
        return f"{self.t(c, self.anyone(c))}到{c.province.capital}参加全省{self.topic()}工作会议。"

    def e_party_group(self, c: City, year: int, month: int) -> str:
        k = c.next("party_group") % 30 + 1
        members = "、".join(self.n(c.posts[s]) for s in GOVERNMENT + ["secgen"])
        return (f"市政府召开党组（扩大）会议（{year}年度第{k}次）。市委副书记、市长、市政府党组书记{self.n(c.posts['mayor'])}主持会议，"
                f"市政府党组成员{members}出席会议。")

    def e_delegation(self, c: City, year: int, month: int) -> str:
        rng = self.rng
        guest = self.person()
        return (f"{self.other_city(c)}副市长{self.n(guest)}率队到{c.zone}、{rng.choice(c.counties)}考察{self.topic()}工作。"
                f"{self.t(c, 'mayor')}会见了{self.n(guest)}一行，{self.t(c, rng.choice(VICES))}陪同考察。")

    def e_discipline(self, c: City, year: int, month: int) -> str:
        return f"{self.t(c, 'discipline')}主持召开全市党风廉政建设工作推进会。{self.t(c, 'secretary')}出席会议并讲话。"

    def e_chair(self, c: City, year: int, month: int) -> str:
        slot = self.rng.choice(GOVERNMENT)
        return f"{self.t(c, slot)}主持召开全市{self.topic()}工作会议。"


@dataclass
class Doc:
    kind: str
    code: str
    issuer: str
    subject: str
    topic: str
    date: tuple[int, int, int]
    addressees: str
    blocks: list[str]
    attached: list[str]
    number: str = ""


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _head_title(department: str) -> str:
    return "局长" if department.endswith("局") else "主任"


# A title line that ends with one of these (the last character of a body or place suffix:
# 局, 委, 矿, 县…) reads as a body's name, which the segmenter takes for the issuer's heading.
_BODY_ENDS = "乡会位办区协厂厅县台司团场处委学室局州市府心所旗村校盟省矿社站组署联行道部镇门队院"


def _split_title(subject: str, rng: Rng) -> list[str]:
    """A subject over two lines; the first holds every 关于, the second none, and the first
    never ends as a body's name does."""
    first = subject.rfind("关于") + 2
    if len(subject) - first < 10:
        return [subject]
    for _ in range(8):
        cut = rng.randint(first + 2, len(subject) - 5)
        if subject[cut - 1] not in _BODY_ENDS:
            return [subject[:cut], subject[cut:]]
    return [subject]


def generate(issues: int, seed: int, out: Path, chars: int | None = None) -> list[Path]:
    """Write ``issues`` synthetic issues and ``manifest.json`` into ``out``; returns the issue paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    g = Generator(seed, chars)
    rng = g.rng
    paths: list[Path] = []
    files: list[dict[str, object]] = []
    start = rng.randint(2013, 2020)
    while len(paths) < issues:
        first_year = start + rng.randint(-2, 2)
        city = g.new_city(first_year)
        for year in range(first_year, first_year + rng.randint(2, 6)):
            for month in range(1, 13):
                if len(paths) >= issues:
                    break
                text, info = g.issue(city, year, month)
                name = f"gen-{len(paths) + 1:05d}-c{city.index:03d}-{year}-{month:02d}.txt"
                path = out / name
                path.write_bytes(text.encode("utf-8"))
                paths.append(path)
                files.append({"file": name, **info})
    manifest = {"seed": seed, "issues": issues, "chars": g.chars, "files": files}
    (out / "manifest.json").write_bytes((json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--issues", type=int, required=True, help="how many issue files to write")
    ap.add_argument("--seed", type=int, required=True, help="the same seed gives the same files")
    ap.add_argument("--out", type=Path, required=True, help="folder for the issues and manifest.json")
    ap.add_argument("--chars", type=int, default=None,
                    help=f"characters per issue (default {DEFAULT_CHARS:,}, about the sample's size)")
    args = ap.parse_args(argv)
    if args.issues < 1 or (args.chars is not None and args.chars < 2000):
        ap.error("--issues must be ≥ 1 and --chars ≥ 2000")
    started = time.perf_counter()
    paths = generate(args.issues, args.seed, args.out, args.chars)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} issues, {size / 1e6:.1f} MB in {args.out} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
