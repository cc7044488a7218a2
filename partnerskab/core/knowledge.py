"""The catalogue as structured knowledge, loaded from ``knowledge/``.

``knowledge/`` is the single source of truth: answers, follow-up labels, case
aliases (which become the NLU lookup tables and synonyms) and the section/page
of every fact. This module loads it once, checks it against the schema and
renders sources. It has no Rasa dependency so tests and tools can use it alone.

Example:
    >>> kb = load_knowledge()
    >>> fact = kb.fact("brandvaesen.organisation")
    >>> kb.source(fact, "da")
    'Kilde: Idékataloget, „Partnerskab med brandvæsenet gav ro i boligområde“, s. 20-23'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple

import yaml

from partnerskab import settings
from partnerskab.core.wording import LANGUAGES, t
from partnerskab.settings import ROOT

KNOWLEDGE_DIR = ROOT / "knowledge"


# A person's name as the key-people facts list it: two to four capitalised words
# or initials ("Mikael Kamber", "Karsten B. Vester").
PERSON = re.compile(r"[A-ZÆØÅ][\w-]*\.?(?: [A-ZÆØÅ][\w-]*\.?){1,3}")


class KnowledgeError(ValueError):
    """Raised when a knowledge file does not follow the schema."""


@dataclass(frozen=True)
class Section:
    id: str
    title: Dict[str, str]
    page: Optional[int]
    last_page: Optional[int]
    # Words that name the section in a question, per language (knowledge/publication.yml).
    named: Dict[str, Tuple[str, ...]] = field(default_factory=dict)

    def pages(self) -> Optional[str]:
        if self.page is None:
            return None
        if self.last_page is None or self.last_page == self.page:
            return str(self.page)
        return f"{self.page}-{self.last_page}"


@dataclass(frozen=True)
class Fact:
    """One answerable piece of the catalogue, in both languages."""

    id: str  # "<topic>.<local id>", unique
    topic: str  # case or topic id
    kind: str
    label: Dict[str, str]
    answer: Dict[str, str]
    keywords: Dict[str, Tuple[str, ...]]
    section: str
    dated: bool = False
    number: Optional[int] = None  # advice number 1-12
    also: Tuple[str, ...] = ()  # further sections the answer draws on (cited too)
    # The question bank (knowledge/questions/): how people ask for this fact, per language.
    questions: Dict[str, Tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Topic:
    """A case (one of the six) or a general topic, with its facts."""

    id: str
    is_case: bool
    name: Dict[str, str]
    section: str
    aliases: Tuple[str, ...]
    facts: Tuple[Fact, ...]
    places: Tuple[str, ...] = ()  # weak names, shared with other cases
    # Phrases in which an alias is an everyday word ("i avisen": in the paper, not
    # JydskeVestkysten): there it names the case only while no other case is in play
    # (``Names.read_in``). Each ends with one of the aliases.
    common_phrases: Tuple[str, ...] = ()
    details: Dict[str, str] = field(default_factory=dict)
    # Descriptions that name the case ("the toy company", "kreditfirmaet"): names to
    # ``names.Names``, but no search terms of its facts, as its aliases are.
    descriptions: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    sections: Dict[str, Section]
    topics: Dict[str, Topic]
    kind_keywords: Dict[str, Dict[str, Tuple[str, ...]]] = field(default_factory=dict)
    kind_patterns: Dict[str, Dict[str, Tuple[str, ...]]] = field(default_factory=dict)
    # For the gains: the beginnings of the words that name who gains (kinds.yml ``gainer``).
    kind_gainers: Dict[str, Dict[str, Tuple[str, ...]]] = field(default_factory=dict)
    # Kinds a case with no fact of its own states in its overview (kinds.yml ``in_overview``).
    kinds_in_overview: FrozenSet[str] = frozenset()
    synonyms: Dict[str, Dict[str, str]] = field(default_factory=dict)
    # How a reader points at a page ("på side 18", "p. 22"; publication.yml ``page_reference``).
    page_references: Dict[str, Tuple[str, ...]] = field(default_factory=dict)

    @functools.cached_property
    def facts(self) -> Dict[str, Fact]:
        return {f.id: f for t in self.topics.values() for f in t.facts}

    @property
    def cases(self) -> List[Topic]:
        return [t for t in self.topics.values() if t.is_case]

    def fact(self, fact_id: str) -> Fact:
        return self.facts[fact_id]

    @functools.cached_property
    def people(self) -> Dict[str, str]:
        """The people the catalogue names (the names among the key-people facts'
        keywords), each with the topic whose key-people fact lists them."""
        return {
            k: fact.topic
            for fact in sorted(self.facts.values(), key=lambda f: f.id)
            if fact.kind == "people"
            for lang in LANGUAGES
            for k in fact.keywords[lang]
            if PERSON.fullmatch(k)
        }

    @functools.cached_property
    def given_names(self) -> Dict[str, str]:
        """A first name no one else the catalogue names has, lower-cased, -> that
        person's full name: "i citatet fra Bruno" means Bruno Karlsen."""
        firsts: Dict[str, List[str]] = {}
        for name in self.people:
            firsts.setdefault(name.split()[0].lower(), []).append(name)
        return {first: names[0] for first, names in firsts.items() if len(names) == 1}

    @functools.cached_property
    def name_words(self) -> FrozenSet[str]:
        """The words the answers write with a capital inside a sentence ("Røde Kors",
        "Red Barnet", "Skandia"), lower-cased: the words of names, not of the language
        ("skolerne" is only ever capitalised where a sentence begins)."""
        inside = re.compile(r"(?<=[\w,] )[^\W\d_][\w-]*", re.UNICODE)
        return frozenset(
            w.group().lower()
            for fact in self.facts.values()
            for text in fact.answer.values()
            for w in inside.finditer(text)
            if w.group()[0].isupper()
        )

    def catalogue_word(self, language: str, lemma: str, typed: str = "") -> Optional[str]:
        """The catalogue's word for a word of a question (knowledge/synonyms.yml),
        looked up by its lemma, then as typed, lower-cased ("unger", which the
        lemmatiser reads as "unge"). ``None``: the file does not map it; ``""``: a
        word that says how to answer, not what about ("bullets", "cirka").

        Every reader of the synonyms asks this one lookup, so a word the file maps
        counts the same in the ranking, in the bank's nearest question and in what a
        "how many" question counts.
        """
        synonyms = self.synonyms.get(language, {})
        word = synonyms.get(lemma)
        if word is None and typed:
            word = synonyms.get(typed.lower())
        return word

    def section_on_page(self, page: int) -> Optional[str]:
        """The section page ``page`` stands in, by the table of contents; ``None``
        before the first numbered section or after the last."""
        for section in self.sections.values():
            if section.page is not None and section.page <= page <= (
                section.last_page or section.page
            ):
                return section.id
        return None

    def section_overview(self, section_id: str) -> Optional[Fact]:
        """The fact that gives a section as a whole ("hvad står der på side 24?"): a
        case's overview, the advice's list, else the section's first fact."""
        facts = [f for f in self.facts.values() if f.section == section_id]
        overview = [f for f in facts if f.kind == "summary" or f.id.endswith(".overview")]
        return next(iter(overview or facts), None)

    def pages_pointed(self, text: str, language: str) -> Tuple[str, FrozenSet[str]]:
        """``text`` without the pages it points at ("hvad er de 70 på side 24?",
        "p. 11 says skandia staff …"), and the sections those pages stand in. Decided
        once, here: the retriever ranks those sections' facts up as if named, and
        the page number is no number the question asks about."""
        sections = set()
        rest = text
        # (Both languages' ways: "page 31" alone may be read as Danish.)
        others = [p for lang in LANGUAGES if lang != language for p in self._page_patterns[lang]]
        for pattern in [*self._page_patterns[language], *others]:
            for match in pattern.finditer(rest):
                section = self.section_on_page(int(match.group("page")))
                if section is not None:
                    sections.add(section)
            rest = pattern.sub(" ", rest)
        if rest == text:
            return text, frozenset()
        rest = re.sub(r"\s+(?=[?!.,;:]|$)", "", re.sub(r"\s{2,}", " ", rest))
        return rest.strip(), frozenset(sections)

    @functools.cached_property
    def _page_patterns(self) -> Dict[str, List[re.Pattern]]:
        return {
            lang: [re.compile(p, re.IGNORECASE) for p in self.page_references.get(lang, ())]
            for lang in LANGUAGES
        }

    def advice(self, number: int) -> Optional[Fact]:
        """The piece of advice ``number``, or ``None`` (a number a user typed may be 13)."""
        for fact in self.topics["advice"].facts:
            if fact.number == number:
                return fact
        return None

    def advice_step(self, number: int) -> Fact:
        """The piece of advice ``number`` for callers that walk the twelve (the
        guide, the plan, the recommended steps): all twelve are in
        ``knowledge/topics/advice.yml`` (tests/test_knowledge.py checks), so a
        missing one is a broken knowledge folder, not a user's typo."""
        fact = self.advice(number)
        if fact is None:
            raise KnowledgeError(f"advice.yml: no piece of advice number {number}")
        return fact

    def source(self, fact: Fact, language: str) -> str:
        """ "Kilde: …" with every section the answer stands in, and their pages."""
        parts = []
        for sid in (fact.section, *fact.also):
            section = self.sections[sid]
            pages = section.pages()
            if pages is None:
                parts.append(
                    t("source.nopage", language, title_local=section.title[language].lower())
                )
            else:
                parts.append(
                    t(
                        "source.pages",
                        language,
                        title=section.title["da"],
                        title_local=section.title["en"],
                        pages=pages,
                    )
                )
        return t("source.prefix", language) + t("source.and", language).join(parts)

    def alias_map(self, cases_only: bool = True, places: bool = False) -> Dict[str, str]:
        """Lower-cased alias -> topic id (the six cases, or every topic); with
        ``places``, the weak place names too."""
        mapping: Dict[str, str] = {}
        for topic in self.cases if cases_only else self.topics.values():
            for alias in (*topic.aliases, *(topic.places if places else ())):
                mapping.setdefault(alias.lower(), topic.id)
        return mapping


def _languages(value: Any, where: str) -> Dict[str, Any]:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise KnowledgeError(f"{where}: needs exactly the languages {LANGUAGES}, got {value!r}")
    return value


def bilingual(value: Any, where: str) -> Dict[str, str]:
    """A text in each language (a label, an answer, a name), stripped."""
    out: Dict[str, str] = {}
    for lang, text in _languages(value, where).items():
        if not isinstance(text, str):
            raise KnowledgeError(f"{where}.{lang}: expected text")
        if not text:
            raise KnowledgeError(f"{where}.{lang}: is empty")
        out[lang] = text.strip()
    return out


def bilingual_words(value: Any, where: str) -> Dict[str, Tuple[str, ...]]:
    """A list of words or phrases in each language (keywords, ways of asking)."""
    out: Dict[str, Tuple[str, ...]] = {}
    for lang, words in _languages(value, where).items():
        if not isinstance(words, list):
            raise KnowledgeError(f"{where}.{lang}: expected a list")
        if not words:
            raise KnowledgeError(f"{where}.{lang}: is empty")
        out[lang] = tuple(str(w) for w in words)
    return out


def _load_sections(raw: List[Dict]) -> Dict[str, Section]:
    sections: Dict[str, Section] = {}
    numbered = sorted((s for s in raw if s.get("page") is not None), key=lambda s: s["page"])
    last_pages = {s["id"]: (nxt["page"] - 1) for s, nxt in zip(numbered, numbered[1:])}
    for item in raw:
        sid = item["id"]
        sections[sid] = Section(
            id=sid,
            title=bilingual(item.get("title"), f"section {sid}.title"),
            page=item.get("page"),
            last_page=item.get("last_page", last_pages.get(sid)),
            named=bilingual_words(item["named"], f"section {sid}.named") if "named" in item else {},
        )
    return sections


def _load_topic(path: Path, is_case: bool, sections: Dict[str, Section]) -> Topic:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    tid = raw.get("id")
    where = f"{path.name}"
    if not tid or not isinstance(tid, str):
        raise KnowledgeError(f"{where}: missing id")
    section = raw.get("section")
    if section not in sections:
        raise KnowledgeError(f"{where}: unknown section {section!r}")
    facts = []
    seen = set()
    for item in raw.get("facts") or []:
        local = item.get("id")
        fwhere = f"{where}: fact {local}"
        if not local or local in seen:
            raise KnowledgeError(f"{fwhere}: missing or duplicate id")
        seen.add(local)
        fsection = item.get("section", section)
        also = tuple(item.get("also") or ())
        for sid in (fsection, *also):
            if sid not in sections:
                raise KnowledgeError(f"{fwhere}: unknown section {sid!r}")
        if not item.get("kind"):
            raise KnowledgeError(f"{fwhere}: missing kind")
        facts.append(
            Fact(
                id=f"{tid}.{local}",
                topic=tid,
                kind=item["kind"],
                label=bilingual(item.get("label"), f"{fwhere}.label"),
                answer=bilingual(item.get("answer"), f"{fwhere}.answer"),
                keywords=bilingual_words(item.get("keywords"), f"{fwhere}.keywords"),
                section=fsection,
                dated=bool(item.get("dated", False)),
                number=item.get("number"),
                also=also,
            )
        )
    if not facts:
        raise KnowledgeError(f"{where}: has no facts")
    details = {k: str(raw[k]) for k in ("company", "project", "municipality", "place") if k in raw}
    if is_case and len(details) != 4:
        raise KnowledgeError(f"{where}: a case needs company, project, municipality and place")
    aliases = tuple(str(a) for a in raw.get("aliases") or ())
    common_phrases = tuple(str(a) for a in raw.get("common_phrases") or ())
    if not all(p.split()[-1] in aliases for p in common_phrases):
        raise KnowledgeError(f"{where}: common_phrases must end with an alias: {common_phrases!r}")
    return Topic(
        id=tid,
        is_case=is_case,
        name=bilingual(raw.get("name"), f"{where}.name"),
        section=section,
        aliases=aliases,
        facts=tuple(facts),
        places=tuple(str(a) for a in raw.get("places") or ()),
        common_phrases=common_phrases,
        details=details,
        descriptions=tuple(str(a) for a in raw.get("descriptions") or ()),
    )


def _attach_questions(directory: Path, topics: Dict[str, Topic]) -> None:
    """Fills each fact's question bank from ``knowledge/questions/*.yml``
    (``<fact id>: {da: [...], en: [...]}``); an unknown fact id is an error."""
    facts = {f.id: f for t in topics.values() for f in t.facts}
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        for fact_id, asked in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if fact_id not in facts:
                raise KnowledgeError(f"questions/{path.name}: unknown fact {fact_id!r}")
            bank = facts[fact_id].questions
            for lang in LANGUAGES:
                items = [str(q).strip() for q in (asked or {}).get(lang) or [] if str(q).strip()]
                bank[lang] = tuple(dict.fromkeys((*bank.get(lang, ()), *items)))


def _attach_reviewed(directory: Path, topics: Dict[str, Topic]) -> None:
    """Adds the questions the review page assigned to facts
    (``<reviewed>/*.yml``: a list of ``{fact, language, question, reviewer,
    reviewed_at}``) at the end of each fact's bank, so the NLU examples (each
    bank's first questions) and so the model stay as they are."""
    facts = {f.id: f for t in topics.values() for f in t.facts}
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(entries, list):
            raise KnowledgeError(f"{path.name}: expected a list of reviewed questions")
        for number, entry in enumerate(entries, 1):
            where = f"{path.name}: entry {number}"
            if not isinstance(entry, dict) or entry.get("fact") not in facts:
                raise KnowledgeError(
                    f"{where}: unknown fact "
                    f"{entry.get('fact') if isinstance(entry, dict) else entry!r}"
                )
            question, lang = entry.get("question"), entry.get("language")
            if lang not in LANGUAGES or not isinstance(question, str) or not question.strip():
                raise KnowledgeError(f"{where}: needs a language of {LANGUAGES} and a question")
            bank = facts[entry["fact"]].questions
            bank[lang] = tuple(dict.fromkeys((*bank.get(lang, ()), question.strip())))


def reviewed_dir(directory: Path = KNOWLEDGE_DIR) -> Path:
    """Where the review page writes reviewed questions: $REVIEWED_QUESTIONS_DIR,
    else ``questions/reviewed/`` in the knowledge folder."""
    return settings.reviewed_questions_dir() or Path(directory) / "questions" / "reviewed"


def load_knowledge(directory: Path = KNOWLEDGE_DIR, reviewed: Optional[Path] = None) -> Knowledge:
    """Loads and validates ``knowledge/`` with the reviewed questions
    (``reviewed``, default :func:`reviewed_dir`); cached, so callers share one instance."""
    return _load_knowledge(Path(directory), Path(reviewed) if reviewed else reviewed_dir(directory))


@functools.lru_cache(maxsize=4)
def _load_knowledge(directory: Path, reviewed: Path) -> Knowledge:
    raw = yaml.safe_load((directory / "publication.yml").read_text(encoding="utf-8"))
    sections = _load_sections(raw["sections"])
    topics: Dict[str, Topic] = {}
    for sub, is_case in (("cases", True), ("topics", False)):
        for path in sorted((directory / sub).glob("*.yml")):
            topic = _load_topic(path, is_case, sections)
            if topic.id in topics:
                raise KnowledgeError(f"{path.name}: duplicate topic id {topic.id}")
            topics[topic.id] = topic
    kinds_file = directory / "kinds.yml"
    kind_keywords: Dict[str, Dict[str, Tuple[str, ...]]] = {}
    kind_patterns: Dict[str, Dict[str, Tuple[str, ...]]] = {}
    kind_gainers: Dict[str, Dict[str, Tuple[str, ...]]] = {}
    in_overview: Set[str] = set()
    if kinds_file.exists():
        for kind, value in (yaml.safe_load(kinds_file.read_text(encoding="utf-8")) or {}).items():
            kind_keywords[kind] = bilingual_words(
                value.get("keywords"), f"kinds.yml: {kind}.keywords"
            )
            kind_patterns[kind] = bilingual_words(value.get("ask"), f"kinds.yml: {kind}.ask")
            if "gainer" in value:
                kind_gainers[kind] = bilingual_words(value["gainer"], f"kinds.yml: {kind}.gainer")
            if value.get("in_overview"):
                in_overview.add(kind)
    _attach_questions(directory / "questions", topics)
    _attach_reviewed(reviewed, topics)
    synonyms_file = directory / "synonyms.yml"
    synonyms = (
        yaml.safe_load(synonyms_file.read_text(encoding="utf-8")) if synonyms_file.exists() else {}
    )
    if set(synonyms or {}) - set(LANGUAGES):
        raise KnowledgeError(f"synonyms.yml: only {LANGUAGES} are allowed")
    return Knowledge(
        sections=sections,
        topics=topics,
        kind_keywords=kind_keywords,
        kind_patterns=kind_patterns,
        kind_gainers=kind_gainers,
        kinds_in_overview=frozenset(in_overview),
        page_references=bilingual_words(
            raw.get("page_reference"), "publication.yml: page_reference"
        ),
        synonyms={
            lang: {
                # A word mapped to nothing (~) says how to answer, not what about.
                str(k).lower(): "" if v is None else str(v).lower()
                for k, v in (synonyms or {}).get(lang, {}).items()
            }
            for lang in LANGUAGES
        },
    )
