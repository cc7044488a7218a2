import pytest

from partnerskab.core.language import detect_language, language_or_default


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hvem var med i partnerskabet i Mimersgade?", "da"),
        ("Hvad fik brandvæsenet ud af det?", "da"),
        ("Hvem hjalp dem?", "da"),
        ("tak", "da"),
        ("How was the LEGO class adoption organised?", "en"),
        ("What did Høje Taastrup gain from the partnership?", "en"),
        ("thanks", "en"),
        ("Who helped them?", "en"),
    ],
)
def test_detects_danish_and_english(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["whats his job", "whos she", "wheres mimersgade"])
def test_chat_spellings_and_pronouns_of_english_decide_over_the_conversations_danish(text):
    # "whats", "hows" typed without the apostrophe, "he"/"she"/"his" (Danish "her" is
    # "here": no sign).
    assert detect_language(text, hint="da") == "en"


@pytest.mark.parametrize(
    "text",
    [
        # Typed without æ/ø/å, with "at" (both languages have it) as its only small word.
        "hvornaar begyndte brfkredit at donere computere",
        "proevede boernene at lave mad i kantinen",
        "hvornaar kom avisen med",
        "paa hvilken skole",
    ],
)
def test_danish_typed_without_the_danish_letters_is_danish(text):
    assert detect_language(text) == "da"


@pytest.mark.parametrize("text", ["whats her job at skandia", "is she at the fire station"])
def test_words_both_languages_spell_alike_decide_nothing(text):
    # "her" is Danish "here" and English "her"; "at" is in both.
    assert detect_language(text, hint="da") == "en"


def test_no_signal_uses_hint_then_previous():
    assert detect_language("LEGO?") is None
    assert detect_language("LEGO?", hint="en") == "en"
    assert detect_language("LEGO?", hint="fr") is None


def test_default_is_danish():
    assert language_or_default(None) == "da"
    assert language_or_default("en") == "en"
    assert language_or_default("sv") == "da"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("dorthe spliid mortensen role?", "en"),  # "role" is English only
        ("gains for the companies – summary pls", "en"),
        ("stop", None),  # both languages: the conversation's language stays
        ("ring 20.30.40.50", None),
        ("tip 12?", None),
        # A Danish word typed without æ/ø/å is Danish; "for" is both languages' word.
        ("gevinster for byomraadet – bullets", "da"),
        ("faellesskab?", "da"),
        ("thanks for the answer", "en"),
    ],
)
def test_a_word_only_one_language_has_decides_a_message_with_no_other_signal(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("råd 1 please in English", "en"),
        ("hvad er abcd, svar på engelsk tak", "en"),
        ("What is the add-on model? Answer in Danish please", "da"),
        ("forklar det paa dansk", "da"),
        # asked with the infinitive ("kan du svare …"), not only the imperative
        ("Kan du svare på engelsk?", "en"),
        ("kan du skrive det paa engelsk", "en"),
        ("Vil du fortælle om LEGO på engelsk?", "en"),
        # asking what a word is called in the other language is not a request
        ("Hvad hedder CSR på engelsk?", "da"),
        ("What is ABCD in Danish?", "en"),
        ("hvad hedder områdefornyelse, på engelsk?", "da"),
        ("what is csr called, in danish?", "en"),
        ("hvad kalder lego sig på engelsk", "da"),
        # … but a message with the language after a comma is a request.
        ("kortere, på engelsk", "en"),
        ("shorter, in danish", "da"),
        ("hvem startede galleri hamlet, på engelsk", "en"),
        ("who paid for the lego classes, in danish", "da"),
        ("ok sig det på engelsk", "en"),
    ],
)
def test_asking_for_a_language_decides_it(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("What is 'åbne tegnestuer'?", "en"),
        ("What does „Farver i Sort/Hvid“ mean?", "en"),
        ('Hvad betyder "corporate social responsibility" egentlig?', "da"),
        ("Don't know what 'ABCD' means", "en"),
    ],
)
def test_a_quoted_term_does_not_decide_the_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("opening, closing", ["„“", '""', "''", "»«", "«»", "‘’", "“”"])
def test_every_kind_of_quotation_mark_quotes_a_term(opening, closing):
    """Unquoted, the English words would make it English."""
    text = f"Hvad betyder {opening}the company and the partnership{closing}?"
    assert detect_language(text) == "da"


def test_an_apostrophe_inside_a_word_quotes_nothing():
    """Read as quotation marks, the apostrophes of "LEGO's" and "don't" would leave
    out the Danish words between them."""
    assert detect_language("LEGO's rolle i området, don't you know?") == "da"


@pytest.mark.parametrize(
    "text,expected",
    [
        # A Danish term the English answers use too says nothing about the language.
        ("what is områdefornyelse", "en"),
        ("what did the brandvæsen do in Vejle", "en"),
        ("hvad er områdefornyelse", "da"),
        ("hvad gjorde brandvæsenet", "da"),
        ("områdefornyelse?", None),
    ],
)
def test_danish_letters_of_a_term_english_uses_too_do_not_decide(text, expected):
    assert detect_language(text) == expected


def test_the_catalogues_term_add_on_is_no_english_word():
    """ "add-on" names a model in both languages: its "on" is not English."""
    assert detect_language("add-on model fordele") == "da"
    assert detect_language("hvad er add-on modellen") == "da"
    assert detect_language("what are the benefits of the add-on model") == "en"


@pytest.mark.parametrize(
    "text, hint, expected",
    [
        # A search-box query of words of one language's dictionary only decides over
        # the conversation's language …
        ("staff volunteering hours", "da", "en"),
        ("other csr work", "da", "en"),
        ("lego klasser antal", "en", "da"),
        # … but not two words ("stakeholder mapping" in a Danish conversation is
        # Danglish), nor words both languages have, nor a name alone.
        ("partners involved", "da", "da"),
        ("business case", "da", "da"),
        ("brandvaesen partners", "en", "en"),
        ("ideer for livet", "en", "en"),
        ("lego vejle klasser", "en", "en"),
        ("lego vejle volunteers", "da", "da"),
        ("numbers 2009", "da", "da"),
        ("stop", "en", "en"),
        ("lego workshop", "da", "da"),
    ],
)
def test_a_search_box_query_of_one_languages_words_is_in_that_language(text, hint, expected):
    assert detect_language(text, hint=hint) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # A name of the catalogue's of several words is named, not written in: its
        # "og", "for", "i" are no Danish of the writer's.
        ("gennem ild og vand funding", "en"),
        ("ideer for livet ambassador ngos", "en"),
        ("who ran byen i balance", "en"),
        ("Hvad er Gennem Ild og Vand?", "da"),
    ],
)
def test_a_name_of_several_words_does_not_decide_the_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text, asked",
    [
        # Only the words of the request go; a verb's object is what is asked.
        ("explain csr in english please", "explain csr"),
        ("forklar råd 5 på engelsk", "forklar råd 5"),
        ("please tell me about brfkredit in english", "please tell me about brfkredit"),
        (
            "what does the catalogue say about csr in english?",
            "what does the catalogue say about csr ?",
        ),
        (
            "answer in English please: hvem startede galleri hamlet",
            ": hvem startede galleri hamlet",
        ),
        # A question about a translation asks for no language.
        ("hvad kalder lego sig på engelsk", "hvad kalder lego sig på engelsk"),
        ("Hvad hedder CSR på engelsk?", "Hvad hedder CSR på engelsk?"),
    ],
)
def test_a_request_for_a_language_leaves_what_is_asked(text, asked):
    from partnerskab.core.language import without_language_asked_for

    assert " ".join(without_language_asked_for(text).split()) == asked


def test_spaces_as_typed_do_not_change_the_language():
    from partnerskab.core.language import detect_language

    assert detect_language("svar  på  engelsk: hvem stod bag?") == "en"
    assert detect_language("råd 12 på\nengelsk tak") == "en"
