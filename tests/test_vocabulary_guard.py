"""The VocabularyGuard's notion of a known word (no trained model needed)."""

from partnerskab.adapters.nlu.vocabulary_guard import is_known, known_forms


def test_vocabulary_guard_knows_prefixes_but_not_gibberish():
    vocabulary = sorted(["cheers", "halløj", "jeps", "lego", "tak"])
    assert (
        is_known("tak", vocabulary)
        and is_known("halløjsa", vocabulary)
        and is_known("cheerio", vocabulary)
    )
    assert is_known("jep", vocabulary)
    assert (
        not is_known("asdf", vocabulary)
        and not is_known("hmm", vocabulary)
        and not is_known("ta", vocabulary)
    )


def test_words_typed_without_danish_letters_are_known():
    vocabulary = sorted(known_forms("næste hjælp, råd"))
    assert is_known("naeste", vocabulary) and is_known("hjaelp", vocabulary)
    assert is_known("rad", vocabulary) and is_known("næste", vocabulary)
    assert not is_known("qwerty", vocabulary)


def _guarded(text: str, ranking: list) -> list:
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from partnerskab.adapters.nlu.vocabulary_guard import VocabularyGuard

    guard = VocabularyGuard()
    guard.vocabulary = sorted(["ja", "tak"])
    message = Message(data={TEXT: text, INTENT: ranking[0], INTENT_RANKING_KEY: list(ranking)})
    guard.process([message])
    return [r["name"] for r in message.get(INTENT_RANKING_KEY)]


def test_an_unknown_message_falls_back_once_however_sure_the_classifier_was():
    sure = [{"name": "affirm", "confidence": 0.95}, {"name": "greet", "confidence": 0.05}]
    unsure = [{"name": "nlu_fallback", "confidence": 0.6}, *sure]
    assert _guarded("qwxz", sure) == ["nlu_fallback", "affirm", "greet"]
    assert _guarded("qwxz", unsure) == ["nlu_fallback", "affirm", "greet"]
    assert _guarded("ja tak", sure) == ["affirm", "greet"]
