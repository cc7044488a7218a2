"""What happened in the conversations of a period: the one place that reads
meaning into the tracker store's events, for ``make report`` and the review page.

Pure: the events come in as :class:`Row` (the few fields the SQL query in
``partnerskab.storage.events`` pulls out of each event), in the order they were
stored, and :func:`summarise` returns a :class:`Usage`:

* per day (UTC): conversations with a user message, and messages (ratings left out);
* each written question's outcome, from the first reply to it: answered (a
  catalogue answer, recognised by its text, which comes verbatim from
  knowledge/), "did you mean" (the nearest facts offered) or not covered
  ("not covered", out of scope, fallback, "please rephrase");
* answers per fact and per case or topic;
* thumbs up/down, attributed to the answer each rating names (its ``answer_id``,
  ``partnerskab.answers``); a rating that names no rateable answer of its own
  conversation is not counted;
* recommendations per model, and the challenges they were given for;
* the inbox: every question that was not answered or whose answer got a thumbs
  down, with the reply it got. The user's words are masked again
  (``partnerskab.privacy.mask``), although the channel masked them on the way in.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from partnerskab.core.knowledge import Fact, Knowledge
from partnerskab.core.privacy import mask
from partnerskab.core.rating import answer_id, is_rateable

# What the first reply to a question says about it.
DID_YOU_MEAN = frozenset({"utter_not_covered_suggest", "utter_did_you_mean"})
NOT_COVERED = frozenset(
    {
        "utter_not_covered",
        "utter_out_of_scope",
        "utter_default",
        "utter_ask_rephrase",
        "utter_interview_unclear",
    }
)
UNANSWERED = DID_YOU_MEAN | NOT_COVERED
OUTCOMES = ("answered", "did_you_mean", "not_covered")
# Slots the summary reads (the SQL query fetches only these).
SLOTS = ("recommended_model", "area_challenges")
# What a rated answer that is not a catalogue fact is.
ANSWER_KINDS = {
    "utter_recommendation_steps": "recommendation",
    "utter_company_steps": "companies",
    "utter_guide_tip": "guide",
    "utter_plan_ready": "plan",
}


@dataclass(frozen=True)
class Row:
    """One event, as far as the summary needs it. ``value`` is a slot's value,
    ``entities`` a rating's entities (both only for those events)."""

    sender: str
    timestamp: float
    kind: str  # "user", "bot" or "slot"
    intent: Optional[str] = None
    text: Optional[str] = None
    utter_action: Optional[str] = None
    name: Optional[str] = None  # a slot's name
    value: Any = None
    entities: Tuple[Dict[str, Any], ...] = ()


@dataclass
class InboxItem:
    """A question the assistant did not answer, or whose answer got a thumbs down."""

    question: str  # masked
    asked_at: float
    reason: str  # "did_you_mean", "not_covered" or "thumbs_down"
    reply: str  # what the assistant said (its own text)


@dataclass
class Usage:
    conversations: int = 0
    questions: int = 0  # written messages (button clicks and ratings left out)
    days: Dict[dt.date, List[int]] = field(default_factory=dict)  # day -> [conversations, messages]
    outcomes: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)  # topic or case id -> answers
    ratings: Dict[str, Counter] = field(
        default_factory=lambda: defaultdict(Counter)
    )  # fact id or kind
    ignored_ratings: int = 0
    models: Counter = field(default_factory=Counter)
    challenges: Counter = field(default_factory=Counter)  # of the recommendations made
    inbox: List[InboxItem] = field(default_factory=list)


_EPOCH = dt.date(1970, 1, 1).toordinal()


def day_of(timestamp: float) -> dt.date:
    """The UTC day of a timestamp."""
    return dt.date.fromordinal(_EPOCH + int(timestamp // 86400))


class AnswerIndex:
    """Which fact a catalogue answer's text comes from (answers are sent
    verbatim, followed by their source and perhaps the 2010 note)."""

    def __init__(self, kb: Knowledge) -> None:
        self._by_start: Dict[str, List[Tuple[str, Fact]]] = defaultdict(list)
        for fact in kb.facts.values():
            for lang in ("da", "en"):
                answer = fact.answer[lang]
                self._by_start[answer[:24]].append((answer, fact))
        self._cache: Dict[str, Optional[Fact]] = {}

    def __call__(self, text: Optional[str]) -> Optional[Fact]:
        if not text:
            return None
        if text not in self._cache:
            candidates = self._by_start.get(text[:24], ())
            self._cache[text] = next(
                (f for answer, f in candidates if text.startswith(answer)), None
            )
        return self._cache[text]


def _rating(entities: Iterable[Dict[str, Any]]) -> Tuple[Optional[str], Optional[str]]:
    values = {e.get("entity"): e.get("value") for e in entities if isinstance(e, dict)}
    return values.get("feedback"), (
        str(values["answer"]) if values.get("answer") is not None else None
    )


def summarise(rows: Iterable[Row], kb: Knowledge) -> Usage:
    """The period's usage from its events in stored order (see the module docstring)."""
    usage = Usage()
    fact_of = AnswerIndex(kb)
    masked: Dict[
        str, str
    ] = {}  # masking is the costly part: once per distinct text, for the inbox only

    def inbox(question: Tuple[str, float], reason: str, reply: str) -> None:
        text = question[0]
        if text not in masked:
            masked[text] = mask(text)[0]
        usage.inbox.append(InboxItem(masked[text], question[1], reason, reply))

    senders = set()
    per_day: Dict[dt.date, Tuple[set, List[int]]] = {}
    waiting: Dict[
        str, Tuple[str, float]
    ] = {}  # sender -> (masked question, when) awaiting its first reply
    last_question: Dict[str, Tuple[str, float]] = {}  # sender -> the latest written question
    rateable: Dict[str, Dict[str, Tuple[str, str, Optional[Tuple[str, float]]]]] = defaultdict(dict)
    challenges: Dict[str, Any] = {}
    for row in rows:
        if row.kind == "user":
            senders.add(row.sender)
            day = day_of(row.timestamp)
            who, counts = per_day.setdefault(day, (set(), [0, 0]))
            who.add(row.sender)
            if row.intent == "feedback":
                _rate(usage, row, rateable[row.sender], inbox)
                continue
            counts[1] += 1
            text = row.text or ""
            if text.startswith("/"):
                waiting.pop(row.sender, None)  # a button: its reply is not an outcome of a question
                continue
            usage.questions += 1
            waiting[row.sender] = last_question[row.sender] = (text, row.timestamp)
        elif row.kind == "bot":
            fact = fact_of(row.text)
            action = row.utter_action or ""
            if fact is not None:
                usage.facts[fact.id] += 1
                usage.topics[fact.topic] += 1
            question = waiting.pop(row.sender, None)
            if question is not None:
                if fact is not None:
                    usage.outcomes["answered"] += 1
                elif action in UNANSWERED:
                    reason = "did_you_mean" if action in DID_YOU_MEAN else "not_covered"
                    usage.outcomes[reason] += 1
                    inbox(question, reason, row.text or "")
            found = answer_id(row.timestamp) if is_rateable(action) else None
            if found:
                label = fact.id if fact is not None else ANSWER_KINDS.get(action, "answer")
                rateable[row.sender][found] = (label, row.text or "", last_question.get(row.sender))
        elif row.kind == "slot":
            if row.name == "area_challenges":
                challenges[row.sender] = row.value
            elif row.name == "recommended_model" and row.value:
                usage.models[str(row.value)] += 1
                given = challenges.get(row.sender)
                for challenge in given if isinstance(given, list) else ():
                    usage.challenges[str(challenge)] += 1
    usage.conversations = len(senders)
    usage.days = {day: [len(who), counts[1]] for day, (who, counts) in sorted(per_day.items())}
    return usage


def _rate(
    usage: Usage,
    row: Row,
    answers: Dict[str, Tuple[str, str, Optional[Tuple[str, float]]]],
    inbox: Callable[[Tuple[str, float], str, str], None],
) -> None:
    value, wanted = _rating(row.entities)
    rated = answers.get(wanted) if wanted else None
    if value not in ("up", "down") or rated is None:
        usage.ignored_ratings += 1  # names no answer this conversation received
        return
    label, reply, question = rated
    usage.ratings[label][value] += 1
    if value == "down" and question is not None:
        inbox(question, "thumbs_down", reply)


# ---- grouping the inbox ------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def group_key(text: str) -> str:
    """The form two questions share when they are the same question: lower
    case, æ/ø/å spelled out, accents and punctuation dropped, single spaces."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text))


def _grams(key: str) -> frozenset:
    padded = f" {key} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


@dataclass
class InboxGroup:
    """Questions that are (nearly) the same, newest first."""

    key: str  # of the newest question; what a decision is stored under
    items: List[InboxItem]
    keys: List[str]  # every question's key in the group

    @property
    def newest(self) -> InboxItem:
        return self.items[0]

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def reasons(self) -> Counter:
        return Counter(item.reason for item in self.items)


def group_inbox(
    items: Iterable[InboxItem],
    is_decided: Callable[[str], bool] = lambda key: False,
    similarity: float = 0.6,
) -> List[InboxGroup]:
    """Groups questions that are the same after :func:`group_key`, then joins
    groups whose character trigrams overlap by ``similarity`` (Jaccard) or more;
    groups come newest first. Questions whose key was decided are left out."""
    exact: Dict[str, List[InboxItem]] = {}
    keys: Dict[str, str] = {}
    for item in sorted(items, key=lambda i: -i.asked_at):
        if item.question not in keys:
            keys[item.question] = group_key(item.question)
        key = keys[item.question]
        if key and (key in exact or not is_decided(key)):
            exact.setdefault(key, []).append(item)
    groups: List[InboxGroup] = []
    grams_of: List[frozenset] = []
    by_gram: Dict[str, List[int]] = defaultdict(list)
    for key, found in exact.items():  # newest first (dicts keep insertion order)
        grams = _grams(key)
        shared: Counter = Counter(i for g in grams for i in by_gram.get(g, ()))
        best, best_score = None, similarity
        for index, overlap in shared.items():
            score = overlap / (len(grams) + len(grams_of[index]) - overlap)  # Jaccard
            if score >= best_score:
                best, best_score = index, score
        if best is None:
            groups.append(InboxGroup(key, list(found), [key]))
            grams_of.append(grams)
            for g in grams:
                by_gram[g].append(len(groups) - 1)
        else:
            groups[best].items.extend(found)
            groups[best].keys.append(key)
    for group in groups:
        group.items.sort(key=lambda i: -i.asked_at)
    groups.sort(key=lambda g: -g.newest.asked_at)
    return groups
