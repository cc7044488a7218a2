"""knowledge/ follows the schema, and what it states is in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partnerskab.core.knowledge import LANGUAGES, KnowledgeError, _load_topic

CASE_KINDS = {
    "summary",
    "partners",
    "initiator",
    "activities",
    "results",
    "gains_area",
    "gains_company",
    "people",
    "lessons",
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _numbers(text: str):
    return {n.replace(",", ".") for n in _NUMBER.findall(text)}


def test_six_cases_and_the_topics(kb):
    assert sorted(t.id for t in kb.cases) == [
        "brandvaesen",
        "brfkredit",
        "hoeje_taastrup",
        "lego",
        "mimersgade",
        "skandia",
    ]
    assert {"models", "framework", "general", "advice"} <= set(kb.topics)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_fact_has_both_languages_and_a_source(kb, lang):
    for fact in kb.facts.values():
        assert fact.answer[lang].strip() and fact.label[lang].strip(), fact.id
        assert fact.keywords[lang], fact.id
        assert fact.section in kb.sections, fact.id
        source = kb.source(fact, lang)
        assert source.startswith("Kilde:" if lang == "da" else "Source:"), source
        if kb.sections[fact.section].page is not None:
            assert re.search(r"\b(s|p)\. \d+", source), source


def test_every_case_answers_the_standard_questions(kb):
    for case in kb.cases:
        kinds = {f.kind for f in case.facts}
        assert CASE_KINDS <= kinds, (case.id, CASE_KINDS - kinds)
        assert kinds & {"financing", "resources"}, (
            f"{case.id}: says nothing about money or resources"
        )
        assert case.aliases and set(case.details) == {"company", "project", "municipality", "place"}


def test_twelve_pieces_of_advice_in_order(kb):
    numbers = [f.number for f in kb.topics["advice"].facts if f.number is not None]
    assert numbers == list(range(1, 13))
    for n in numbers:
        fact = kb.advice(n)
        assert fact.answer["da"].startswith(f"Råd {n}:") and fact.answer["en"].startswith(
            f"Advice {n}:"
        )


def test_pages_follow_the_table_of_contents(kb):
    assert kb.sections["brandvaesen"].pages() == "20-23"
    assert kb.sections["brfkredit"].pages() == "24-25"
    assert kb.sections["advice"].pages() == "30-31"  # the last section runs to the end
    assert kb.sections["colophon"].pages() is None


def test_aliases_name_one_case_each(kb):
    seen = {}
    for case in kb.cases:
        for alias in case.aliases:
            assert seen.setdefault(alias.lower(), case.id) == case.id, f"{alias} names two cases"


def test_both_languages_state_the_same_numbers(kb):
    for fact in kb.facts.values():
        assert _numbers(fact.answer["da"]) == _numbers(fact.answer["en"]), fact.id


def test_every_number_stated_is_in_the_catalogue(kb, catalog_text):
    """No invented numbers: each number in an answer appears in the catalogue."""
    in_catalogue = _numbers(catalog_text)
    for fact in kb.facts.values():
        for lang in LANGUAGES:
            missing = _numbers(fact.answer[lang]) - in_catalogue
            missing -= {str(fact.number)} if fact.number else set()
            assert not missing, (fact.id, lang, missing)


def test_names_stated_are_in_the_catalogue(kb, catalog_text):
    """No invented names: every run of two or more capitalised words in the
    middle of a Danish sentence (people, organisations, places) is in the catalogue."""
    name = re.compile(r"(?<=[a-zæøå,] )([A-ZÆØÅ][\wæøåé]+(?: (?:[A-ZÆØÅ]\.|[A-ZÆØÅ][\wæøåé]+))+)")
    flat = " ".join(catalog_text.split()).lower()
    checked = 0
    for fact in kb.facts.values():
        for candidate in name.findall(fact.answer["da"]):
            checked += 1
            low = candidate.lower()
            genitive_base = low[:-1] if low.endswith("s") else low  # "Vejle Brandvæsens"
            assert low in flat or genitive_base in flat, (fact.id, candidate)
    assert checked > 30  # the check really looks at names


def test_dated_facts_are_the_funding_and_legal_ones(kb):
    dated = {f.id for f in kb.facts.values() if f.dated}
    assert {
        "framework.renewal_who_can_apply",
        "framework.renewal_follow_on",
        "hoeje_taastrup.financing",
        "brandvaesen.financing",
    } <= dated
    assert "advice.advice_5" not in dated


def test_schema_errors_are_reported(tmp_path, kb):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "id: x\nsection: lego\nname: {da: X}\nfacts:\n  - id: a\n    kind: summary\n"
        "    label: {da: a, en: a}\n    answer: {da: a, en: a}\n    keywords: {da: [a], en: [a]}\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match="name"):
        _load_topic(bad, False, kb.sections)


def test_common_phrases_end_with_an_alias(kb, tmp_path):
    # A phrase in which an alias is an everyday word (names.Names.read_in) ends with it.
    source = (Path(__file__).parent.parent / "knowledge" / "cases" / "lego.yml").read_text("utf-8")
    bad = tmp_path / "lego.yml"
    bad.write_text(source.replace("common_phrases:\n", "common_phrases:\n  - i skolen\n"), "utf-8")
    with pytest.raises(KnowledgeError, match="common_phrases"):
        _load_topic(bad, True, kb.sections)


def test_question_kinds_are_declared_for_kinds_that_exist(kb):
    used = {f.kind for f in kb.facts.values()}
    assert set(kb.kind_patterns) <= used, set(kb.kind_patterns) - used
    for kind, patterns in kb.kind_patterns.items():
        for lang in LANGUAGES:
            assert patterns[lang] and kb.kind_keywords[kind][lang], kind
            for pattern in patterns[lang]:
                re.compile(pattern)


# Where each section of the catalogue text starts (its first heading), in order.
_SECTION_STARTS = [
    ("colophon", None),
    ("intro", "# SOCIALE PARTNERSKABER MED VIRKSOMHEDER SKABER"),
    ("gains", "# GEVINSTER VED"),
    ("what_partnerships_can", "# HVAD KAN PARTNERSKABER"),
    ("mimersgade", "# PARTNERSKAB\n"),
    ("lego", "# BØRN FRA UDSATTE BOLIGOMRÅDER MØDER NY VERDEN"),
    ("brandvaesen", "# PARTNERSKAB MED BRANDVÆSENET"),
    ("brfkredit", "# BRFKREDIT DONERER"),
    ("skandia", "# DANSK FLYGTNINGEHJÆLP OG SKANDIA"),
    ("hoeje_taastrup", "# HØJE TAASTRUP KOMMUNE FIK"),
    ("advice", "# 12 GODE RÅD"),
]
# Cross-references that may stand in any answer: "råd 4", "advice 2", the year of publication.
_CROSS_REFERENCE = re.compile(r"\b(?:[Rr]åd|[Aa]dvice|trin|steps?)\s+\d+(?:-\d+)?|\b2010\b")


def _section_texts(catalog_text):
    positions = [0] + [catalog_text.index(marker) for _, marker in _SECTION_STARTS[1:]]
    assert positions == sorted(positions)
    ends = positions[1:] + [len(catalog_text)]
    return {
        sid: " ".join(catalog_text[a:b].split()).lower()
        for (sid, _), a, b in zip(_SECTION_STARTS, positions, ends)
    }


def test_every_section_is_found_in_the_catalogue(kb, catalog_text):
    texts = _section_texts(catalog_text)
    assert set(texts) == set(kb.sections)
    assert (
        "nordens længste gadegalleri" in texts["mimersgade"]
        and "abcd-metoden har tre trin" in texts["advice"]
    )


def test_cited_sections_hold_the_numbers_and_names(kb, catalog_text):
    """The pages an answer cites are where its text stands: every number and every
    capitalised name in the answer occurs in the cited sections themselves."""
    texts = _section_texts(catalog_text)
    # mid-sentence capitalised words are proper nouns in Danish: one word or a run of them
    name = re.compile(r"(?<=[a-zæøå,] )([A-ZÆØÅ][\wæøåé-]+(?: (?:[A-ZÆØÅ]\.|[A-ZÆØÅ][\wæøåé]+))*)")
    problems = []
    for fact in kb.facts.values():
        cited = " ".join(texts[s] for s in (fact.section, *fact.also))
        answer = _CROSS_REFERENCE.sub(" ", fact.answer["da"])
        numbers = _numbers(answer) - {str(fact.number)} - _numbers(" ".join(cited.split()))
        if numbers:
            problems.append((fact.id, "numbers", sorted(numbers)))
        for candidate in name.findall(answer):
            low = candidate.lower().split("-")[
                0
            ]  # "Skandia-medarbejdernes": the name is the first part
            if low not in cited and low[:-1] not in cited:
                problems.append((fact.id, "name", candidate))
    assert not problems, problems


# Long words of our own wording that say nothing a section must hold ("understreger",
# "initiativet"), though the catalogue uses them elsewhere.
_WORDING = {
    "gevinsterne",
    "beskrivelsen",
    "finansiering",
    "understreger",
    "initiativet",
    "beskæftigelsesindsatser",
}


def test_cited_sections_hold_the_answers_terms(kb, catalog_text):
    """The pages cited are where an answer's content stands: a long word of its Danish
    answer (11 letters or more, by its first eight) that the catalogue uses stands in
    the cited sections, not only elsewhere ("stigmatisering" is said on pp. 6-9, not in
    the foreword; what advice 4 lists is on pp. 30-31)."""
    texts = _section_texts(catalog_text)
    everywhere = " ".join(texts.values())
    problems = []
    for fact in kb.facts.values():
        cited = " ".join(texts[s] for s in (fact.section, *fact.also))
        for word in sorted(set(re.findall(r"[a-zæøå]{11,}", fact.answer["da"].lower()))):
            stem = word[:8]
            if word not in _WORDING and stem in everywhere and stem not in cited:
                problems.append((fact.id, word))
    assert not problems, problems


# The longest run of words an answer may share with the catalogue: a name, a title, a
# fixed term ("anden etnisk baggrund end dansk"). A longer run is the catalogue's own
# sentence, pasted; what it says is to be written in our own words.
_SHARED_RUN = 6
# Names, addresses and credits, which are said as the catalogue says them (as its words).
_VERBATIM = (
    "www brf csr dk",
    "www brf dk",
    "socialministeriet lovekspeditionen holmens kanal 22 1060 københavn k",
    "33 92 93 00",
    "p lex sm dk",
    "jens v nielsen",
    "peter christensen",
    "orla lund",
    "søren kristensen v thiim kristensen",
    "jytte andersen",
    "billedskolen i høje taastrup",
)
# A quotation is short, where the quote itself is the point: the catalogue's definition
# of CSR (20 words) is the longest.
_QUOTATION_WORDS = 20


def _words(text: str) -> list:
    return re.findall(r"[a-zæøåéü0-9]+", text.lower())


def _danish_strings(value):
    """The Danish texts of a knowledge file: each `da:` value, however deep."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "da" and isinstance(item, str):
                yield item
            else:
                yield from _danish_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _danish_strings(item)


def test_answers_are_in_our_own_words(kb, catalog_text):
    """Every fact is the catalogue's, in our own words: no Danish answer, guide tip,
    recommendation reason or interview text shares a run of more than six words with
    the catalogue, outside a short quotation and the long names and titles."""
    import yaml

    from partnerskab.core.words import quotations, without_quotations

    words = _words(catalog_text)
    n = _SHARED_RUN + 1
    runs = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    texts = [(fact.id, fact.answer["da"]) for fact in kb.facts.values()]
    knowledge = Path(__file__).resolve().parents[1] / "knowledge"
    for folder in ("guide", "wording", "interview"):
        for path in sorted((knowledge / folder).glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            texts += [(f"{folder}/{path.name}", t) for t in _danish_strings(data)]
    problems = []
    for where, text in texts:
        for quote in quotations(text):
            if len(_words(quote.inside)) > _QUOTATION_WORDS:
                problems.append((where, "long quotation", quote.inside))
        own = " ".join(_words(without_quotations(text)))
        for name in _VERBATIM:
            own = own.replace(name, " | ")
        for part in own.split("|"):
            tokens = part.split()
            shared = [
                " ".join(tokens[i : i + n])
                for i in range(len(tokens) - n + 1)
                if tuple(tokens[i : i + n]) in runs
            ]
            if shared:
                problems.append((where, "copied", shared[0]))
    assert not problems, problems


@pytest.mark.parametrize(
    "text,lang,rest,section",
    [
        ("hvad er de 70 på side 24?", "da", "hvad er de 70?", "brfkredit"),
        ("s. 22: hvem er Bruno?", "da", ": hvem er Bruno?", "brandvaesen"),
        (
            "p. 11 says the staff also help",
            "en",
            "says the staff also help",
            "what_partnerships_can",
        ),
        (
            "which two foundations are named on p.28",
            "en",
            "which two foundations are named",
            "hoeje_taastrup",
        ),
        ("pp. 12-15, who took the photos", "en", ", who took the photos", "mimersgade"),
        ("side 31 nederst", "da", "nederst", "advice"),
    ],
)
def test_a_page_pointed_at_is_its_section_and_no_number_asked(kb, text, lang, rest, section):
    # The last page of a section is the page before the next one starts (p. 11 is
    # "Hvad kan partnerskaber?", which starts on p. 10; p. 31 is the advice's last).
    assert kb.pages_pointed(text, lang) == (rest, frozenset({section}))


@pytest.mark.parametrize(
    "text,lang",
    [
        ("på den anden side er der 24 børn", "da"),
        ("hvor mange sider har kataloget?", "da"),
        ("det koster 5 kr", "da"),
        ("page 99", "en"),  # no such page in the catalogue
        ("up to 70 per cent have no computer", "en"),
    ],
)
def test_no_page_is_pointed_at_without_a_page_number_of_the_catalogue(kb, text, lang):
    assert kb.pages_pointed(text, lang)[1] == frozenset()


@pytest.mark.parametrize("text", ["kom de i avisen ?", "  hvem betalte  ", "tak skal du have"])
def test_a_message_without_a_page_is_left_as_typed(kb, text):
    assert kb.pages_pointed(text, "da") == (text, frozenset())


@pytest.mark.parametrize(
    "text,lang,pointed",
    [
        ("hvornår startede Skandia's 10 ambassadører", "da", frozenset()),  # no "s 10"
        ("kan I sende side 16 til 19 om LEGO", "da", frozenset({"lego"})),
        ("pages 12 to 15", "en", frozenset({"mimersgade"})),
    ],
)
def test_a_page_range_and_a_genitive_s(kb, text, lang, pointed):
    rest, sections = kb.pages_pointed(text, lang)
    assert sections == pointed
    assert ("19" in rest or "15" in rest) is False
