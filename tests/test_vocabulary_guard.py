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
