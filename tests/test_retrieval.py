"""Retrieval: held-out accuracy, context, advice numbers, honest 'not covered'."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerskab.core.retrieval import GAINS, advice_number_alone, decide, parse_advice_number
from partnerskab.core.wording import t
from partnerskab.testing.evaluation import accuracy, evaluate, load_items
from tests.conftest import RESULTS

DATA = Path(__file__).parent / "data"


def test_held_out_questions_are_answered_correctly(store):
    items = load_items(DATA / "retrieval_eval.yml")
    outcomes = evaluate(store, items)
    acc = accuracy(outcomes)
    lines = [
        f"# Retrieval on the held-out set: {acc:.2f} "
        f"({sum(o.correct for o in outcomes)}/{len(outcomes)})",
        "",
        "| right | question | expected | got | coverage | decision |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        got = o.found.best.id if o.found.best else "-"
        lines.append(
            f"| {'yes' if o.correct else 'NO'} | {o.item.question} | "
            f"{', '.join(o.item.expect or ['not covered'])} "
            f"| {got} | {o.found.coverage:.2f} | {o.decision} |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "retrieval_eval.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert acc >= 0.9, f"held-out accuracy {acc:.2f}; see build/results/retrieval_eval.md"
    not_covered = [o for o in outcomes if o.item.expect is None]
    assert all(o.correct for o in not_covered), [
        o.item.question for o in not_covered if not o.correct
    ]


@pytest.mark.parametrize(
    "question,lang,context,expected",
    [
        ("Hvem hjalp dem?", "da", "brfkredit", "brfkredit.partners"),
        ("Hvem hjalp dem?", "da", "mimersgade", "mimersgade.partners"),
        ("Who paid for it?", "en", "skandia", "skandia.financing"),
        ("What were the results?", "en", "brfkredit", "brfkredit.results"),
    ],
)
def test_follow_ups_use_the_case_in_context(store, question, lang, context, expected):
    assert store.retriever.search(question, lang, context_case=context).best.id == expected


@pytest.mark.parametrize(
    "question,lang,last_fact,expected",
    [
        ("and the other model?", "en", "models.strategic", "models.add_on"),
        ("og den næste?", "da", "advice.advice_11", "advice.advice_12"),
        ("the previous one?", "en", "advice.advice_2", "advice.advice_1"),
        ("og den efter", "da", "advice.advice_5", "advice.advice_6"),
        ("and the one after that?", "en", "advice.advice_5", "advice.advice_6"),
    ],
)
def test_follow_ups_lean_on_the_last_answer(store, question, lang, last_fact, expected):
    found = store.retriever.search(question, lang, last_fact=last_fact)
    assert found.best.id == expected and found.decision == "answer"


def test_another_example_leaves_the_case_in_context(store):
    question = "Er der andre eksempler hvor en virksomhed har adopteret en skoleklasse?"
    assert store.retriever.search(question, "da").best.topic == "lego"
    assert (
        store.retriever.search(
            question, "da", context_case="lego", last_fact="lego.summary"
        ).best.topic
        != "lego"
    )


@pytest.mark.parametrize(
    "question,lang,context,last_fact,expected",
    [
        # "han" is the firefighter the last answer named, who tells of the station's gains
        (
            "hvad fortæller han om gevinsterne?",
            "da",
            "brandvaesen",
            "brandvaesen.people",
            "brandvaesen.gains_company",
        ),
        (
            "what did he say about the gains?",
            "en",
            "brandvaesen",
            "brandvaesen.people",
            "brandvaesen.gains_company",
        ),
    ],
)
def test_he_and_she_point_at_someone_the_last_answer_named(
    store, question, lang, context, last_fact, expected
):
    found = store.retriever.search(question, lang, context_case=context, last_fact=last_fact)
    assert found.best.id == expected
    # Without the pronoun the same words lead there less clearly (the station's gains
    # quote him, so "what did they say" may still end there, by a smaller lead).
    plain = question.replace(" han ", " de ").replace(" he ", " they ")
    unpointed = store.retriever.search(plain, lang, context, last_fact=last_fact)

    def lead(result):
        score = {h.fact.id: h.score for h in result.hits}
        return score.get(expected, 0.0) / max(s for f, s in score.items() if f != expected)

    assert lead(found) > lead(unpointed)


@pytest.mark.parametrize(
    "question,lang,pointing,plain",
    [("what are {} stages?", "en", "its", "the"), ("hvad består {} faser af?", "da", "dens", "de")],
)
def test_its_points_at_what_else_the_last_answer_named(store, question, lang, pointing, plain):
    # Advice 2 brings in the ABCD method (a fact of the general topic).
    found = store.retriever.search(question.format(pointing), lang, last_fact="advice.advice_2")
    assert found.best.id == "general.abcd"
    other = store.retriever.search(question.format(plain), lang, last_fact="advice.advice_2")
    assert other.best.id != "general.abcd"


CASES = ("mimersgade", "lego", "brandvaesen", "brfkredit", "skandia", "hoeje_taastrup")


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(
    "question,lang",
    [
        ("who ran it?", "en"),
        ("who was in charge?", "en"),
        ("who led it?", "en"),
        ("hvem stod for det?", "da"),
        ("hvem drev det?", "da"),
        ("hvem ledede det?", "da"),
    ],
)
def test_who_ran_it_after_a_case_asks_for_its_people(store, case, question, lang):
    # The case's summary names no one, and "ran"/"drev" is no word of "projektleder".
    found = store.retriever.search(question, lang, case, last_fact=f"{case}.summary")
    assert found.best.id == f"{case}.people" and found.decision == "answer"
    assert store.retriever.fact_people[found.best.id]


@pytest.mark.parametrize("case", [c for c in CASES if c != "mimersgade"])  # its names Leif Schiller
@pytest.mark.parametrize("question,lang", [("who is she?", "en"), ("hvem er han?", "da")])
def test_he_and_she_after_an_answer_naming_no_one_are_the_cases_people(store, case, question, lang):
    assert not store.retriever.fact_people[f"{case}.summary"]
    found = store.retriever.search(question, lang, case, last_fact=f"{case}.summary")
    assert found.best.id == f"{case}.people"


@pytest.mark.parametrize(
    "question,lang", [("who did they team up with?", "en"), ("hvem gik de sammen med?", "da")]
)
def test_teaming_up_asks_for_the_partners(store, question, lang):
    found = store.retriever.search(question, lang, "brfkredit", last_fact="brfkredit.summary")
    assert found.best.id == "brfkredit.partners"


@pytest.mark.parametrize(
    "question,lang", [("hvilket af eksemplerne brugte den?", "da"), ("which case used it?", "en")]
)
def test_which_example_after_a_general_topic_is_the_case_that_names_it(store, question, lang):
    found = store.retriever.search(question, lang, last_fact="general.abcd")
    assert found.best.topic == "brandvaesen"
    assert "ABCD" in found.best.answer[lang]
    # The list of all six is what a question for all of them gets.
    listed = store.retriever.search("Which cases are described in the catalogue?", "en")
    assert listed.best.id == "general.cases_overview"


@pytest.mark.parametrize(
    "question,lang,case",
    [("og hos Skandia?", "da", "skandia"), ("and for Galleri Hamlet?", "en", "mimersgade")],
)
def test_and_for_another_case_asks_the_last_question_of_it(store, question, lang, case):
    found = store.retriever.search(question, lang, "brandvaesen", last_fact="brandvaesen.financing")
    assert found.best.id == f"{case}.financing"
    # After the overview of a case, the other case's overview; a case named alone is one too.
    after_summary = store.retriever.search(
        question, lang, "brandvaesen", last_fact="brandvaesen.summary"
    )
    assert after_summary.best.id == f"{case}.summary"


@pytest.mark.parametrize("question,lang", [("hvilke år?", "da"), ("in which years?", "en")])
def test_a_detail_asked_alone_is_the_last_answers(store, question, lang):
    # The results state the three exhibitions' years; other facts state years too.
    found = store.retriever.search(question, lang, "mimersgade", last_fact="mimersgade.results")
    assert found.best.id == "mimersgade.results" and found.decision == "answer"
    # "Since when" asks when it began, which the last answer (2009, 2010) does not say.
    began = store.retriever.search("since when?", "en", "brfkredit", last_fact="brfkredit.results")
    assert began.best.id == "brfkredit.initiator"


@pytest.mark.parametrize(
    "question,lang", [("hvem var målgruppen?", "da"), ("who was the target group?", "en")]
)
@pytest.mark.parametrize(
    "case,expected",
    [
        # Galleri Hamlet has a fact of its own: the children who took the pictures.
        ("mimersgade", "mimersgade.target_group"),
        # The other two state who it is for in their overview.
        ("brfkredit", "brfkredit.summary"),
        ("hoeje_taastrup", "hoeje_taastrup.summary"),
        ("lego", "lego.target_group"),
    ],
)
def test_the_target_group_after_a_case_is_that_cases(store, question, lang, case, expected):
    found = store.retriever.search(question, lang, case, last_fact=f"{case}.summary")
    assert found.best.id == expected
    # Asked with no case in play, or of a case named, the case's own fact of the kind.
    named = store.retriever.search(f"{question} skandia", lang, case, last_fact=f"{case}.summary")
    assert named.best.id == "skandia.target_group"


def test_other_companies_are_other_cases(store):
    found = store.retriever.search(
        "are there other companies that help school children?",
        "en",
        "brfkredit",
        last_fact="brfkredit.summary",
    )
    assert store.kb.topics[found.best.topic].is_case and found.best.topic != "brfkredit"


def test_a_follow_up_of_small_words_only_stays_with_its_case(store):
    assert store.retriever.search("and what did they do?", "en").best is None
    found = store.retriever.search(
        "and what did they do?", "en", context_case="brfkredit", last_fact="brfkredit.background"
    )
    assert found.best.id == "brfkredit.activities" and found.decision == "answer"


def test_how_many_with_the_thing_counted_left_to_the_context(store):
    found = store.retriever.search(
        "how many did they hand out in 2009?", "en", context_case="brfkredit"
    )
    assert found.best.id == "brfkredit.results" and found.decision == "answer"
    # Said, and not what the fact counts: held back as before.
    assert store.retriever.search("Hvor mange ansatte har Skandia?", "da").decision != "answer"


def test_a_follow_up_of_question_words_only_is_covered_by_its_context(store):
    assert store.retriever.search("hvem sagde det?", "da").decision == "none"
    found = store.retriever.search(
        "hvem sagde det?", "da", context_case="skandia", last_fact="skandia.gains_area"
    )
    assert found.best.topic == "skandia" and found.decision == "answer"


def test_a_name_with_only_question_words_is_covered(store):
    found = store.retriever.search("Who was Leif Schiller?", "en")
    assert found.best.id == "mimersgade.people" and found.decision == "answer"


def test_a_cases_own_town_covers_a_question_about_it(store):
    """Copenhagen is Mimersgade's city (its place and municipality) though no one fact
    of it names the city in Danish: asking for the mayor there is covered."""
    found = store.retriever.search("hvad hed borgmesteren i københavn", "da")
    assert found.best.id == "mimersgade.people" and found.decision == "answer"


def test_a_named_case_beats_the_context(store):
    found = store.retriever.search("Hvem tog initiativet hos LEGO?", "da", context_case="skandia")
    assert found.best.id == "lego.initiator"
    assert found.cases == ["lego"]


def test_a_named_topic_beats_the_context(store):
    assert (
        store.retriever.search("Hvad er CSR?", "da", context_case="brfkredit").best.id
        == "framework.csr_definition"
    )


@pytest.mark.parametrize(
    "text,number",
    [
        ("Hvad går råd nummer 5 ud på?", 5),
        ("Hvad er råd nummer 2?", 2),
        ("5. råd", 5),
        ("hvad er det tolvte råd", 12),
        ("what is the fifth piece of advice", 5),
        ("advice number three", 3),
        ("råd nr. 7", 7),
        ("hvad går det allersidste råd ud på", 12),
        ("hvad siger det allerførste raad", 1),
        ("Hvad er de 12 gode råd?", None),
        ("Hvad siger rådet om kontaktpersonen?", None),
    ],
)
def test_advice_numbers(text, number):
    assert parse_advice_number(text) == number


@pytest.mark.parametrize(
    "text", ["LEGO?", "Fortæl om Kulturringen", "Galleri Hamlet", "Vejle Brandvæsen"]
)
def test_a_bare_name_gets_the_summary(store, text):
    assert store.retriever.search(text, "da").best.kind == "summary"


def test_alias_with_its_own_fact(store):
    assert store.retriever.search("Hvad er PÅ TVÆRS?", "da").best.id == "brfkredit.pa_tvaers"
    assert store.retriever.search("What is ABCD?", "en").best.id == "general.abcd"


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Hvad er dagpengesatsen i 2024?", "da"),
        ("What's the weather like tomorrow?", "en"),
        ("Kan I bestille pizza?", "da"),
        ("Hvordan søger jeg om boligstøtte?", "da"),
    ],
)
def test_unrelated_questions_are_not_answered(store, text, lang):
    assert store.retriever.search(text, lang).decision != "answer"


@pytest.mark.parametrize(
    "word,parts",
    [
        ("kontaktperson", ["kontakt", "person"]),
        ("drengeklub", ["dreng", "klub"]),
        ("byrådspolitiker", ["byråd", "politiker"]),
        ("samarbejde", []),
        ("medarbejder", ["arbejder"]),
    ],
)
def test_danish_compounds_are_split_into_dictionary_words(word, parts):
    from partnerskab.core.words import compound_parts

    assert compound_parts(word, "da") == parts
    assert compound_parts(word, "en") == []


def test_compound_parts_meet_the_whole_word(store):
    """ "politikere" finds the fact that says "byrådspolitikere"."""
    found = store.retriever.search("Var der politikere med i Kulturringen?", "da")
    assert found.best.id in {
        "hoeje_taastrup.partners",
        "hoeje_taastrup.initiator",
        "hoeje_taastrup.people",
    }


def test_everyday_words_map_to_the_catalogues(store, kb):
    assert kb.synonyms["da"]["firma"] == "virksomhed" and kb.synonyms["en"]["kid"] == "child"
    assert (
        store.retriever.search("What did the firm get out of the computer donations?", "en").best.id
        == "brfkredit.gains_company"
    )


def test_every_synonym_maps_to_a_word_the_catalogue_uses(store, kb):
    """A bridge to a word the catalogue never uses bridges nothing."""
    unknown = [
        (lang, word, target)
        for lang, mapping in kb.synonyms.items()
        for word, target in mapping.items()
        if target and store.retriever.indexes[lang].normalise(target) is None
    ]
    assert not unknown
    # Both languages are bridged, each to its own catalogue's words.
    assert kb.synonyms["en"]["headcount"] == "employee" and kb.synonyms["da"]["mandat"]


def test_a_synonym_counts_as_known_and_reaches_the_nearest_question(store):
    """ "headcount" is the catalogue's "employees": nothing unknown in it, and the
    bank question nearest to it is as near as for the catalogue's own word."""
    everyday = store.retriever.search("vejle fire brigade headcount", "en")
    catalogue = store.retriever.search("vejle fire brigade employee", "en")
    assert everyday.unknown == 0.0
    assert everyday.best.id == catalogue.best.id == "brandvaesen.organisation"
    assert everyday.nearest == pytest.approx(catalogue.nearest)
    assert decide(everyday) == "answer"
    # "lads", "lasses" are the catalogue's boys and girls.
    assert store.retriever.search("was it only lads or lasses too", "en").unknown == 0.0


@pytest.mark.parametrize(
    "asked,plain,lang",
    [
        ("gevinster for byområdet – bullets", "gevinster for byområdet", "da"),
        ("gains for the area, tldr", "gains for the area", "en"),
    ],
)
def test_words_that_say_how_to_answer_are_not_asked_about(store, asked, plain, lang):
    found = store.retriever.search(asked, lang)
    without = store.retriever.search(plain, lang)
    assert found.unknown == without.unknown == 0.0
    assert found.coverage == pytest.approx(without.coverage)
    assert found.best.id == without.best.id


@pytest.mark.parametrize(
    "question,lang",
    [
        ("what perks do lego employees get", "en"),
        ("who are the donors of realdania", "en"),
        ("can we get broadband subsidies for our estate", "en"),
        ("how do i renew my driving license", "en"),
        ("what gifts did the mayor get", "en"),
    ],
)
def test_an_everyday_word_the_catalogue_lacks_keeps_the_question_uncovered(store, question, lang):
    """Bridging "perk" to "benefit" or "license" to "licence" would make these look
    covered: what the word asks for is not in the catalogue. They stay unbridged."""
    assert decide(store.retriever.search(question, lang)) != "answer"


@pytest.mark.parametrize(
    "question,lang",
    [
        ("Hvad var omkostningerne for BRFkredit ved at give computerne væk?", "da"),
        ("How much cash did LEGO spend on the class adoptions?", "en"),
        ("what was the price of the computers BRFkredit gave away?", "en"),
    ],
)
def test_a_bridged_word_does_not_make_an_amount_covered(store, question, lang):
    """ "omkostning" and "cash" are the catalogue's "udgift" and "money", but the
    catalogue gives no amount: the answer still lacks the detail."""
    found = store.retriever.search(question, lang)
    assert found.missing[0] == "money"
    assert decide(found) != "answer"


@pytest.mark.parametrize(
    "question,lang,expected",
    [
        ("Hvem skal være kontaktperson hos os?", "da", "advice.advice_8"),
        ("Who should be our contact person?", "en", "advice.advice_8"),
        ("Skal vi invitere pressen?", "da", "advice.advice_12"),
        ("What does the catalogue recommend for the first meeting?", "en", "advice.advice_5"),
    ],
)
def test_first_person_guidance_asks_for_the_advice(store, question, lang, expected):
    assert store.retriever.search(question, lang).best.id == expected


def test_dev_sets_are_not_the_held_out_set():
    dev = {
        i.question
        for n in ("retrieval_dev.yml", "retrieval_dev2.yml", "retrieval_dev3.yml")
        for i in load_items(DATA / n)
    }
    held_out = {i.question for i in load_items(DATA / "retrieval_eval.yml")}
    assert not dev & held_out


@pytest.mark.parametrize(
    "typed,lang,prepared",
    [
        ("hvem deler diplomerne ud i nørre marken", "da", "hvem deler diplomerne ud i nørremarken"),
        (
            "hvilke fonde fik htk penge fra",
            "da",
            "hvilke fonde fik høje taastrup kommune penge fra",
        ),
        (
            "which yrs did they do the street gallery",
            "en",
            "which years did they do the street gallery",
        ),
        ("What's Skandia's project?", "en", "what skandia project?"),
        ("Hvad fik Høje Taastrup ud af det?", "da", "hvad fik høje taastrup ud af det?"),
        ("hvorfor kun een kontaktperson", "da", "hvorfor kun én kontaktperson"),
        ("What's in it for LEGO?", "en", "what is the gain for lego?"),
        ("whats in it for them", "en", "what is the gain for them"),
        (
            "what started the second model?",
            "en",
            "what started the strategically integrated model?",
        ),
        ("den første model", "da", "add-on-modellen"),
        ("hvem klippede snoren til udstillingen", "da", "hvem indviede udstillingen"),
        ("who cut the ribbon at the exhibition", "en", "who opened the exhibition"),
        ("skal vi have noget på skrift", "da", "skal vi have et aftalegrundlag"),
        ("when were the pictures on display", "en", "when were the pictures shown"),
        ("how do we keep them up to date", "en", "how do we keep them informed"),
        ("they wouldn't have got it", "en", "they would not have got it"),
        ("why didnt they pay", "en", "why did not they pay"),
    ],
)
def test_everyday_typing_is_written_out(store, typed, lang, prepared):
    assert store.retriever.names.read(typed, lang).prepared == prepared


@pytest.mark.parametrize(
    "heard,lang,topic",
    [
        ("hvad lavede bee er ef kredit", "da", "brfkredit"),
        ("hvem hjalp b r f kredit", "da", "brfkredit"),
        ("what did b r f credit do", "en", "brfkredit"),
        ("what is the ay bee see dee method", "en", "general"),
        ("hvad lavede hå te kå", "da", "hoeje_taastrup"),
    ],
)
def test_initials_spelled_letter_by_letter_name_what_they_stand_for(store, heard, lang, topic):
    assert store.retriever.names.read(heard, lang).topics == [topic]


@pytest.mark.parametrize(
    "text,lang",
    [("are you a bot", "en"), ("er en i te god", "da"), ("hvad er en e-bog", "da")],
)
def test_short_words_that_spell_no_initials_stay_words(store, text, lang):
    assert store.retriever.names.read(text, lang).prepared == text


def test_initials_of_names_but_not_words():
    from partnerskab.core.spelling import initials

    found = initials(
        ["Høje Taastrup Kommune", "Gennem Ild og Vand", "Byen i Balance"],
        is_word=lambda w: w == "giv",
    )
    assert found == {"htk": "høje taastrup kommune"}


@pytest.mark.parametrize(
    "question,lang",
    [
        ("Hvor mange kroner har Skandia givet til Dansk Flygtningehjælp?", "da"),  # no amount
        ("How many computers did BRFkredit donate in 2012?", "en"),  # a year it never mentions
        ("Hvor mange ansatte har LEGO?", "da"),  # counts LEGO's staff nowhere
        ("Hvilke virksomheder i Odense har en CSR-politik?", "da"),  # a place it does not know
        ("what is the phone number of lego's csr department", "en"),  # the colophon's is not LEGO's
    ],
)
def test_details_the_catalogue_does_not_give_are_not_answered(store, question, lang):
    found = store.retriever.search(question, lang)
    assert found.decision != "answer", found.best.id if found.best else None


@pytest.mark.parametrize(
    "question,lang,expected,detail",
    [
        ("How many computers did BRFkredit donate in 2009?", "en", "brfkredit.results", "153"),
        ("hvor mange ansatte har brfkredit", "da", "brfkredit.company", "850"),
        ("hvor gamle er de unge paa ugeophold hos brandvaesenet", "da", None, "13"),
    ],
)
def test_details_the_catalogue_gives_are_answered(store, question, lang, expected, detail):
    found = store.retriever.search(question, lang)
    assert found.decision == "answer" and detail in found.best.answer[lang]
    assert expected is None or found.best.id == expected


def test_the_calibration_is_for_the_features_the_retriever_computes():
    import json

    from partnerskab.core.retrieval import CALIBRATION_FILE, FEATURES

    calibration = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert tuple(calibration["features"]) == FEATURES
    assert len(calibration["weights"]) == len(FEATURES) + 1  # and the bias
    assert 0.0 < calibration["answer"] < 1.0


@pytest.mark.parametrize(
    "question,lang",
    [
        ("How did LEGO address the problem?", "en"),  # "address" the verb
        ("What is the link between CSR and partnerships?", "en"),
        ("Hvem udgav kataloget, spørger Mette?", "da"),  # the one who asks
        ("Vi er en skole i Aarhus, hvad er et socialt partnerskab?", "da"),
        ("I 2024 vil vi starte et partnerskab. Hvordan kommer vi i gang?", "da"),
        ("In 2025 we want to start a partnership, how do we begin?", "en"),
        ("Vi vil starte i 2026, hvordan kommer vi i gang?", "da"),
    ],
)
def test_words_about_the_asker_do_not_make_a_question_uncovered(store, question, lang):
    assert not store.retriever.search(question, lang).lacks_detail


@pytest.mark.parametrize(
    "question,lang",
    [
        ("Could we donate through them in 2027, and where is the application form?", "en"),
        ("Kan vi søge midler til områdefornyelse i 2027, og hvem skal vi skrive til?", "da"),
    ],
)
def test_a_year_in_any_clause_that_asks_is_asked_about(store, question, lang):
    """Both clauses ask ("Could we …, and where …?"): the year the catalogue never
    mentions is part of the question, not a preamble."""
    assert store.retriever.search(question, lang, "brfkredit").missing[0] == "unknown_year"


def test_how_old_the_catalogue_is_is_not_the_age_of_the_young_people(store):
    found = store.retriever.search("How old is the catalogue?", "en")
    assert found.best is None or found.best.id != "brandvaesen.target_group"


@pytest.mark.parametrize(
    "text,lang,people",
    [
        ("hvem er steen søgaard", "da", True),
        ("who is mikael kamber", "en", True),
        ("hvem er målgruppen i projektet", "da", False),
        ("hvem er de unge der er med", "da", False),
        ("who is it for", "en", False),
    ],
)
def test_who_is_asks_for_a_person_not_a_group(store, text, lang, people):
    kinds, _ = store.retriever.asked_kinds(text, lang)
    assert ("people" in kinds) is people


@pytest.mark.parametrize(
    "greeted,plain,lang",
    [
        ("hej, what is the foreword about?", "what is the foreword about?", "en"),
        ("hi, hvem har skrevet kataloget?", "hvem har skrevet kataloget?", "da"),
    ],
)
def test_a_small_word_of_the_other_language_is_no_unknown_word(store, greeted, plain, lang):
    found, without = store.retriever.search(greeted, lang), store.retriever.search(plain, lang)
    assert found.unknown == without.unknown == 0.0
    assert found.best.id == without.best.id and found.decision == without.decision == "answer"


@pytest.mark.parametrize(
    "text,lang,context,last_fact",
    [
        ("ok", "da", "lego", "lego.summary"),
        ("hvad så?", "da", "lego", "lego.summary"),
        ("ok thanks", "en", "skandia", "skandia.people"),
        ("what about it?", "en", None, "general.abcd"),
    ],
)
def test_small_words_that_ask_for_nothing_are_not_answered_from_the_context(
    store, text, lang, context, last_fact
):
    # Only small words and no kind of fact asked: nothing to pick among the facts in
    # context with, so the summary (or the last answer) is not given again.
    found = store.retriever.search(text, lang, context_case=context, last_fact=last_fact)
    assert found.decision != "answer"


@pytest.mark.parametrize("text", ["hvor mange er ansat i LEGO?", "hvor mange er ansat i Skandia?"])
def test_how_many_with_a_small_word_still_checks_what_a_named_case_counts(store, text):
    # The catalogue gives no staff figures for LEGO or Skandia; a fact holding some
    # other number is not the answer just because "er" follows "hvor mange".
    assert store.retriever.search(text, "da").decision != "answer"


def test_a_pronoun_does_not_turn_every_question_into_one_about_roles(store):
    # "Hvor tit er hun frivillig?" after Barbara Jane Tsomanis's weekly homework help:
    # the activities say how often, not the key-people fact.
    found = store.retriever.search(
        "hvor tit er hun frivillig?", "da", "skandia", last_fact="skandia.activities"
    )
    assert found.best.id == "skandia.activities"


@pytest.mark.parametrize(
    "text,lang",
    [
        ("hvad får andre virksomheder ud af et socialt partnerskab?", "da"),
        ("what do other companies get out of a social partnership?", "en"),
    ],
)
def test_other_companies_in_a_first_question_are_companies_in_general(store, text, lang):
    # With no case in context and no last answer, "andre virksomheder" is not "another
    # case than this one": the general gains, not one case's.
    assert store.retriever.search(text, lang).best.id == "general.gains_company"


@pytest.mark.parametrize(
    "book, catalogue, language",
    [
        ("Hvilke eksempler er der i bogen?", "Hvilke eksempler er der i kataloget?", "da"),
        ("Hvad siger hæftet om ABCD?", "Hvad siger kataloget om ABCD?", "da"),
        ("Which examples are in the book?", "Which examples are in the catalogue?", "en"),
    ],
)
def test_the_book_is_the_catalogue_itself(store, book, catalogue, language):
    """'bogen', 'the booklet' mean the catalogue: a word with no say in what is asked."""
    found, expected = (store.retriever.search(q, language) for q in (book, catalogue))
    assert found.best.id == expected.best.id
    assert found.unknown == expected.unknown == 0.0


@pytest.mark.parametrize(
    "question, lang, expected",
    [
        ("How many PCs did BRFkredit hand out in 2009?", "en", "brfkredit.results"),
        ("brf computere hvor mange 2010 maal?", "da", "brfkredit.results"),  # typed without å
        ("Hvor mange beviser får hver ung med hjem?", "da", "brandvaesen.gains_area"),
    ],
)
def test_how_many_of_something_the_fact_counts_in_its_own_words(store, question, lang, expected):
    found = store.retriever.search(question, lang)
    assert found.best.id == expected
    assert not found.lacks_detail


@pytest.mark.parametrize(
    "question, lang",
    [
        ("og byen i balance, hvor mange år kører det", "da"),
        ("byen i balance, how many years does it run", "en"),
    ],
)
def test_how_many_years_asks_how_long_not_a_count_of_what_follows(store, question, lang):
    # "kører"/"run" is what goes on for four years ("løber over 4 år"), not what is
    # counted: the answer is given, not "Mente du …?".
    found = store.retriever.search(question, lang, "brandvaesen")
    assert found.best.id == "brandvaesen.byen_i_balance"
    assert found.missing == ("", "") and found.decision == "answer"
    # A count the catalogue does not give is still missing.
    assert store.retriever.search("Hvor mange ansatte har LEGO?", "da").missing[0] == "count"


def test_how_many_with_a_modal_verb_counts_what_is_in_context(store):
    found = store.retriever.search(
        "hvor mange skulle der vaere i 2010?", "da", "brfkredit", last_fact="brfkredit.results"
    )
    assert found.missing == ("", "")
    # ... while a count the catalogue does not give is still missing.
    assert store.retriever.search("Hvor mange ansatte har LEGO?", "da").missing[0] == "count"


def test_how_many_in_a_preamble_is_not_what_is_asked(store):
    question = (
        "Goddag, i vores afdeling er der mange, hvor mange af de ældre ikke har computer "
        "derhjemme. Jeg har hørt, at et realkreditselskab gav computere væk – hvem var det?"
    )
    found = store.retriever.search(question, "da")
    assert found.missing == ("", "") and found.best.topic == "brfkredit"


@pytest.mark.parametrize(
    "question, lang",
    [("Who wrote the book?", "en"), ("Hvem har skrevet bogen?", "da"), ("forfatterne?", "da")],
)
def test_who_wrote_the_catalogue_is_the_colophon_not_advice_on_writing_an_agreement(
    store, question, lang
):
    assert store.retriever.search(question, lang).best.id == "general.publication"


# --- Follow-ups (issue 11): "Mente du …?", new topics, roles, advice for us ------------

OFFERED = ("lego.people", "lego.activities", "lego.summary")


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("ja", "da", "lego.people"),
        ("den anden", "da", "lego.activities"),
        ("the third one", "en", "lego.summary"),
        ("yes please", "en", "lego.people"),
    ],
)
def test_a_pick_after_did_you_mean_is_one_of_the_offered_facts(store, text, lang, expected):
    found = store.retriever.search(text, lang, suggested=OFFERED)
    assert found.best.id == expected and found.decision == "answer"
    # Without the offer the same words answer nothing of the kind.
    alone = store.retriever.search(text, lang)
    assert alone.decision != "answer" or alone.best.id != expected


def test_a_pick_needs_as_many_offered_facts(store):
    found = store.retriever.search("den tredje", "da", suggested=OFFERED[:2])
    assert found.best is None or found.best.id not in OFFERED or found.decision != "answer"


@pytest.mark.parametrize(
    "text,lang",
    [("ok nyt emne: hvem betalte?", "da"), ("new topic: who paid?", "en")],
)
def test_a_new_topic_leaves_the_case_in_context(store, text, lang):
    found = store.retriever.search(text, lang, "lego", last_fact="lego.summary")
    assert found.best is None or found.best.id != "lego.financing" or found.decision != "answer"
    # The same question without the words of a new topic is about LEGO.
    plain = text.split(":", 1)[1]
    assert store.retriever.search(plain, lang, "lego", last_fact="lego.summary").best.id == (
        "lego.financing"
    )


@pytest.mark.parametrize(
    "text,lang",
    [
        ("ok og generelt, hvad får en virksomhed ud af et partnerskab", "da"),
        ("and in general, what does a company get out of a partnership?", "en"),
    ],
)
def test_in_general_leaves_the_case_in_context(store, text, lang):
    # After LEGO's gains, "in general" asks about partnerships as a whole.
    found = store.retriever.search(text, lang, "lego", last_fact="lego.gains_company")
    assert found.best.topic == "general" and found.best.kind.startswith("gains")
    # "generelt" later in the sentence is no new topic ("hvordan gik det generelt?").
    cues = store.retriever.follow_up_cues("hvordan gik det generelt?", "da")
    assert "new_topic" not in cues


@pytest.mark.parametrize(
    "text,lang,case,last_fact",
    [
        ("hvad er hun ansat som", "da", "skandia", "skandia.people"),
        ("hvad laver han nu", "da", "lego", "lego.people"),
        ("what is her job?", "en", "skandia", "skandia.people"),
    ],
)
def test_his_or_her_job_is_in_the_fact_about_the_people(store, text, lang, case, last_fact):
    found = store.retriever.search(text, lang, case, last_fact=last_fact)
    assert found.best.id == f"{case}.people" and found.decision == "answer"


def test_what_she_does_with_them_is_still_an_activity(store):
    found = store.retriever.search(
        "hvad laver hun med dem", "da", "skandia", last_fact="skandia.people"
    )
    assert found.best.id == "skandia.activities"


@pytest.mark.parametrize(
    "text,lang",
    [("how should we approach them?", "en"), ("hvordan skal vi tage kontakt til dem?", "da")],
)
def test_advice_for_us_after_a_case_is_the_catalogues_advice(store, text, lang):
    found = store.retriever.search(text, lang, "brfkredit", last_fact="brfkredit.partners")
    assert found.best.topic == "advice"


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Kan vi få nogle computere fra dem, og hvem skal vi ringe til", "da"),
        ("can we get computers from them too, and who should we call?", "en"),
    ],
)
def test_whom_to_call_is_a_detail_the_catalogue_does_not_give(store, text, lang):
    found = store.retriever.search(text, lang, "brfkredit", last_fact="brfkredit.people")
    assert found.decision != "answer"


@pytest.mark.parametrize(
    "text,lang,expected",
    [("ja den i vejle", "da", "brandvaesen.summary"), ("yes, the LEGO one", "en", "lego.summary")],
)
def test_yes_and_a_name_is_the_case_as_a_whole(store, text, lang, expected):
    found = store.retriever.search(text, lang, "brandvaesen", last_fact="brandvaesen.gains_company")
    assert found.best.id == expected and found.decision == "answer"


def test_how_many_with_a_modal_verb_leaves_what_is_counted_to_the_context(store):
    # "Hvor mange skulle der være i 2010?" after the boys' clubs' funding: the clubs
    # the fact counts; "skulle" is not what is counted.
    found = store.retriever.search(
        "hvor mange skulle der være i 2010?", "da", "skandia", last_fact="skandia.financing"
    )
    assert found.best.id == "skandia.financing" and found.decision == "answer"


@pytest.mark.parametrize(
    "question, case, last_fact",
    [
        ("hvad er deres telefonnummer?", "brfkredit", "brfkredit.summary"),
        ("hvad er hans mail?", "lego", "lego.people"),
    ],
)
def test_contact_details_in_a_follow_up_are_those_of_what_is_in_play(
    store, question, case, last_fact
):
    """Not the ministry's in the colophon: the catalogue gives neither's."""
    found = store.retriever.search(question, "da", case, last_fact=last_fact)
    assert found.missing[0] == "contact" and found.decision != "answer"


@pytest.mark.parametrize(
    "question,lang,expected,case",
    [
        # Typed without æ/ø/å ("faar"): still asks for the gains, and names no case.
        ("hvad faar beboerne egentlig ud af at lave partnerskaber", "da", "gains_area", "lego"),
        ("gains for the neighbourhood?", "en", "gains_area", "mimersgade"),
        ("benefits for the staff?", "en", "gains_company", "skandia"),
        # "what does it mean for …" asks for the gains too.
        ("what does a partnership mean for the residents?", "en", "gains_area", "brfkredit"),
    ],
)
def test_a_question_that_names_no_case_is_about_partnerships_in_general(
    store, question, lang, expected, case
):
    found = store.retriever.search(question, lang)
    assert found.best.kind == expected and found.best.topic == "general"
    # With a case in play the same words are about that case.
    in_case = store.retriever.search(question, lang, context_case=case)
    assert in_case.best.id == f"{case}.{expected}"


def test_kinds_are_read_in_danish_typed_without_special_letters(store):
    kinds, _ = store.retriever.asked_kinds("hvad faar de ud af det", "da")
    assert "gains_area" in kinds and "gains_company" in kinds
    assert store.retriever.asked_kinds("hvem er noeglepersonerne", "da")[0] == ["people"]


def test_what_kind_of_asks_for_a_detail_not_the_overview(store):
    found = store.retriever.search("hvad slags klub er det skandia er med i", "da")
    ids = [h.fact.id for h in found.hits]
    assert ids[0] != "skandia.summary"
    assert ids.index("skandia.activities") < ids.index("skandia.summary")


@pytest.mark.parametrize(
    "question,lang",
    [("why would a firm want to take part?", "en"), ("hvorfor gider de det?", "da")],
)
def test_why_they_would_want_to_asks_for_the_gains_as_well_as_the_reasons(store, question, lang):
    kinds, _ = store.retriever.asked_kinds(question, lang)
    assert {"challenge", "gains_company"} <= set(kinds)
    found = store.retriever.search("hvorfor gider brandmændene det", "da", "brandvaesen")
    assert found.best.id == "brandvaesen.gains_company"


@pytest.mark.parametrize(
    "question,lang,fact",
    [
        # What the politicians get out of it is a point of its own (catalogue p. 8) ...
        ("hvad faar kommunalpolitikerne ud af at vi samarbejder med et firma", "da", "politicians"),
        ("What is in it for the councillors when we team up with a business?", "en", "politicians"),
        # ... not what the area or the company gets.
        ("hvad får beboerne i området ud af et partnerskab?", "da", "area"),
        ("hvad får virksomheden ud af et socialt partnerskab med kommunen?", "da", "company"),
        ("what do companies gain from partnerships in general", "en", "company"),
        # A company, any, named as who gains: in general, not one case's company.
        ("what does a firm get out of it", "en", "company"),
        ("hvad får virksomheden ud af at samarbejde med boligområdet?", "da", "company"),
    ],
)
def test_the_gains_of_the_politicians_the_area_and_the_company_are_told_apart(
    store, question, lang, fact
):
    got = store.reply(question, lang)
    assert got.fact is not None and got.fact.id == f"general.gains_{fact}"


@pytest.mark.parametrize(
    "question,lang",
    [
        ("hvem i firmaet skal vi helst ringe til når vi tager kontakt første gang?", "da"),
        ("who at a company should we ring first?", "en"),
    ],
)
def test_whom_to_call_in_a_company_is_advice_4_not_contact_details(store, question, lang):
    # Who in the company (the owner, advice 4), not a telephone number the catalogue lacks.
    assert "contact" not in store.retriever.asked_types(question, lang)
    got = store.reply(question, lang)
    assert got.fact is not None and got.fact.id == "advice.advice_4"
    # Whom to call, without a company: still contact details ("hvem skal vi ringe til?"),
    # and the ministry's number is in the colophon.
    assert "contact" in store.retriever.asked_types("hvem skal vi ringe til hos BRFkredit?", "da")
    for ministry, in_language in (
        ("kan vi ringe til ministeriet?", "da"),
        ("can we phone the ministry?", "en"),
    ):
        got = store.reply(ministry, in_language)
        assert got.fact is not None and got.fact.id == "general.ordering"


@pytest.mark.parametrize(
    "question,lang,fact",
    [
        # Money asked of the catalogue itself: the colophon's funding (publication) ...
        ("hvem betalte for kataloget", "da", "general.publication"),
        ("hvem betalte for at udgive kataloget?", "da", "general.publication"),
        ("who paid to print the booklet?", "en", "general.publication"),
        ("who financed the catalogue?", "en", "general.publication"),
        # ... not a case's money that the catalogue tells of.
        ("hvor mange penge gav Realdania ifølge kataloget?", "da", "hoeje_taastrup.financing"),
        ("how much money did Skandia give according to the catalogue?", "en", "skandia.financing"),
    ],
)
def test_who_paid_for_the_catalogue_is_the_publication_not_a_case(store, question, lang, fact):
    # (The catalogue telling of money is not money asked of it.)
    assert store.retriever.asked_kinds("which funds does the publication list?", "en")[0] != [
        "publication"
    ]
    assert store.retriever.asked_kinds("hvilke fonde nævner kataloget?", "da")[0] != ["publication"]
    found = store.retriever.search(question, lang)
    assert found.best is not None and found.best.id == fact
    if fact == "general.publication":
        assert found.decision == "answer"


@pytest.mark.parametrize(
    "question,lang,kind",
    [
        # Who gets something out of it says whose gains are asked, whoever else is named.
        ("What does a poor estate gain from working with a business?", "en", "gains_area"),
        (
            "hvad får medarbejderne i virksomheden ud af at hjælpe i et boligområde?",
            "da",
            "gains_company",
        ),
        (
            "what do the employees of a company get out of volunteering in a deprived estate?",
            "en",
            "gains_company",
        ),
        (
            "hvad faar beboerne egentlig ud af at et firma kommer ind i kvarteret",
            "da",
            "gains_area",
        ),
    ],
)
def test_who_gets_something_out_of_it_says_which_gains_are_asked(store, question, lang, kind):
    kinds, _ = store.retriever.asked_kinds(question, lang)
    assert kind in kinds and not (GAINS - {kind}) & set(kinds)
    got = store.reply(question, lang)
    assert got.fact is not None and got.fact.kind == kind
    # Nobody said: both sides' gains are asked.
    assert GAINS <= set(store.retriever.asked_kinds("hvad får de ud af det", "da")[0])


@pytest.mark.parametrize(
    "question,lang,case,detail",
    [
        # How long or how often, and nothing else but a verb, asked of the case in play:
        # a fact of it that states it ("2-4 ugeophold af en uges varighed", "to gange om
        # året"), not "Mente du …?".
        ("hvor længe står det på ad gangen?", "da", "brandvaesen", "duration"),
        ("hvor tit mødes de med klassen?", "da", "lego", "frequency"),
        ("how often do they come?", "en", "brandvaesen", "frequency"),
        ("hvor længe varer det ad gangen?", "da", "brandvaesen", "duration"),
    ],
)
def test_how_long_or_how_often_alone_is_asked_of_the_case_in_play(
    store, question, lang, case, detail
):
    got = store.reply(question, lang, context_case=case, last_fact=f"{case}.summary")
    assert got.fact is not None and got.fact.topic == case
    assert got.fact.id in store.retriever.detail_facts[(detail, lang)]


@pytest.mark.parametrize("question", ["hvor tit brænder det?", "hvor tit dør de?"])
def test_how_often_something_the_case_never_speaks_of_is_not_its_frequency(store, question):
    # A word the case in play does not use ("brænder", "dør") is more than a small verb.
    got = store.reply(question, "da", context_case="brandvaesen", last_fact="brandvaesen.summary")
    assert got.fact is None or got.fact.id != "brandvaesen.activities"


def test_a_particle_after_how_many_is_not_what_is_counted(store):
    # "hvor mange gav de væk": how many (computers) they gave away, not a count of
    # "væk" (which the lemmatiser reads as "vække"); the fact with the count answers.
    got = store.reply(
        "hvor mange gav de væk dengang i 2009?",
        "da",
        context_case="brfkredit",
        last_fact="brfkredit.summary",
    )
    assert got.fact is not None and got.fact.id == "brfkredit.results"


@pytest.mark.parametrize(
    "question,asks_a_year",
    [
        ("in what year of school are the children when they start?", False),
        ("which year group are the children in?", False),
        ("what year was the catalogue published?", True),
        ("which years did the exhibitions run?", True),
    ],
)
def test_a_year_at_school_is_no_calendar_year(store, question, asks_a_year):
    assert ("year" in store.retriever.asked_types(question, "en")) is asks_a_year


@pytest.mark.parametrize(
    "question,lang",
    [
        ("what year did the class adoption start", "en"),
        ("i hvilket år startede klasseadoptionerne hos lego", "da"),
    ],
)
def test_a_web_references_date_is_no_year_of_the_case(store, question, lang):
    # The catalogue gives no year for the class adoptions; the web reference's note
    # that its addresses are from 2010 is not one (it was answered as if it were).
    found = store.retriever.search(question, lang)
    assert found.lacks_detail and found.missing[0] == "year"
    got = store.reply(question, lang)
    assert got.fact is None or got.fact.kind != "read_more"


@pytest.mark.parametrize(
    "question,lang,kind",
    [
        # A template, a salary, what the law requires: details the catalogue never gives.
        ("har I en skabelon til samarbejdsaftalen?", "da", "template"),
        ("do you have a template we could use for the deal with the firm?", "en", "template"),
        ("hvor meget tjener en projektleder i BRFkredit?", "da", "money"),
        ("er det lovpligtigt for virksomheder at have en CSR-strategi?", "da", "law"),
        ("is a company legally required to publish its CSR policy?", "en", "law"),
        ("which section of the act covers area renewal?", "en", "law"),
        ("is a donated computer tax-deductible for BRFkredit?", "en", "tax"),
        ("hvad med momsen når man forærer computere væk", "da", "tax"),
    ],
)
def test_a_template_a_salary_or_the_law_is_a_detail_the_catalogue_does_not_give(
    store, question, lang, kind
):
    assert kind in store.retriever.asked_types(question, lang)
    found = store.retriever.search(question, lang)
    assert found.decision != "answer" or found.missing[0] == kind


@pytest.mark.parametrize(
    "question,lang",
    [
        ("hvad tjener partnerskabet til?", "da"),  # serves, not earns
        ("where can we download the catalogue?", "en"),  # its electronic edition
    ],
)
def test_serving_a_purpose_or_downloading_the_catalogue_asks_for_no_such_detail(
    store, question, lang
):
    assert not {"money", "template"} & store.retriever.asked_types(question, lang)


@pytest.mark.parametrize(
    "question,lang",
    [
        ("hvem sørger for programmerne, der er på BRFkredits brugte pc'er?", "da"),
        ("who supplies the programs for BRFkredit's old computers?", "en"),
    ],
)
def test_the_programs_on_the_computers_are_the_software(store, question, lang):
    got = store.reply(question, lang)
    assert got.fact is not None and "Microsoft" in got.fact.answer[lang]


def test_the_name_of_an_initiative_is_not_who_took_the_initiative(store):
    found = store.retriever.search("what's the name of Skandia's initiative?", "en")
    assert found.best.id == "skandia.ideer_for_livet"
    assert store.retriever.asked_kinds("hvad hedder skandias initiativ?", "da")[0] == []
    # Who took it is still the initiator.
    assert (
        store.retriever.search("hvem tog initiativet hos Skandia?", "da").best.kind == "initiator"
    )


def test_every_reader_of_the_synonyms_reads_a_word_the_same(store, kb):
    """knowledge/synonyms.yml is looked up once (``Knowledge.catalogue_word``: the
    lemma, then the word as typed): the ranking's terms and the words the bank's
    nearest question is asked in agree on every word it maps, also on a word the
    lemmatiser reads as another ("unger" -> "unge", "tøs" -> "tø")."""
    retriever = store.retriever
    disagree = []
    for lang, mapping in kb.synonyms.items():
        index = retriever.indexes[lang]
        for word, target in mapping.items():
            groups = retriever.term_groups(word, lang)
            ranked = groups[0][-1] if groups else ""
            expected = (index.normalise(target) or target) if target else ""
            bridged = retriever._in_catalogue_words(word, lang).strip()
            if ranked != expected or bridged != target:
                disagree.append((lang, word, ranked, bridged))
    assert not disagree
    assert kb.catalogue_word("da", "unge", "unger") == "barn"
    assert kb.catalogue_word("da", "unge") is None and kb.catalogue_word("da", "cirka") == ""


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("hvem betalte altså for det", "da", "hvem betalte for det"),
        ("um who paid", "en", "who paid"),
    ],
)
def test_words_of_speech_are_left_out_of_the_question_asked_of_the_bank(
    store, text, lang, expected
):
    """The words of speech (words.FILLERS) are the one list of them: the bank is asked
    without them, as it is without the words synonyms.yml maps to nothing."""
    assert " ".join(store.retriever._in_catalogue_words(text, lang).split()) == expected


def test_a_word_that_says_how_to_answer_counts_nothing_in_how_many(store):
    """ "Hvor mange cirka?" after the fire brigade's staff asks for that number: "cirka"
    (mapped to nothing) is not what is counted, so no detail is said to be missing."""
    found = store.retriever.search(
        "Hvor mange cirka?", "da", "brandvaesen", last_fact="brandvaesen.organisation"
    )
    assert found.best.id == "brandvaesen.organisation"
    assert found.missing == ("", "")


@pytest.mark.parametrize(
    "question,lang,expected",
    [
        ("og nr 4?", "da", 4),
        ("and 12", "en", 12),
        ("nummer 7 tak", "da", 7),
        ("what about 3?", "en", 3),
        # spoken: a number word after "nummer"/"number", and small words before it
        ("og så nummer elleve", "da", 11),
        ("og det sidste altså nummer tolv", "da", 12),
        ("and then number two", "en", 2),
        ("okay og nummer seks nej vent jeg mener nummer syv", "da", 7),  # taken back
        ("ok and 10", "en", 10),
    ],
)
def test_a_number_alone_after_a_piece_of_advice_is_that_piece(store, question, lang, expected):
    found = store.retriever.search(question, lang, last_fact="advice.advice_9")
    assert found.best.id == f"advice.advice_{expected}" and found.decision == "answer"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("øhm nummer 5", 5),
        ("og altsaa nr 6", 6),
        ("uh number 8", 8),
        ("hmm 3", 3),
        ("det er 5", None),
    ],
)
def test_a_number_alone_reads_past_every_word_of_speech(text, expected):
    """The words of speech are words.FILLERS, typed with or without æ/ø/å; English "er"
    is no word of speech in "det er 5"."""
    assert advice_number_alone(text) == expected


@pytest.mark.parametrize("question,lang", [("og 13", "da"), ("and 13?", "en"), ("nr 0", "da")])
def test_a_number_alone_after_advice_that_no_advice_has_is_no_such_advice(store, question, lang):
    """ "og 13" after advice 4 asks for a 13th piece of advice, which the catalogue
    does not have: not the fact that holds "13,5 mio. kr."."""
    found = store.retriever.search(question, lang, last_fact="advice.advice_4")
    assert found.best is None and found.advice_number is not None
    assert store.reply(question, lang, last_fact="advice.advice_4").response == (
        "utter_no_such_advice"
    )


@pytest.mark.parametrize(
    "question,lang,context,last_fact,expected",
    [
        # the case in context is left: the question asks which piece of advice
        ("hvilket råd handler om én kontaktperson", "da", "brfkredit", "brfkredit.people", 8),
        ("which tip says we should celebrate together", "en", "lego", "lego.results", 12),
        # nothing asked but "det": the advice about the last answer's subject
        ("hvilket af rådene handler om det", "da", None, "framework.csr_strategy", 3),
    ],
)
def test_which_piece_of_advice_is_asked_for_whatever_case_is_in_play(
    store, question, lang, context, last_fact, expected
):
    found = store.retriever.search(question, lang, context, last_fact=last_fact)
    assert found.best.number == expected


@pytest.mark.parametrize(
    "question,lang,context,last_fact,person",
    [
        ("og Lene Hjorth?", "da", "brfkredit", "brfkredit.summary", "Lene Hjorth"),
        ("and Aksel Krabbe Nielsen?", "en", "lego", "lego.summary", "Aksel Krabbe Nielsen"),
    ],
)
def test_a_person_named_alone_is_asked_about_not_the_case(
    store, question, lang, context, last_fact, person
):
    found = store.retriever.search(question, lang, context, last_fact=last_fact)
    assert found.best.kind != "summary"
    assert person in store.retriever.fact_people[found.best.id]


def test_what_someone_said_is_their_quote_not_who_they_are(store):
    asked = store.retriever.search("hvad siger Aksel Krabbe Nielsen om projektet", "da")
    assert asked.best.id == "lego.gains_company"  # "en form for indirekte rekruttering"
    who = store.retriever.search("hvem er Aksel Krabbe Nielsen", "da")
    assert who.best.id == "lego.people"


@pytest.mark.parametrize(
    "question,lang,context,last_fact",
    [
        ("hvor mange ansatte?", "da", "brandvaesen", "brandvaesen.organisation"),
        ("how many clubs?", "en", "skandia", "skandia.financing"),
        ("hvor mange skoler", "da", "brandvaesen", "brandvaesen.partners"),
    ],
)
def test_a_short_count_or_place_of_what_the_last_answer_said_is_that_answer(
    store, question, lang, context, last_fact
):
    found = store.retriever.search(question, lang, context, last_fact=last_fact)
    assert found.best.id == last_fact


@pytest.mark.parametrize(
    "question,lang,expected",
    [
        ("why did the fire brigade visits work", "en", "brandvaesen.lessons"),
        ("what made the photo project in mimersgade work", "en", "mimersgade.lessons"),
        ("hvorfor lykkedes galleriet i mimersgade", "da", "mimersgade.lessons"),
    ],
)
def test_why_it_worked_is_what_was_learnt(store, question, lang, expected):
    # Why it worked asks for the lessons, not for the problem it began with.
    assert store.retriever.search(question, lang).best.id == expected


@pytest.mark.parametrize(
    "question,lang",
    [
        ("hvor mange penge havde de til rådighed", "da"),
        ("hvor mange penge havde de at råde over", "da"),
        ("how much money did they have at their disposal", "en"),
    ],
)
def test_money_to_dispose_of_is_the_amount_stated(store, question, lang):
    # "at råde over", "at their disposal" ask for the amount, not for something the
    # 13.5 million was set aside for.
    found = store.retriever.search(
        question, lang, "hoeje_taastrup", last_fact="hoeje_taastrup.partners"
    )
    assert found.best.id == "hoeje_taastrup.financing"
    assert not found.lacks_detail and found.decision == "answer"


@pytest.mark.parametrize(
    "question,lang,expected",
    [
        # Everyday words for the catalogue's own (knowledge/synonyms.yml).
        ("who gets the laptops ready before they are donated", "en", "brfkredit"),
        ("is there a formula for success in the catalogue", "en", "general"),
        ("hvor lang er væggen med billederne i mimersgade", "da", "mimersgade"),
    ],
)
def test_everyday_words_find_the_catalogues_own(store, question, lang, expected):
    found = store.retriever.search(question, lang)
    assert found.decision == "answer" and found.best.topic == expected
    assert found.best.kind != "financing"  # the wall's length is in the summary


@pytest.mark.parametrize(
    "question,context,expected",
    [
        ("what's in it for the companies?", None, "general.gains_company"),
        ("and the companies, what's in it for them?", None, "general.gains_company"),
        ("whats in it for lego", None, "lego.gains_company"),
        ("what is in it for the fire brigade?", "brandvaesen", "brandvaesen.gains_company"),
    ],
)
def test_whats_in_it_for_them_asks_what_they_gain(store, question, context, expected):
    # Not the list of cases, which the word "companies" alone would find.
    assert store.reply(question, "en", context_case=context).fact.id == expected


@pytest.mark.parametrize(
    "question,lang",
    [
        ("findes der et eksempel hvor en virksomheds ansatte er frivillige i arbejdstiden", "da"),
        ("is there an example where company staff volunteer during working hours", "en"),
        # A case for an example, and "in one of the cases" (all of which leave the
        # general gains first otherwise).
        ("er der en case hvor en virksomheds ansatte er frivillige i arbejdstiden", "da"),
        ("is there a case where company staff volunteer during working hours", "en"),
        ("i en af casene var de ansatte vist frivillige i arbejdstiden", "da"),
        ("in one of the cases staff volunteered during working hours, which one", "en"),
        ("er der et af eksemplerne hvor en virksomheds ansatte er frivillige i arbejdstiden", "da"),
        ("is there one of the cases where company staff volunteer during working hours", "en"),
    ],
)
def test_asking_for_an_example_is_asking_for_a_case(store, question, lang):
    # "Is there an example …": one of the cases (Skandia's volunteers), not the
    # general gains that speak of volunteering in working hours.
    found = store.retriever.search(question, lang)
    assert found.best.topic == "skandia"


@pytest.mark.parametrize(
    "question,lang",
    [
        ("er der et eksempel", "da"),
        ("kender du nogle eksempler", "da"),
        ("any examples?", "en"),
        ("do you have an example", "en"),
    ],
)
def test_asking_whether_there_are_examples_at_all_is_the_list_of_cases(store, question, lang):
    # With nothing said of what kind (review11): the six cases, not one picked at random.
    assert store.reply(question, lang).fact.id == "general.cases_overview"


@pytest.mark.parametrize(
    "question,lang",
    [
        ("hvad går kataloget ud på?", "da"),
        ("tell me about the idea catalogue", "en"),
        # Contracted, as typed in a chat.
        ("what's the catalogue about?", "en"),
        ("whats this catalogue about in short", "en"),
    ],
)
def test_what_the_catalogue_is_about_is_its_overview_not_one_case(store, question, lang):
    found = store.retriever.search(question, lang)
    assert found.best is not None and not store.kb.topics[found.best.topic].is_case
    assert found.decision == "answer"
    # What the catalogue says about something is still that something.
    assert store.retriever.search("hvad siger kataloget om LEGO?", "da").best.topic == "lego"


@pytest.mark.parametrize(
    "question,lang,context,last_fact,expected",
    [
        # The staff count is near, but the activities say how often ("2-4 ... every year").
        (
            "how many times a year",
            "en",
            "brandvaesen",
            "brandvaesen.summary",
            "brandvaesen.activities",
        ),
        # A bare "where?" after Skandia is where the volunteering takes place (Glasvej,
        # Nørrebro), not where to read more.
        ("hvor?", "da", "skandia", "skandia.summary", "skandia.activities"),
        # Which organisations took part: the partners, not the case's overview.
        (
            "which schools take part in the fire station scheme",
            "en",
            None,
            None,
            "brandvaesen.partners",
        ),
        # One of them, named by its kind of organisation: still the partners.
        (
            "what housing association joined kulturringen",
            "en",
            None,
            None,
            "hoeje_taastrup.partners",
        ),
        (
            "hvilken boligforening gik med i partnerskabet i høje taastrup",
            "da",
            None,
            None,
            "hoeje_taastrup.partners",
        ),
    ],
)
def test_a_near_tie_that_states_the_detail_asked_for_wins(
    store, question, lang, context, last_fact, expected
):
    found = store.retriever.search(question, lang, context, last_fact=last_fact)
    assert found.best.id == expected


@pytest.mark.parametrize(
    "question,lang,context,who",
    [
        ("hvad siger projektlederen om de frivillige fra Skandia?", "da", None, "skandia.people"),
        (
            "what did the special consultant say about the foundations?",
            "en",
            "hoeje_taastrup",
            "hoeje_taastrup.people",
        ),
    ],
)
def test_what_someone_in_a_role_said_is_not_who_they_are(store, question, lang, context, who):
    """ "Hvad sagde X om Y?" names X as the source: the fact that says who X is (the
    key people) is not what X said about Y."""
    found = store.retriever.search(question, lang, context)
    assert found.best.id != who
    assert found.best.topic == who.split(".")[0]


@pytest.mark.parametrize(
    "question,lang",
    [("how many boys showed up", "en"), ("hvor mange drenge kom der", "da")],
)
def test_a_number_that_counts_something_else_does_not_answer_how_many(store, question, lang):
    """ "12 boys' clubs", "12 drengeklubber" count clubs: the catalogue does not say how
    many boys came, so it is not answered with the clubs' target."""
    found = store.retriever.search(question, lang, "skandia", last_fact="skandia.summary")
    assert found.missing[0] == "count"
    assert found.decision != "answer"
    clubs = store.retriever.search("how many boys' clubs?", "en", "skandia")
    assert clubs.best.id == "skandia.financing" and not clubs.missing[0]


def test_details_only_rank_and_never_make_a_question_uncovered(store):
    """knowledge/details.yml decides between near ties; unlike answer_types.yml it is
    never what the catalogue is said to lack."""
    retriever = store.retriever
    assert retriever.asked_details("hvor tit mødes de?", "da") == ["frequency"]
    assert retriever.asked_details("hvor kan jeg læse mere?", "da") == []
    assert "place" in retriever.asked_details("where?", "en")
    found = retriever.search("how often does the newspaper pay?", "en", "lego")
    assert found.missing[0] not in retriever.detail_asks["en"]
    for (name, lang), facts in retriever.detail_facts.items():
        assert facts, f"no fact states {name} in {lang}"


@pytest.mark.parametrize(
    "question,lang,place",
    [
        ("hvilket område?", "da", True),
        ("hvilken skole?", "da", True),
        ("hvilken bydel?", "da", True),
        ("which school?", "en", True),
        ("which region?", "en", True),
        ("which district?", "en", True),
        ("hvor længe?", "da", False),
        ("hvor stor?", "da", False),
    ],
)
def test_asking_where_is_one_reading(store, question, lang, place):
    """knowledge/details.yml ``place`` is the one reading of "asks where": the near ties
    and a short question after an answer (``_detail_of_last``, which had its own list
    that took "hvor længe?" for "where" and lacked "bydel", "district")."""
    assert ("place" in store.retriever.asked_details(question, lang)) is place


def test_why_is_the_fact_that_gives_a_reason(store):
    # The key people: council members sit on it "to secure political anchoring".
    found = store.retriever.search(
        "why were politicians put into the Høje Taastrup partnership?", "en"
    )
    assert found.best.id == "hoeje_taastrup.people"


def test_the_name_of_a_thing_is_the_fact_that_writes_a_name_not_a_person(store):
    # The summary writes the name in quotation marks; the key people only describe it.
    thing = store.retriever.search(
        "what is the name of the Skandia and Refugee Council partnership?", "en"
    )
    assert thing.best.id == "skandia.summary" and thing.margin > 1.1
    # Asked for a person's name, the key people still answer.
    person = store.retriever.search("hvad hedder konsulenten fra Høje Taastrup Kommune?", "da")
    assert person.best.id == "hoeje_taastrup.people"


def test_a_name_in_quotation_marks_is_no_quote(store):
    """ "Hvad sagde Steen Søgaard?" went to Byen i Balance's fact, which names his
    project „Gennem Ild og Vand“ in quotation marks: a name the catalogue knows (an
    alias) quoted is no report of what someone said."""
    said = store.retriever.detail_facts
    for language in ("da", "en"):
        assert "brandvaesen.byen_i_balance" not in said[("said", language)]
        assert "skandia.summary" not in said[("said", language)]
        assert "brandvaesen.gains_company" in said[("said", language)]  # "fortæller"/"says"
    found = store.retriever.search("hvad sagde Steen Søgaard?", "da")
    assert found.best.id != "brandvaesen.byen_i_balance"


def test_words_of_speech_are_not_unknown_words(store):
    """Dictated "øh … altså …" is no question about things the catalogue never mentions:
    the same answer as typed without them."""
    plain = store.retriever.search(
        "hvem gav de fonds penge, hvilke fonde var det", "da", "hoeje_taastrup"
    )
    spoken = store.retriever.search(
        "og øh hvem gav de fonds penge altså hvilke fonde var det", "da", "hoeje_taastrup"
    )
    assert spoken.best.id == plain.best.id and spoken.decision == plain.decision == "answer"


@pytest.mark.parametrize(
    "question,lang",
    [("i vejle?", "da"), ("og i Nørremarken?", "da"), ("and in vejle?", "en")],
)
def test_a_place_of_the_case_in_play_is_a_follow_up_about_it(store, question, lang):
    # LEGO's classes are in Vejle (Nørremarks skolen), as is the fire brigade's
    # project: with LEGO in play, its place asks about LEGO (issue 11).
    got = store.reply(question, lang, context_case="lego", last_fact="lego.summary")
    assert got.fact is not None and got.fact.topic == "lego"
    assert got.case in (None, "lego")  # the case in play stays LEGO


@pytest.mark.parametrize(
    "question,lang,context",
    [
        ("hvad skete der i Nørremarken?", "da", None),
        ("and in vejle?", "en", "brandvaesen"),
        ("hvad skete der i Vejle?", "da", "skandia"),  # not LEGO's: the fire brigade's
    ],
)
def test_a_place_alone_is_the_fire_brigades_unless_lego_is_in_play(store, question, lang, context):
    found = store.retriever.search(question, lang, context_case=context)
    assert found.best is not None and found.best.topic == "brandvaesen"


@pytest.mark.parametrize(
    "question,in_play,topics",
    [
        # In the paper: the press of the case in play (Mimersgade's coverage) ...
        ("var de nogensinde i avisen?", "mimersgade", []),
        ("stod det i dagbladet?", "mimersgade", []),
        # ... JydskeVestkysten when nothing else is in play, when it is named, or when
        # the paper is the one they visited.
        ("var de nogensinde i avisen?", None, ["lego"]),
        ("hvad gjorde JydskeVestkysten?", "mimersgade", ["lego"]),
        ("hvad lavede børnene ude på avisen?", "brfkredit", ["lego"]),
    ],
)
def test_an_everyday_alias_in_its_phrase_names_no_other_case_than_the_one_in_play(
    store, question, in_play, topics
):
    assert store.retriever.names.read_in(question, "da", in_play).topics == topics


def test_in_the_paper_after_a_case_asks_of_that_case(store):
    got = store.reply("stod det i avisen?", "da", context_case="mimersgade")
    assert got.fact is not None and got.fact.topic == "mimersgade"


@pytest.mark.parametrize("opening, closing", ["„“", '""', "''", "»«", "‘’", "“”"])
def test_a_name_the_catalogue_knows_is_left_out_in_any_quotation_marks(opening, closing):
    """What the retriever leaves out of an answer before it looks for a quote
    (knowledge/details.yml ``not_names``): a known name quoted, not other words quoted,
    nor the words around an apostrophe ("LEGO's")."""
    from partnerskab.core.words import without_quotations

    known = {"gennem ild og vand"}
    answer = f"LEGO's {opening}Gennem Ild og Vand{closing} og {opening}vi gør det sammen{closing}"
    assert without_quotations(answer, 80, which=lambda q: q.strip().lower() in known) == (
        f"LEGO's   og {opening}vi gør det sammen{closing}"
    )
    too_long = f"{opening}{'x' * 81}{closing}"
    assert without_quotations(too_long, 80) == too_long


@pytest.mark.parametrize(
    "clause,lang",
    [
        ("hvem betalte for det, spurgte Mette", "da"),
        ("hvem betalte for det, skrev Mette", "da"),
        ("who paid for it, wrote Mette", "en"),
        ("who paid for it, asked Mette", "en"),
    ],
)
def test_a_name_after_a_verb_of_asking_is_the_one_who_asks(store, clause, lang):
    """The verbs of asking are one list (words.ASKS_VERBS, as in a question passed on):
    a name just after any of them says who asks, not what the question is about."""
    assert store.retriever._unknown_names(clause, lang) == []
    assert store.retriever._unknown_names(clause.replace("Mette", "i Odense"), lang) == ["Odense"]


@pytest.mark.parametrize(
    "question,lang",
    [
        ("hvad handler bogen om?", "da"),
        ("hvad handler idekataloget om?", "da"),
        ("what is the booklet about in short", "en"),
        ("what is this book about?", "en"),
    ],
)
def test_the_catalogue_by_any_of_its_names_asks_for_the_overview(store, question, lang):
    """words.CATALOGUE_WORDS are the catalogue's names, one list: small words in a
    question and what asks for the whole catalogue's overview (the book, the booklet
    were small words but not its names, and asked for one case's summary)."""
    assert store.retriever.search(question, lang).best.id == "general.cases_overview"


def test_the_sentence_that_asks_is_one_reading(store):
    """words.asking_sentence is the skill cues' and the retriever's sentence that asks: a
    colon ends a sentence for both ("et spørgsmål fra os: kører det stadig?" asks how
    things stand today; the retriever read it whole, "os" and all)."""
    assert store.retriever.asks_about_today("Et spørgsmål fra os: kører det stadig?", "da")
    assert not store.retriever.asks_about_today("Kører vores projekt stadig?", "da")


@pytest.mark.parametrize(
    "said,lang,written",
    [
        ("i totusind og ni", "da", "i 2009"),
        ("i to tusind og ni", "da", "i 2009"),
        ("to tusind ni", "da", "2009"),
        ("i nitten hundrede og fireoghalvfems", "da", "i 1994"),
        ("in two thousand and nine", "en", "in 2009"),
        ("nineteen ninety-four", "en", "1994"),
        ("twenty oh nine", "en", "2009"),
        ("de to hundrede computere", "da", "de 200 computere"),
        ("twenty two boys", "en", "22 boys"),
        # Small number words are words too, and a magnitude alone is no count.
        ("to af dem og en til", "da", "to af dem og en til"),
        ("tusind tak", "da", "tusind tak"),
        ("det femte råd", "da", "det femte råd"),
        ("between two thousand and two thousand and nine", "en", "between 2000 and 2009"),
        # One number word alone may be another word ("tyve" is also thieves: review11).
        ("hvor mange tyve", "da", "hvor mange tyve"),
        ("fifteen minutes", "en", "fifteen minutes"),
    ],
)
def test_a_number_said_in_full_is_read_in_digits(said, lang, written):
    from partnerskab.core.words import spoken_numbers

    assert spoken_numbers(said, lang) == written


def test_a_hostile_word_of_number_words_is_no_number_and_no_crash(store):
    # 1,200 characters of "to": no number is written so long (it recursed past the limit).
    from partnerskab.core.words import spoken_numbers

    word = "to" * 600
    assert spoken_numbers(word, "da") == word
    assert store.reply(word, "da").response == "utter_not_covered"


@pytest.mark.parametrize(
    "question,lang,context",
    [
        ("how many computers were donated by brf kredit in two thousand and nine", "en", None),
        ("hvor mange pc'er blev doneret i to tusind og ni", "da", "brfkredit"),
    ],
)
def test_a_year_said_in_words_is_the_year(store, question, lang, context):
    found = store.retriever.search(question, lang, context)
    assert found.decision == "answer" and found.best.id == "brfkredit.results"


def test_a_year_said_in_words_the_catalogue_never_mentions_is_missing(store):
    found = store.retriever.search("hvad skete der med galleriet i to tusind og tolv", "da")
    assert found.missing == ("unknown_year", "2012")


@pytest.mark.parametrize(
    "said,lang,meant",
    [
        (
            "hvem åbnede galleriet på øh vesterbro nej undskyld det var på nørrebro",
            "da",
            "hvem åbnede galleriet på nørrebro",
        ),
        ("hvad fik lego øh nej brf ud af det", "da", "hvad fik brf ud af det"),
        (
            "what did the fire brigade sorry i mean the refugee council get",
            "en",
            "what did the refugee council get",
        ),
        (
            "the fire station how many staff no sorry how many firefighters",
            "en",
            "the fire station how many firefighters",
        ),
        ("what did lego, sorry, brf do", "en", "what did brf do"),
        # No correction: a "no" or "sorry" that takes nothing back.
        ("svar ja eller nej: er LEGO med", "da", "svar ja eller nej: er LEGO med"),
        ("is there no budget", "en", "is there no budget"),
        ("I'm sorry but what is ABCD", "en", "I'm sorry but what is ABCD"),
        ("nej, jeg mente den anden", "da", "nej, jeg mente den anden"),
    ],
)
def test_what_is_taken_back_mid_sentence_is_not_meant(store, said, lang, meant):
    assert store.retriever.names.corrected(said, lang) == meant


@pytest.mark.parametrize(
    "text,lang",
    [
        ("how many computers did they donate, i mean roughly", "en"),
        ("hvad betyder det, jeg mener helt konkret", "da"),
        ("is there a contact person or rather a team", "en"),
        ("I'm sorry, what is the abcd method?", "en"),
    ],
)
def test_an_ordinary_sentence_takes_nothing_back(store, text, lang):
    # "i mean", "jeg mener", "or rather" and "sorry" alone are words of ordinary
    # sentences, no correction (review11): nothing of the message is left out.
    assert store.retriever.names.read(text, lang).prepared == text.lower()


@pytest.mark.parametrize(
    "question,lang,topic",
    [
        ("hvad fik lego øh nej brf ud af det", "da", "brfkredit"),
        (
            "what did the fire brigade sorry i mean the refugee council get out of it",
            "en",
            "skandia",
        ),
    ],
)
def test_a_self_corrected_question_is_about_what_is_meant(store, question, lang, topic):
    assert store.retriever.names.read(question, lang).topics == [topic]
    found = store.retriever.search(question, lang)
    assert found.decision == "answer" and found.best.topic == topic


@pytest.mark.parametrize(
    "said,lang,asked",
    [
        (
            "who opened the Farver i Sort/Hvid show, wasnt it Ritt Bjerregaard",
            "en",
            "who opened the Farver i Sort/Hvid show",
        ),
        (
            "hvornår slutter sådan en klasseadoption, var det da de gik ud af 6.?",
            "da",
            "hvornår slutter sådan en klasseadoption?",
        ),
        ("hvem tog billederne - var det ikke Poul Hansen?", "da", "hvem tog billederne?"),
        # No guess to leave out: a question that asks by "var det" ...
        ("hvilket år var det?", "da", "hvilket år var det?"),
        ("Hvem var det, der åbnede udstillingen?", "da", "Hvem var det, der åbnede udstillingen?"),
        # ... nor a guess with no question before it (it is the question).
        (
            "Der var en avis i Esbjerg - var det Ekstra Bladet?",
            "da",
            "Der var en avis i Esbjerg - var det Ekstra Bladet?",
        ),
    ],
)
def test_the_writers_guess_after_a_question_is_not_asked(store, said, lang, asked):
    assert store.retriever.names.without_guess(said, lang) == asked


@pytest.mark.parametrize(
    "question,lang,fact,said",
    [
        # A wrong name guessed after the question is no detail the catalogue lacks.
        (
            "who opened the Farver i Sort/Hvid show, wasnt it Ritt Bjerregaard",
            "en",
            "mimersgade",
            "Bondam",
        ),
        # A wrong town offered as a guess about a case the message names.
        (
            "Var det Aalborg brandvæsen der havde unge på besøg i en uge?",
            "da",
            "brandvaesen",
            "Vejle",
        ),
        # Firefighters half remembered in the wrong town: the firefighters' case.
        (
            "der stod noget om brandfolk og unge fra esbjerg, hvad gik det ud på?",
            "da",
            "brandvaesen",
            "Vejle",
        ),
    ],
)
def test_a_half_remembered_question_gets_the_catalogues_fact(store, question, lang, fact, said):
    found = store.retriever.search(question, lang)
    assert found.decision == "answer" and found.missing == ("", "")
    assert found.best.topic == fact and said in found.best.answer[lang]


def test_a_guessed_name_of_no_case_is_still_not_in_the_catalogue(store):
    # "Var det Aarhus der …" names no case of the catalogue: Aarhus is another subject.
    found = store.retriever.search("Var det Aarhus der fik penge til områdefornyelse?", "da")
    assert found.missing == ("name", "Aarhus")


@pytest.mark.parametrize(
    "heard,lang,topic,written",
    [
        ("hvem er mikael kammer", "da", "lego", "mikael kamber"),
        ("hvad er real danya", "da", "hoeje_taastrup", "realdania"),
        ("hvad er id er for livet", "da", "skandia", "ideer for livet"),
        ("hvem startede galery hamlet", "da", "mimersgade", "gallery hamlet"),
        # A name written with a dot in it ("Karsten B. Vester") is found too.
        ("hvem er karsten b vester", "da", "lego", "karsten b vester"),
    ],
)
def test_a_name_heard_as_words_a_letter_off_is_the_name(store, heard, lang, topic, written):
    reading = store.retriever.names.read(heard, lang)
    assert reading.topics == [topic] and written in reading.prepared


@pytest.mark.parametrize(
    "text,lang",
    [
        ("min computer er gået ned, kan du hjælpe?", "da"),  # not "computere" (BRFkredit)
        ("why are renewal projects a good entry point", "en"),  # "are renewal" is no name
        ("hvad var problemet med brandbilerne foer projektet", "da"),
    ],
)
def test_ordinary_words_next_to_each_other_are_no_name_heard(store, text, lang):
    assert store.retriever.names.read(text, lang).topics == []


@pytest.mark.parametrize(
    "question, lang",
    [
        ("how many council members are in the Høje Taastrup partnership", "en"),
        ("hvor mange fra byrådet er med i partnerskabet i høje taastrup", "da"),
    ],
)
def test_a_near_tie_that_states_the_count_is_given_instead(store, question, lang):
    # Høje Taastrup's people and its partners score about the same; only the
    # partners' answer counts the council's seats ("5 repræsentanter fra byrådet").
    found = store.retriever.search(question, lang)
    assert found.best.id == "hoeje_taastrup.partners"
    assert not found.lacks_detail
    assert found.decision == "answer"


@pytest.mark.parametrize(
    "question, lang",
    [("How many people work at BRFkredit?", "en"), ("hvor mange arbejder der hos brfkredit", "da")],
)
def test_the_people_who_work_at_a_company_are_its_employees(store, question, lang):
    found = store.retriever.search(question, lang)
    assert found.best.id == "brfkredit.company"  # "850 medarbejdere"
    assert found.decision == "answer"


@pytest.mark.parametrize(
    "question, lang, counts",
    [
        ("how many firefighters work at the vejle fire station", "en", True),  # "20 of them"
        ("how many Skandia employees signed up as ambassadors in total?", "en", False),
    ],
)
def test_how_many_counts_a_word_that_also_names_the_case(store, question, lang, counts):
    # "firefighters" names the fire brigade's case and is what is counted; "Skandia"
    # names its case only (the catalogue gives no count of its ambassadors).
    found = store.retriever.search(question, lang)
    assert (found.missing[0] != "count") is counts


@pytest.mark.parametrize("question, lang", [("which piece of advice has the stroll in it", "en")])
def test_a_stroll_is_the_walk_of_advice_5(store, question, lang):
    assert store.retriever.search(question, lang).best.id == "advice.advice_5"


@pytest.mark.parametrize(
    "question, lang, expected",
    [
        ("hvornår hang billederne på husmuren i mimersgade", "da", "mimersgade.activities"),
        ("did any firm take a school class under its wing", "en", "lego.summary"),
        ("tog et firma en skoleklasse under sine vinger", "da", "lego.summary"),
    ],
)
def test_everyday_words_for_the_catalogues_find_its_fact(store, question, lang, expected):
    # "husmuren" is Schiller House's "ydermur"; a class taken under a company's wing
    # is adopted.
    assert store.retriever.search(question, lang).best.id == expected


@pytest.mark.parametrize(
    "question, lang, expected",
    [
        # Busy companies: advice 9 (their time, no long meetings).
        (
            "et af rådene handlede om at virksomhederne har travlt, hvad sagde det lige",
            "da",
            "advice.advice_9",
        ),
        ("there was advice about companies being busy, what was it", "en", "advice.advice_9"),
        # Seen as a pdf, wanted on paper: the colophon's ordering.
        ("jeg har kun set den som pdf, kan man få den på papir et sted?", "da", "general.ordering"),
        # Where Mimersgade lies: the summary that names Ydre Nørrebro, not the area
        # renewal "in Mimersgade" (a street named as the case is, no place).
        ("hvor ligger Mimersgade egentlig henne", "da", "mimersgade.summary"),
        # The fire project by a name of one's own, its name asked: the summary's.
        ("Brandprojektet i Vejle, hvad hed det nu?", "da", "brandvaesen.summary"),
        # Ten pieces of advice half remembered, then "the first": advice 1, not 10.
        (
            "der var vist 10 gode råd bagerst i kataloget, hvad var det første?",
            "da",
            "advice.advice_1",
        ),
    ],
)
def test_half_remembered_words_find_the_catalogues_fact(store, question, lang, expected):
    found = store.retriever.search(question, lang)
    assert found.decision == "answer" and found.best.id == expected


def test_a_lone_letter_typed_by_mistake_is_no_unknown_word(store):
    # "t" for "til": a slip of the thumb, not a word the catalogue lacks.
    slip = store.retriever.search("hvem sponsorerede software t de brugte computere", "da")
    plain = store.retriever.search("hvem sponsorerede software de brugte computere", "da")
    assert slip.unknown == plain.unknown == 0.0
    assert slip.decision == "answer"


@pytest.mark.parametrize(
    "last_fact, expected",
    [("general.abcd", "general.read_more"), ("brandvaesen.summary", "brandvaesen.read_more")],
)
def test_read_more_about_it_is_about_the_last_answer(store, last_fact, expected):
    # With the fire brigade's case in play, "about it" right after the ABCD method
    # points back at the method (sm.dk), not at the case's own web site.
    found = store.retriever.search(
        "where can I read more about it", "en", "brandvaesen", last_fact=last_fact
    )
    assert found.best.id == expected


@pytest.mark.parametrize(
    "question, lang",
    [
        ("the two partnership models, the two of them in two lines pls", "en"),
        ("de to partnerskabsmodeller på to linjer", "da"),
    ],
)
def test_how_short_to_answer_is_not_what_is_asked(store, question, lang):
    # "in two lines", "pls": how to answer, not words the catalogue lacks.
    found = store.retriever.search(question, lang)
    assert found.best.id == "models.difference" and found.decision == "answer"


def test_staff_wise_asks_about_staff(store):
    found = store.retriever.search("how big is BRFkredit staff wise", "en")
    assert found.best.id == "brfkredit.company" and found.unknown == 0.0


@pytest.mark.parametrize(
    "question, lang",
    [
        ("what does the intro of the catalogue say is new", "en"),
        ("hvad står der i indledningen om den nye tendens", "da"),
    ],
)
def test_the_catalogues_intro_is_its_foreword(store, question, lang):
    found = store.retriever.search(question, lang)
    assert found.best.section == "intro" and found.unknown == 0.0


def test_an_introduction_to_something_else_is_not_the_foreword(store):
    assert store.retriever.search("introduction to the ABCD method", "en").best.id == "general.abcd"


def test_the_layout_is_the_colophons(store):
    found = store.retriever.search("hvem stod for opsætningen af kataloget", "da")
    assert found.best.id == "general.publication" and found.unknown == 0.0


@pytest.mark.parametrize(
    "question, lang", [("og børnene specifikt", "da"), ("and the kids specifically", "en")]
)
def test_specifically_says_how_not_what(store, question, lang):
    found = store.retriever.search(question, lang, last_fact="general.gains_area")
    assert found.best.id == "general.gains_area" and found.decision == "answer"


@pytest.mark.parametrize(
    "question, lang",
    [("the website for more on csr", "en"), ("hvilken hjemmeside om CSR nævner de", "da")],
)
def test_a_general_fact_that_speaks_of_the_topic_named_gives_its_detail(store, question, lang):
    # CSR's web address stands in the general "read more" references, not in CSR's own
    # facts: it is given, not said to be missing.
    found = store.retriever.search(question, lang)
    assert found.best.id == "general.read_more" and not found.lacks_detail


@pytest.mark.parametrize(
    "question, lang, expected",
    [
        ("hvem hjælper drengene med skolearbejdet", "da", "skandia.activities"),
        ("does volunteering make the staff proud", "en", "general.gains_company"),
        (
            "bliver medarbejderne stolte af at lave frivilligt arbejde",
            "da",
            "general.gains_company",
        ),
    ],
)
def test_everyday_words_for_homework_and_pride(store, question, lang, expected):
    found = store.retriever.search(question, lang)
    assert found.best.id == expected and found.unknown == 0.0


@pytest.mark.parametrize(
    "question, lang, counted",
    [
        # "the 130-metre wall … children and young people": a length, not how many.
        ("how many young people took part in galleri hamlet", "en", False),
        # A share still answers how many: "70 per cent of residents".
        ("hvor mange beboere mangler computer ifølge brfkredit", "da", True),
    ],
)
def test_a_length_beside_the_word_counts_nothing(store, question, lang, counted):
    found = store.retriever.search(question, lang)
    assert (found.missing[0] != "count") is counted


def test_pointing_back_at_a_general_answer_that_names_nothing_keeps_the_case(store):
    # After the gains in general, with LEGO in play, "i det" is still LEGO's project.
    found = store.retriever.search(
        "og hvor mange børn var med i det", "da", "lego", last_fact="general.gains_area"
    )
    assert found.best.topic == "lego"


def test_companies_on_display_in_the_catalogue_are_no_exhibition(store):
    # Only photos or pictures put on display were shown (Galleri Hamlet's wall).
    found = store.retriever.search("which companies are on display in the catalogue", "en")
    assert found.best is None or found.best.id != "advice.advice_5"


def test_tips_are_the_pieces_of_advice(store):
    found = store.retriever.search("how many tips does the catalogue give", "en")
    assert found.best.id == "advice.overview" and not found.lacks_detail


def test_how_many_is_answered_by_the_fact_that_counts_it_beside_its_number(store):
    # "how many firefighters …": the fire brigade's size ("35 employees, 20 of them
    # firefighters") is a near tie below what the firefighters gain; it states the
    # count asked for beside what it counts, so it is answered, not "Mente du …?".
    got = store.reply("how many firefighters work at the station", "en", context_case="brandvaesen")
    assert got.fact is not None and got.fact.id == "brandvaesen.organisation"


def test_an_ordinal_is_no_count(store):
    # "9. klasse" is a year at school, not nine pupils: how many pupils were in the
    # classes is not in the catalogue (it was answered with the class adoptions' effort).
    got = store.reply(
        "hvor mange elever gik der i lego klasserne",
        "da",
        context_case="lego",
        last_fact="lego.organisation",
    )
    assert got.fact is None or got.lead  # not given as if it counted the pupils


@pytest.mark.parametrize(
    "question,lang",
    [
        ("which insurer is in the catalogue?", "en"),
        ("hvilket forsikringsselskab er med i eksemplerne?", "da"),
    ],
)
def test_the_catalogues_one_insurer_is_named_by_its_trade(store, question, lang):
    # Skandia is the catalogue's only insurer: "insurer", "forsikringsselskab" name it.
    got = store.reply(question, lang)
    assert got.fact is not None and got.fact.topic == "skandia" and "Skandia" in got.answer


def test_a_compound_counts_what_its_last_part_names(store):
    # "fuldtidsbrandmænd" counts firefighters ("20 brandmænd"): the fact is answered,
    # not "the catalogue does not give the number".
    got = store.reply("Hvor mange fuldtidsbrandmænd har Vejle Brandvæsen?", "da")
    assert got.fact is not None and got.fact.id == "brandvaesen.organisation" and not got.lead


@pytest.mark.parametrize(
    "question,lang,context,fact_id",
    [
        # "at gøre godt med" asks how much they had: the 13.5 million set aside.
        (
            "hvor mange penge havde de at gøre godt med",
            "da",
            "hoeje_taastrup",
            "hoeje_taastrup.financing",
        ),
        # Seats on the board are Kulturringen's representatives (5 from the city council).
        (
            "how many seats did the town council hold in it?",
            "en",
            "hoeje_taastrup",
            "hoeje_taastrup.partners",
        ),
        ("hvor mange sæder havde byrådet?", "da", "hoeje_taastrup", "hoeje_taastrup.partners"),
    ],
)
def test_everyday_words_for_an_amount_or_a_count(store, question, lang, context, fact_id):
    got = store.reply(question, lang, context_case=context, last_fact="hoeje_taastrup.summary")
    assert got.fact is not None and got.fact.id == fact_id and not got.lead


@pytest.mark.parametrize(
    "question,lang",
    [
        ("which years were the shows?", "en"),
        ("who was the photographer behind it", "en"),
    ],
)
def test_after_the_overview_of_the_cases_a_follow_up_is_not_the_colophon(store, question, lang):
    # The overview of the six cases (a fact of the general chapters) is about the cases:
    # its follow-ups are not ranked towards the colophon's photo credits or print run.
    got = store.reply(question, lang, last_fact="general.cases_overview")
    assert got.fact is not None and got.fact.topic == "mimersgade"


def test_an_ordinal_stands_beside_no_count(store):
    # "9. klasse" is a year at school; "20 brandmænd" a count; a year is none either.
    retriever = store.retriever
    assert not retriever._number_beside(
        "Det stopper, når eleverne har afsluttet 9. klasse.", {"elev"}, "da", 3
    )
    assert retriever._number_beside(
        "Der er 35 ansatte, heraf 20 brandmænd.", {"brandmand"}, "da", 3
    )
    assert not retriever._number_beside("Eleverne startede i 2008.", {"elev"}, "da", 3)


@pytest.mark.parametrize(
    "question,lang,context",
    [
        # The catalogue's wall is Schiller House's 130-metre gable ("væg", "mur" -> "gavl").
        ("hvor lang var muren med børnenes billeder?", "da", "mimersgade"),
        ("hvor stor var væggen", "da", "mimersgade"),
        # ... and the photos on it, as people remember them, name the case.
        ("hvor lang var fotovæggen?", "da", None),
    ],
)
def test_the_wall_of_photos_is_the_gable_of_galleri_hamlet(store, question, lang, context):
    got = store.reply(question, lang, context_case=context)
    assert got.fact is not None and got.fact.topic == "mimersgade" and "130" in got.answer


@pytest.mark.parametrize(
    "question", ["Hvem udgav kataloget? Mvh Signe", "Hvem udgav kataloget? Kh Signe"]
)
def test_a_name_in_the_sign_off_is_who_asks(store, question):
    # "Mvh Signe" signs the message (the letter's sign-off, knowledge/skills.yml, is
    # not asked): Signe is no subject the catalogue lacks.
    reply = store.reply(question, "da")
    assert reply.fact is not None and reply.fact.id == "general.publication" and not reply.lead


@pytest.mark.parametrize(
    "question, lang",
    [
        ("skal de frivillige fra Skandia have børneattest naar de er sammen med drengene?", "da"),
        ("do company volunteers need a police check before they work with the kids", "en"),
    ],
)
def test_a_certificate_for_volunteers_is_a_legal_detail_the_catalogue_lacks(store, question, lang):
    # A child-protection certificate or criminal record check is a legal requirement the
    # catalogue never speaks of: not answered as if a fact about volunteers gave it.
    found = store.retriever.search(question, lang)
    assert found.missing == ("law", "") and found.decision != "answer"


@pytest.mark.parametrize(
    "first, follow_up, lang, expected",
    [
        # A frequency guessed ("en gang om måneden") asks how often: twice a year.
        (
            "Der var et eksempel med en avis i Esbjerg der adopterede en klasse",
            "mødes de ikke en gang om måneden?",
            "da",
            "lego.organisation",
        ),
        # What a thing is for is its purpose, after area renewal.
        (
            "who gets the state money for area renewal?",
            "and what is it for overall",
            "en",
            "framework.renewal_purpose",
        ),
    ],
)
def test_a_follow_up_guessing_a_frequency_or_asking_the_purpose(
    store, first, follow_up, lang, expected
):
    before = store.reply(first, lang)
    found = store.retriever.search(
        follow_up, lang, before.case, last_fact=before.fact.id if before.fact else None
    )
    assert found.decision == "answer" and found.best.id == expected


@pytest.mark.parametrize(
    "said, lang, asked",
    [
        # A guess keeps the catalogue's names in it; it is what the writer remembers.
        (
            "hvem startede det hele, var det ikke avisen i Kolding?",
            "da",
            "hvem startede det hele avisen?",
        ),
        ("what did they donate, wasn't it the LEGO people?", "en", "what did they donate LEGO?"),
        # A guess that asks something more is no guess to leave out.
        (
            "Hvem lavede fotoprojektet? Var det på Nørrebro, og hvor mange børn deltog?",
            "da",
            "Hvem lavede fotoprojektet? Var det på Nørrebro, og hvor mange børn deltog?",
        ),
    ],
)
def test_a_guess_keeps_the_names_the_catalogue_knows(store, said, lang, asked):
    assert store.retriever.names.without_guess(said, lang) == asked


@pytest.mark.parametrize(
    "question, lang, missing",
    [
        # A town compared with a case, not the case's own name half remembered.
        ("Var det Odense der lavede noget lignende som LEGO-klasserne?", "da", "Odense"),
    ],
)
def test_a_guessed_name_beside_a_case_is_still_another_subject(store, question, lang, missing):
    assert store.retriever.search(question, lang).missing == ("name", missing)


def test_branding_is_no_fire_brigade(store):
    # "brand" is also branding: a "brandprojekt" names no case.
    found = store.retriever.search("kan CSR være et brandprojekt for virksomheden?", "da")
    assert "brandvaesen" not in found.named


@pytest.mark.parametrize(
    "before, again, lang, expected",
    [
        ("brandstationen, hvor mange gange om året", "og hos lego?", "da", "lego.organisation"),
        (
            "who paid for the fire brigade project?",
            "what about Skandia?",
            "en",
            "skandia.financing",
        ),
        # A question of its own is not the last one asked again.
        (
            "brandstationen, hvor mange gange om året",
            "ok noget andet: hvad var galleri hamlet",
            "da",
            "mimersgade.summary",
        ),
    ],
)
def test_a_case_alone_after_a_question_asks_it_again_of_that_case(
    store, before, again, lang, expected
):
    first = store.reply(before, lang)
    reply = store.reply(
        again, lang, context_case=first.case, last_fact=first.fact.id, earlier=[before]
    )
    assert reply.fact is not None and reply.fact.id == expected


def test_a_case_alone_after_another_looks_back_to_the_question(store):
    # "hvem betalte …?" … "og for gadegalleriet?" … "hvad med høje taastrup": the last
    # message was itself a case alone, so the question before it is asked again.
    earlier = ["og for gadegalleriet på nørrebro", "hvem betalte for brandvæsnets projekt i vejle"]
    reply = store.reply(
        "hvad med høje taastrup",
        "da",
        context_case="mimersgade",
        last_fact="mimersgade.financing",
        earlier=earlier,
    )
    assert reply.fact is not None and reply.fact.id == "hoeje_taastrup.financing"


@pytest.mark.parametrize(
    "text, last_fact, expected",
    [
        ("okay og nummer seks nej vent jeg mener nummer syv", "advice.advice_5", "advice.advice_7"),
        ("og den næste", "advice.advice_5", "advice.advice_6"),
    ],
)
def test_a_piece_of_advice_by_its_number_or_next_leans_on_the_last_answer(
    store, text, last_fact, expected
):
    # It is a follow-up (answered at the catalogue's own bar when the classifier could
    # not place it: action_unclear), not a message read alone.
    found = store.retriever.search(text, "da", last_fact=last_fact)
    assert found.best.id == expected and found.follow_up


@pytest.mark.parametrize(
    "question, lang, expected",
    [
        # Danish built, English words ("Danglish", as consultants write at work) …
        ("hvem er authors på kataloget?", "da", "general.publication"),
        # English words Danish has too, as consultants use them (review19b).
        ("hvordan fungerer mapping af ressourcer", "da", "advice.advice_2"),
        ("hvor mange computere donatede brf i 2009?", "da", "brfkredit.results"),
        # … and English built, the catalogue's Danish words.
        ("what does the forord say the kommuner can expect?", "en", "general.foreword_message"),
        ("which råd is about the aftalegrundlag?", "en", "advice.advice_7"),
    ],
)
def test_words_of_the_other_language_are_the_catalogues_words_too(store, question, lang, expected):
    reply = store.reply(question, lang)
    assert reply.fact is not None and reply.fact.id == expected
    assert reply.response.startswith("utter_catalog_answer")


@pytest.mark.parametrize(
    "question, lang",
    [
        # A word of this language that the catalogue does not use is not the other
        # language's: "license" is not Danish "licens", "hoejst" not Høje Taastrup's.
        ("how do i renew my driving license", "en"),
        ("hvor meget kan vi hoejst faa i stoette", "da"),
        # … nor a false friend that both languages spell alike (review19).
        ("what can the catalogue tell me about gangs", "en"),
        ("what is the rent in the area", "en"),
        ("er det let at få virksomheder med?", "da"),
        ("kan vi give virksomheden en gave som tak?", "da"),
        ("what can the catalogue tell me about gangs", "en"),
    ],
)
def test_a_word_of_the_language_written_in_is_not_borrowed(store, question, lang):
    found = store.retriever.search(question, lang)
    assert not any(
        t.startswith("~") for g in store.retriever.term_groups(question, lang) for t in g
    )
    assert decide(found) != "answer"


@pytest.mark.parametrize(
    "question, lang, missing",
    [
        ("omradefornyelse ansogningsfrist", "da", "deadline"),
        ("area renewal application deadline", "en", "deadline"),
        ("lego udgift adoptionsklasse kr", "da", "money"),
        ("galleri hamlet stadig åben", "da", "today"),
    ],
)
def test_a_search_box_query_for_a_detail_the_catalogue_lacks_says_so(
    store, question, lang, missing
):
    found = store.retriever.search(question, lang)
    assert found.lacks_detail and found.missing[0] == missing


@pytest.mark.parametrize(
    "question, lang, expected",
    [
        ("12 råd", "da", "advice.overview"),
        ("12 tips partnerships", "en", "advice.overview"),
        ("the twelve pieces of advice?", "en", "advice.overview"),
        # The twelfth piece by its number, and a piece picked from the twelve.
        ("råd 12", "da", "advice.advice_12"),
        ("hvilket af de 12 råd handler om at fejre", "da", "advice.advice_12"),
    ],
)
def test_twelve_before_the_advice_counts_the_list(store, question, lang, expected):
    assert store.retriever.search(question, lang).best.id == expected


def test_a_kind_of_detail_alone_asks_it_of_the_case_in_play(store):
    # "beløb" after Høje Taastrup: its 13.5 million, not BRFkredit's "no amounts".
    found = store.retriever.search(
        "beløb", "da", context_case="hoeje_taastrup", last_fact="hoeje_taastrup.people"
    )
    assert found.best.id == "hoeje_taastrup.financing"


def test_a_noun_of_selection_asks_who_selects(store):
    # "udvælgelse af de unge" after the fire brigade's case: who selects them.
    found = store.retriever.search(
        "udvælgelse af de unge", "da", context_case="brandvaesen", last_fact="brandvaesen.initiator"
    )
    assert found.best.id == "brandvaesen.target_group" and found.decision == "answer"


@pytest.mark.parametrize(
    "question, lang",
    [
        ("frivilligt i arbejdstiden eksempel", "da"),
        ("staff volunteering in working hours example", "en"),
    ],
)
def test_a_search_box_query_ending_in_example_asks_for_a_case(store, question, lang):
    found = store.retriever.search(question, lang)
    assert store.kb.topics[found.best.topic].is_case


def test_a_kind_of_detail_alone_after_a_general_answer_is_not_the_old_cases(store):
    # "Kulturringen" … "who published the catalogue?" … "which year?": the year of what
    # was answered last, not Høje Taastrup's 13.5 million still in the case slot.
    found = store.retriever.search(
        "which year?", "en", context_case="hoeje_taastrup", last_fact="general.publication"
    )
    assert found.best.id != "hoeje_taastrup.financing"


@pytest.mark.parametrize(
    "question, lang",
    [
        ("how do we keep costs down?", "en"),
        ("hvilke omkostninger har virksomheden ved et partnerskab?", "da"),
        ("er der udgifter for kommunen?", "da"),
    ],
)
def test_a_question_about_costs_is_no_amount_asked(store, question, lang):
    assert store.retriever.search(question, lang).missing[0] != "money"


@pytest.mark.parametrize(
    "question", ["is the catalogue up to date?", "are the numbers up to date?"]
)
def test_up_to_date_asks_how_things_stand_today(store, question):
    assert store.retriever.search(question, "en").missing[0] == "today"


def test_a_kind_of_detail_alone_after_a_general_answer_keeps_the_case_in_play(store):
    # "høje taastrup" … "hvilken model er det" (no amount in it) … "beløb?": Høje
    # Taastrup's 13.5 million, not BRFkredit's "no amounts".
    found = store.retriever.search(
        "beløb?", "da", context_case="hoeje_taastrup", last_fact="models.difference"
    )
    assert found.best.id == "hoeje_taastrup.financing"


@pytest.mark.parametrize(
    "question", ["hvordan laver vi en business case", "hvad er en god business case"]
)
def test_a_business_case_is_no_example_asked_for(store, question):
    cues = store.retriever.follow_up_cues(question, "da")
    assert "which_example" not in cues


@pytest.mark.parametrize(
    "question,lang",
    [
        ("i forordet står der vel at børn og unge er målgruppen?", "da"),
        ("hvad var det nu der stod i indledningen om hvem målgruppen er", "da"),
        ("what does the intro say about who the target group is", "en"),
    ],
)
def test_a_section_named_in_the_question_is_where_the_answer_stands(store, question, lang):
    found = store.retriever.search(question, lang)
    assert found.best.section == "intro"
    # Without the section's name the target group is a case's.
    unnamed = store.retriever.search("hvem er målgruppen?", "da", "lego")
    assert unnamed.best.section != "intro"


@pytest.mark.parametrize(
    "question,lang", [("hvem har skrevet det hele", "da"), ("who wrote the whole thing?", "en")]
)
def test_who_wrote_the_whole_of_it_after_the_foreword_is_the_colophon(store, question, lang):
    found = store.retriever.search(question, lang, last_fact="general.foreword_message")
    assert found.best.id == "general.publication"


@pytest.mark.parametrize(
    "question,lang,case",
    [
        ("hvad var galleri hamlet for en case", "da", "mimersgade"),
        ("hvad er kulturringen for et projekt?", "da", "hoeje_taastrup"),
        ("what kind of project was the one with the fire brigade?", "en", "brandvaesen"),
    ],
)
def test_what_kind_of_case_it_is_asks_for_the_overview(store, question, lang, case):
    found = store.retriever.search(question, lang)
    assert found.best.id == f"{case}.summary"


@pytest.mark.parametrize(
    "question,lang,not_in",
    [
        # "An introduction to …" names no section of the catalogue.
        ("I need an introduction to CSR", "en", "intro"),
        ("Kan du give mig en indledning til de 12 råd?", "da", "intro"),
    ],
)
def test_an_everyday_word_for_a_section_names_none(store, question, lang, not_in):
    assert store.retriever.sections_named(question, lang) == frozenset()
    assert store.retriever.search(question, lang).best.section != not_in


@pytest.mark.parametrize(
    "text,language,topic",
    [
        ("do the kids visit the toy company every week", "en", "lego"),
        ("hvad fik legetøjsfirmaet ud af det", "da", "lego"),
        ("laver kreditfirmaet andre boligsociale ting", "da", "brfkredit"),
        ("why does the mortgage lender give computers away", "en", "brfkredit"),
        ("what does the insurance group do with the refugee charity", "en", "skandia"),
    ],
)
def test_a_case_described_rather_than_named_is_that_case(store, text, language, topic):
    assert store.retriever.names.read(text, language).topics == [topic]


@pytest.mark.parametrize(
    "text,language",
    [("we have a toy company in our town", "en"), ("vi har et realkreditinstitut i byen", "da")],
)
def test_a_company_of_our_own_described_so_names_no_case(store, text, language):
    assert not store.retriever.names.read(text, language).topics


def test_descriptions_add_no_words_to_a_cases_search_terms(store, kb):
    # "the toy company" names LEGO, but "company" weighs no more in LEGO's facts
    # than its own texts make it: a question about companies is not pulled to LEGO.
    lego = kb.topics["lego"]
    assert "the toy company" in lego.descriptions and "the toy company" not in lego.aliases
    assert "company" not in store.retriever.alias_terms["en"]["lego"]
    assert store.reply("what does a company get out of a partnership", "en").fact.id == (
        "general.gains_company"
    )


@pytest.mark.parametrize(
    "text,language,fact",
    [
        # The writer's own word for the catalogue's (knowledge/synonyms.yml).
        (
            "skal vi lave en samarbejdsaftale med virksomheden og hvad skal der stå i den?",
            "da",
            "advice.advice_7",
        ),
        ("do we need an MoU with the company, what goes in it?", "en", "advice.advice_7"),
        ("hvad går ressourcemetoden ud på?", "da", "general.abcd"),
        (
            "the catalogue leans on an asset-based way of developing neighbourhoods - which of"
            " the cases actually applied it?",
            "en",
            "brandvaesen.byen_i_balance",
        ),
        (
            "is there a name for the kind of partnership where the give back has nothing to do"
            " with what we sell?",
            "en",
            "models.difference",
        ),
    ],
)
def test_a_question_in_the_writers_own_words_finds_the_catalogues(store, text, language, fact):
    assert store.reply(text, language).fact.id == fact


@pytest.mark.parametrize(
    "text,language,topic",
    [
        # A place two cases share, named alone: what is asked decides between them.
        (
            "hvad får børnene ud af at en stor virksomhed tager en skoleklasse under"
            " vingerne, som de gjorde i vejle?",
            "da",
            "lego",
        ),
        (
            "what do the kids get out of a company adopting their class, like in vejle?",
            "en",
            "lego",
        ),
        # … and the case the place names first when what is asked fits both.
        ("hvor mange skoler var med i vejle", "da", "brandvaesen"),
        ("hvad skete der i vejle", "da", "brandvaesen"),
        ("what happened in nørremarken?", "en", "brandvaesen"),
    ],
)
def test_a_place_two_cases_share_is_decided_by_what_is_asked(store, text, language, topic):
    assert store.reply(text, language).fact.topic == topic


@pytest.mark.parametrize(
    "text,language",
    [
        # A company of our own or another, described the same way, names no case.
        ("the insurance group Tryg has an office here, could they be a partner for us?", "en"),
        ("the insurance group in town and the local toy company", "en"),
        ("vi samarbejder med en flygtningeorganisation i byen", "da"),
        ("the insurance groups are not interested", "en"),
        ("the mortgage lenders", "en"),
        ("we contacted the refugee organisations", "en"),
        ("we already know the mortgage bank in town", "en"),
        ("legetøjsfirmaet her i byen vil gerne være med", "da"),
    ],
)
def test_a_description_of_another_company_names_no_case(store, text, language):
    assert not store.retriever.names.read(text, language).topics


def test_an_older_programme_is_not_read_as_area_renewal(store):
    # Kvarterløft was an earlier, separate state programme: the catalogue's area
    # renewal rules are not its rules.
    reply = store.reply("hvad er kvarterløft?", "da")
    assert reply.fact is None or not reply.fact.id.startswith("framework.renewal")


@pytest.mark.parametrize(
    "text,language",
    [
        ("how much did vejle save on vandalism after the fire station project?", "en"),
        ("hvor meget sparede kommunen på hærværk efter brandvæsenets projekt?", "da"),
    ],
)
def test_a_sum_saved_is_a_sum_the_catalogue_never_gives(store, text, language):
    reply = store.reply(text, language)
    assert reply.response.startswith("utter_catalog_partial") and reply.lead


@pytest.mark.parametrize(
    "text,language,topic",
    [
        # A Danish description takes the genitive; "nede i Billund" is no company of ours.
        ("hvem var legetøjsfirmaets kontaktperson?", "da", "lego"),
        ("hvad fik realkreditselskabets ansatte ud af det?", "da", "brfkredit"),
        ("legetøjsfirmaet nede i billund", "da", "lego"),
    ],
)
def test_a_danish_description_in_the_genitive_names_its_case(store, text, language, topic):
    assert store.retriever.names.read(text, language).topics == [topic]


@pytest.mark.parametrize(
    "text,language",
    [
        ("hvad hed den fra skandia?", "da"),
        ("what is it called in the catalogue when the company just gives money?", "en"),
    ],
)
def test_a_person_or_a_term_called_something_is_no_projects_name(store, text, language):
    reply = store.reply(text, language)
    assert reply.fact is None or reply.fact.kind != "summary"


def test_how_long_in_a_shared_place_that_fits_both_is_the_first_cases(store):
    assert store.reply("hvor lang tid varede det i vejle", "da").fact.topic == "brandvaesen"


@pytest.mark.parametrize(
    "question,lang",
    [
        # Proof of an effect: the catalogue measures none of the cases' results.
        ("er der nogen beviser for at børnene i esbjerg-klassen klarede sig bedre bagefter?", "da"),
        ("findes der tal paa hvor meget haervaerket faldt i noerremarken", "da"),
        ("did the homework help from skandia staff improve the boys' grades?", "en"),
        ("is there any evidence that the fire station visits reduced vandalism?", "en"),
    ],
)
def test_proof_of_an_effect_is_an_evaluation_the_catalogue_does_not_give(store, question, lang):
    assert "evaluation" in store.retriever.asked_types(question, lang)
    reply = store.reply(question, lang)
    assert reply.lead == t("catalog.missing.evaluation", lang)


@pytest.mark.parametrize(
    "question,lang",
    [
        # "bevis" and "evidence" that ask for no measured effect
        ("hvad er beviset på at kataloget er fra 2010?", "da"),
        ("what is the evidence base of the ABCD method?", "en"),
    ],
)
def test_words_of_proof_alone_ask_for_no_measured_effect(store, question, lang):
    assert "evaluation" not in store.retriever.asked_types(question, lang)


@pytest.mark.parametrize(
    "question,lang",
    [
        ("what does the catalogue claim companies gain from this in general", "en"),
        ("hvad påstår kataloget at virksomhederne får ud af det?", "da"),
        ("whats in it for a company, honestly", "en"),
        ("why would a company bother with a housing estate?", "en"),
        ("hvorfor skulle en virksomhed gide det?", "da"),
    ],
)
def test_what_the_catalogue_claims_a_company_gains_is_its_gains(store, question, lang):
    # "claim", "påstår" say only that the catalogue says it; "why would a company"
    # asks its motive, what it gets.
    reply = store.reply(question, lang)
    assert reply.fact is not None and reply.fact.id == "general.gains_company", reply.answer


@pytest.mark.parametrize(
    "question,lang,expected",
    [
        # A reader with the catalogue open: the page says which section, and its
        # number is no detail asked about.
        ("what's the 70 on page 24 about?", "en", "brfkredit"),
        ("which two foundations are named on p. 28?", "en", "hoeje_taastrup"),
        ("side 24 om brfkredit, hvem er de to på billedet øverst", "da", "brfkredit"),
    ],
)
def test_a_page_pointed_at_ranks_its_section(store, question, lang, expected):
    reply = store.reply(question, lang)
    assert reply.fact is not None and reply.fact.topic == expected, reply.answer
    assert not reply.lead  # no "the catalogue does not give …" for the page's number


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("i citatet fra bruno, hvad laver han", "da", "brandvaesen.people"),
        ("hvem er så Leif?", "da", "mimersgade.people"),
        ("what does lene do", "en", "brfkredit.people"),
    ],
)
def test_a_first_name_asked_about_is_that_person_of_the_catalogue(store, text, lang, expected):
    assert store.reply(text, lang).fact.id == expected


@pytest.mark.parametrize(
    "text,lang",
    [
        # Anyone else's first name: the user's, a colleague's (helper-113's review)
        ("min kollega Klaus spørger om han kan blive kontaktperson for virksomheden", "da"),
        ("my colleague Lene asks if she should be the contact person for the company", "en"),
        ("hi, Karsten here", "en"),
        ("Hej, jeg hedder Lene", "da"),
        ("Poul spørger hvordan vejret bliver i morgen", "da"),
    ],
)
def test_a_first_name_anywhere_else_names_no_one_of_the_catalogues(store, text, lang):
    assert store.retriever.references.full_names(text, lang) == text
    assert not store.retriever.names.read(text, lang).topics


@pytest.mark.parametrize(
    "text,lang",
    [
        ("min kollega Klaus spørger om han kan blive kontaktperson for virksomheden", "da"),
        ("my colleague Lene asks if she should be the contact person for the company", "en"),
    ],
)
def test_a_colleague_named_asks_the_catalogue_not_about_its_people(store, text, lang):
    assert store.reply(text, lang).fact.id == "advice.advice_8"


def test_a_given_name_is_one_person_of_the_catalogue(kb):
    firsts = [name.split()[0].lower() for name in kb.people]
    assert len(kb.given_names) >= 10  # the catalogue's people were read
    for first, name in kb.given_names.items():
        assert name in kb.people and firsts.count(first) == 1


@pytest.mark.parametrize(
    "question,lang",
    [("i citatet fra bruno, hvad laver han", "da"), ("and lene, what does she do?", "en")],
)
def test_he_or_she_points_at_the_person_the_message_names(store, question, lang):
    # What he does is his role, in the key-people fact, not the case's activities.
    assert store.reply(question, lang).fact.kind == "people"


@pytest.mark.parametrize(
    "question,lang",
    [
        # Where on the page the reader points ("box", "billedteksten") says where, not
        # what: no word the catalogue does not know, for "not covered" to weigh.
        ("what is 'PÅ TVÆRS' in the brfkredit csr box?", "en"),
        ("billedteksten med juletræet hos lego, hvad handler den om", "da"),
        ("under overskriften om brandvæsenet, hvad står der om ugeophold", "da"),
    ],
)
def test_a_place_on_the_page_is_not_what_is_asked(store, question, lang):
    assert store.retriever.search(question, lang).unknown == 0


@pytest.mark.parametrize(
    "question,lang,kind",
    [
        ("is he still at DR?", "en", "today"),
        ("er hun stadig ansat hos Skandia?", "da", "today"),
        ("hvor meget fik de så fra realdania", "da", "money"),
        ("how much did kulturringen get from the foundations", "en", "money"),
    ],
)
def test_still_there_or_how_much_they_got_is_a_detail_the_catalogue_does_not_give(
    store, question, lang, kind
):
    assert kind in store.retriever.asked_types(question, lang)


@pytest.mark.parametrize(
    "question,lang",
    [
        ("hvor meget fik børnene ud af det", "da"),  # what they gained
        ("how much did the kids get out of it", "en"),
        ("is he still involved in the project", "en"),
    ],
)
def test_what_they_got_out_of_it_asks_no_sum(store, question, lang):
    assert not {"money", "today"} & store.retriever.asked_types(question, lang)


@pytest.mark.parametrize(
    "question,lang",
    [
        ("be honest - what are the risks for a company that joins one of these partnerships", "en"),
        ("what if it goes wrong, how do we get out of the agreement again", "en"),
        ("hvad er risikoen for virksomheden hvis den går med?", "da"),
        ("hvordan kommer vi ud af aftalen igen hvis det ikke virker", "da"),
    ],
)
def test_risks_and_endings_are_not_in_the_catalogue(store, question, lang):
    # It tells of no risk and no partnership that failed or was ended: it says so
    # before what it says nearest, rather than answering as if it did.
    assert "risk" in store.retriever.asked_types(question, lang)
    reply = store.reply(question, lang)
    assert reply.fact is None or reply.lead == t("catalog.missing.risk", lang)


@pytest.mark.parametrize(
    "question,lang",
    [("hvad gik projektet ud på?", "da"), ("what did the boys get out of it?", "en")],
)
def test_going_and_getting_out_of_are_no_risk(store, question, lang):
    assert "risk" not in store.retriever.asked_types(question, lang)


def test_who_paid_for_the_party_is_who_paid(store):
    # "hvem betalte gildet" is the idiom for who paid: the case's financing.
    reply = store.reply("og hvem betalte gildet", "da", context_case="brandvaesen")
    assert reply.fact is not None and reply.fact.id == "brandvaesen.financing"


@pytest.mark.parametrize(
    "question,lang,expected",
    [
        ("hvad står der på side 24?", "da", "brfkredit.summary"),
        ("what's on page 20?", "en", "brandvaesen.summary"),
        ("side 30", "da", "advice.overview"),
    ],
)
def test_a_page_asked_alone_is_its_section_as_a_whole(store, question, lang, expected):
    assert store.reply(question, lang).fact.id == expected


@pytest.mark.parametrize(
    "question,lang,not_asked",
    [
        # helper-113's review: no effect measured, no motive asked
        ("any data on how much time the company contact person spends", "en", "evaluation"),
    ],
)
def test_no_evaluation_without_an_effect(store, question, lang, not_asked):
    assert not_asked not in store.retriever.asked_types(question, lang)


@pytest.mark.parametrize(
    "question,lang",
    [
        ("why do businesses find it hard to work with municipalities", "en"),
        ("why did a company end the partnership", "en"),
        ("hvorfor skulle en virksomhed stoppe et partnerskab", "da"),
    ],
)
def test_why_a_company_does_something_else_is_no_gain(store, question, lang):
    kinds = store.retriever._read_kinds(question, lang)[0]
    assert "gains_company" not in kinds


@pytest.mark.parametrize(
    "question,lang",
    [
        # helper-114's review: social work's "at risk", failing at school, what went
        # wrong before, a partnership that should not fail
        ("how did the fire brigade help youth at risk", "en"),
        ("hvordan hjalp brandvæsenet unge i risiko for kriminalitet", "da"),
        ("hvilke unge er i risikogruppen i nørremarken", "da"),
        ("the kids who failed at school, did lego help them", "en"),
        ("hvorfor gik det galt med de unge i nørremarken", "da"),
        ("did the fire brigade fail to stop the stones", "en"),
        ("which pieces of advice help a partnership not to fail", "en"),
        # what they got out of it is what they gained (the held-out retrieval set)
        ("What did the fire brigade get out of the partnership?", "en"),
    ],
)
def test_risk_and_failure_words_of_social_work_ask_no_risk(store, question, lang):
    assert "risk" not in store.retriever.asked_types(question, lang)


@pytest.mark.parametrize(
    "text,lang",
    [
        ("hvad siger Maria, min chef, om det her", "da"),
        ("hvem er så Lene fra vores afdeling?", "da"),
        ("who is rune from our team", "en"),
        ("hvad laver lene? hun er ny hos os", "da"),
    ],
)
def test_a_first_name_of_ours_is_not_the_catalogues_person(store, text, lang):
    assert store.retriever.references.full_names(text, lang) == text


@pytest.mark.parametrize(
    "question,lang,expected",
    [
        ("på side 10 og 11", "da", "what_partnerships_can"),
        ("page 10 and 11", "en", "what_partnerships_can"),
        ("whats on page 20", "en", "brandvaesen"),
        ("page 31", "da", "advice"),  # read as Danish: the English way is read too
    ],
)
def test_pages_and_and_page_alone(store, question, lang, expected):
    assert store.reply(question, lang).fact.section == expected
