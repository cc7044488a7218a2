"""The CatalogRouter's notion of a message that names the catalogue (no trained model needed)."""

import pytest

from partnerskab.adapters.nlu.catalog_router import CatalogRouter


@pytest.fixture(scope="module")
def router():
    return CatalogRouter()


@pytest.mark.parametrize(
    "text", ["LEGO?", "brf kredit", "htk og kulturringen", "råd 3??", "flygtningehjaelpen"]
)
def test_names_the_catalogue(router, text):
    assert router.names_the_catalogue(text, "da")


@pytest.mark.parametrize("text", ["hej", "hvad kan du?", "giv mig et eksempel", "tak for hjælpen"])
def test_names_nothing(router, text):
    assert not router.names_the_catalogue(text, "da")


@pytest.mark.parametrize(
    "text,lang",
    [
        ("what year", "en"),
        ("what grade?", "en"),
        ("og børnene?", "da"),
        ("hvem betalte", "da"),
        # a verb that opens a question, typed without "?" (knowledge/follow_ups.yml starts)
        ("skal vi selv betale noget", "da"),
        ("did they get paid", "en"),
    ],
)
def test_a_short_unclear_question_goes_to_the_catalogue(router, text, lang):
    from rasa.shared.nlu.training_data.message import Message

    message = Message(
        data={"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}},
        output_properties={"intent"},
    )
    from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY

    message.set("entities", [{"entity": LANGUAGE_ENTITY, "value": lang, "start": 0, "end": 0}])
    router.process([message])
    assert message.get("intent")["name"] == "ask_catalog"


@pytest.mark.parametrize(
    "text",
    [
        "Vi vil gerne lave et partnerskab med en virksomhed i vores område",
        "ja tak",
        "Hvordan bliver vejret i morgen?",  # out of scope by the classifier: stays so
    ],
)
def test_other_messages_are_left_alone(router, text):
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": text, "intent": {"name": "out_of_scope", "confidence": 0.5}})
    router.process([message])
    assert message.get("intent")["name"] == "out_of_scope"


def test_a_short_question_about_our_own_area_is_an_area_description(router):
    from rasa.shared.nlu.training_data.message import Message

    from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY

    message = Message(data={"text": "hvad gør vi ved hærværk?", "intent": {"name": "nlu_fallback"}})
    message.set("entities", [{"entity": LANGUAGE_ENTITY, "value": "da", "start": 0, "end": 0}])
    router.process([message])
    assert message.get("intent")["name"] == "describe_area"


@pytest.mark.parametrize(
    "text, language",
    [
        ("hvordan finder vi praktikpladser til de unge?", "da"),
        ("hvordan fik de ledige job", "da"),
        ("how can we get work placements for the unemployed", "en"),
    ],
)
def test_an_unclear_question_how_it_is_done_is_a_catalogue_question(router, text, language):
    """The interview reads a challenge in it (young people, unemployment), but it asks
    how something is done, which the catalogue answers; "hvad gør vi ved hærværk?"
    (above) stays an area description."""
    from rasa.shared.nlu.training_data.message import Message

    from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY

    assert router.describes_an_area(text, language)
    message = Message(data={"text": text, "intent": {"name": "nlu_fallback"}})
    message.set("entities", [{"entity": LANGUAGE_ENTITY, "value": language, "start": 0, "end": 0}])
    router.process([message])
    assert message.get("intent")["name"] == "ask_catalog"


@pytest.mark.parametrize(
    "text, language",
    [
        ("Hvordan gør vi noget ved ensomheden blandt de ældre i vores område?", "da"),
        ("hvordan stopper vi hærværket i vores boligområde?", "da"),
        ("how do we deal with the vandalism on our estate?", "en"),
    ],
)
def test_an_unclear_question_how_to_deal_with_our_own_area_describes_it(router, text, language):
    """How to deal with a challenge of *our* area is the interview's, as the README's
    skills say ("a message that describes our own area … and asks what to do"); the
    catalogue said it did not cover "Hvordan gør vi noget ved ensomheden … i vores
    område?"."""
    from rasa.shared.nlu.training_data.message import Message

    from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY

    message = Message(data={"text": text, "intent": {"name": "nlu_fallback"}})
    message.set("entities", [{"entity": LANGUAGE_ENTITY, "value": language, "start": 0, "end": 0}])
    router.process([message])
    assert message.get("intent")["name"] == "describe_area"


@pytest.mark.parametrize("confidence, expected", [(0.61, "ask_catalog"), (0.97, "make_plan")])
def test_an_unsure_plan_that_names_a_case_is_a_catalogue_question(router, confidence, expected):
    from rasa.shared.nlu.training_data.message import Message

    text = "which govt plan was the taastrup thing part of"
    message = Message(
        data={"text": text, "intent": {"name": "make_plan", "confidence": confidence}}
    )
    router.process([message])
    assert message.get("intent")["name"] == expected


@pytest.mark.parametrize(
    "text,lang,intent,confidence",
    [
        ("den første du nævnte, hvad gik den ud på?", "da", "help", 0.94),
        ("the second case you mentioned, who ran it?", "en", "help", 0.95),
        ("nej, jeg mente den anden", "da", "deny", 0.94),
        ("no, I meant the third one", "en", "deny", 0.76),
    ],
)
def test_which_item_of_the_last_reply_is_meant_is_a_catalogue_follow_up(
    router, text, lang, intent, confidence
):
    from rasa.shared.nlu.training_data.message import Message

    from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY

    message = Message(
        data={"text": text, "intent": {"name": intent, "confidence": confidence}},
        output_properties={"intent"},
    )
    message.set("entities", [{"entity": LANGUAGE_ENTITY, "value": lang, "start": 0, "end": 0}])
    router.process([message])
    assert message.get("intent")["name"] == "ask_catalog"


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("ok and the other one, in english pls", "en", "ask_catalog"),
        ("og den anden?", "da", "ask_catalog"),
        # an area described is the interview's, "the other one" or not
        ("the other one has a lot of vandalism and unemployment", "en", "describe_area"),
    ],
)
def test_the_other_one_taken_for_our_area_is_a_catalogue_follow_up(router, text, lang, expected):
    assert _routed(router, text, lang, "describe_area", 0.74) == expected


@pytest.mark.parametrize(
    "text,lang", [("nej tak", "da"), ("nej, det var ikke det jeg mente", "da"), ("no", "en")]
)
def test_a_plain_no_stays_a_no(router, text, lang):
    from rasa.shared.nlu.training_data.message import Message

    from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY

    message = Message(data={"text": text, "intent": {"name": "deny", "confidence": 0.95}})
    message.set("entities", [{"entity": LANGUAGE_ENTITY, "value": lang, "start": 0, "end": 0}])
    router.process([message])
    assert message.get("intent")["name"] == "deny"


@pytest.mark.parametrize(
    "text,lang,wanted",
    [
        ("and um what's his title like his job", "en", "ask_catalog"),
        ("hvad lavede de unge der ikke havde job bagefter", "da", "ask_catalog"),
        ("vi har mange unge uden job og meget hærværk", "da", "describe_area"),
        # A question by a verb and its subject, typed without "?" (any length).
        ("er haervaerket blevet mindre efter projektet", "da", "ask_catalog"),
        ("did the vandalism stop after the fire station visits", "en", "ask_catalog"),
        # ... not a sentence that tells, its subject left out.
        ("har mange unge uden job og meget hærværk", "da", "describe_area"),
    ],
)
def test_an_unclear_message_with_a_challenge_is_an_area_only_when_it_speaks_of_us(
    router, text, lang, wanted
):
    """The interview reads a challenge ("job") in a question about someone else; an
    area description speaks of us or asks nothing."""
    from rasa.shared.nlu.training_data.message import Message

    from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY

    message = Message(
        data={"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}},
        output_properties={"intent"},
    )
    message.set("entities", [{"entity": LANGUAGE_ENTITY, "value": lang, "start": 0, "end": 0}])
    router.process([message])
    assert message.get("intent")["name"] == wanted


def test_a_case_town_in_our_story_does_not_make_help_a_catalogue_question(router):
    # "… i Vejle …" names a case's town, but the question asks what the assistant does.
    from rasa.shared.nlu.training_data.message import Message

    from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY

    text = "Jeg er ny som beboerrådgiver i Vejle. Hvad kan du hjælpe mig med?"
    message = Message(data={"text": text, "intent": {"name": "help", "confidence": 1.0}})
    message.set("entities", [{"entity": LANGUAGE_ENTITY, "value": "da", "start": 0, "end": 0}])
    router.process([message])
    assert message.get("intent")["name"] == "help"


@pytest.mark.parametrize(
    "text,lang,intent",
    [
        # The catalogue's own subject, taken for out of scope: asked of the catalogue.
        (
            "Vi er et boligsocialt team, og et vognmandsfirma vil gerne i samarbejde med "
            "os. Hvad skal vi aftale med dem fra starten?",
            "da",
            "ask_catalog",
        ),
        (
            "our council wants a partnership with a dairy. what should the agreement say?",
            "en",
            "ask_catalog",
        ),
        # A citizen's errand stays out of scope.
        ("hvornår har genbrugspladsen åbent i weekenden?", "da", "out_of_scope"),
        ("how do I renew my passport?", "en", "out_of_scope"),
    ],
)
def test_the_catalogues_own_subject_is_not_out_of_scope(router, text, lang, intent):
    from rasa.shared.nlu.training_data.message import Message

    from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY

    message = Message(data={"text": text, "intent": {"name": "out_of_scope", "confidence": 0.9}})
    message.set("entities", [{"entity": LANGUAGE_ENTITY, "value": lang, "start": 0, "end": 0}])
    router.process([message])
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize(
    "text,lang",
    [
        ("hvad betyder de 70 på side 24?", "da"),
        ("p. 11 says the staff also help - with what?", "en"),
    ],
)
def test_a_page_of_the_catalogue_names_the_catalogue(router, text, lang):
    assert router.names_the_catalogue(text, lang)


@pytest.mark.parametrize(
    "text,lang", [("på den anden side har vi ingen penge", "da"), ("page me later", "en")]
)
def test_the_word_page_alone_names_no_page(router, text, lang):
    assert not router.names_the_catalogue(text, lang)


def test_an_area_told_with_the_other_one_stays_an_area(router):
    text = "we have two big companies in our area, one is a bank and the other is a supermarket"
    assert _routed(router, text, "en", "describe_area", 0.93) == "describe_area"


def _routed(router, text, lang, intent, confidence):
    """The intent ``router`` leaves on ``text`` that the classifier took for ``intent``."""
    from rasa.shared.nlu.training_data.message import Message

    from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY

    message = Message(data={"text": text, "intent": {"name": intent, "confidence": confidence}})
    message.set("entities", [{"entity": LANGUAGE_ENTITY, "value": lang, "start": 0, "end": 0}])
    router.process([message])
    return message.get("intent")["name"]
