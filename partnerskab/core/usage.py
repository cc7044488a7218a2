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

:func:`summarise` is :class:`Tallier` (what each event adds: tallies, each with
the days it rests on, and inbox entries) and :func:`collect`. The review page
reads the same tallies from the summary ``partnerskab.storage.events`` keeps
beside the events, summed in SQL for the period, through :func:`build_usage`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, NamedTuple, Optional, Tuple

from partnerskab.core.knowledge import Fact, Knowledge
from partnerskab.core.privacy import mask
from partnerskab.core.rating import answer_id, is_rateable

# What the first reply to a question says about it.
DID_YOU_MEAN = frozenset({"utter_not_covered_suggest", "utter_did_you_mean"})
NOT_COVERED = frozenset(
    {
        "utter_not_covered",
        "utter_catalog_partial",  # the detail asked for is not in the catalogue
        "utter_catalog_partial_dated",
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
    event_id: int = 0  # the event's id in the tracker store, where known


@dataclass
class InboxItem:
    """A question the assistant did not answer, or whose answer got a thumbs down."""

    question: str  # masked
    asked_at: float
    reason: str  # "did_you_mean", "not_covered" or "thumbs_down"
    reply: str  # what the assistant said (its own text)
    key: str = ""  # group_key(question), when it was worked out beforehand


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


def day_number(timestamp: float) -> int:
    """The UTC day of a timestamp, as days since 1 January 1970."""
    return int(timestamp // 86400)


def day_of(timestamp: float) -> dt.date:
    """The UTC day of a timestamp."""
    return dt.date.fromordinal(_EPOCH + day_number(timestamp))


def day_span(start: dt.date, end: dt.date) -> Tuple[int, int]:
    """A period of whole days as day numbers (see :func:`day_number`)."""
    return start.toordinal() - _EPOCH, end.toordinal() - _EPOCH


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


def knowledge_fingerprint(kb: Knowledge) -> str:
    """What the summary's reading of the events depends on in knowledge/: each
    fact's answers and topic. A stored summary made with another is rebuilt."""
    digest = hashlib.sha256()
    for fact_id in sorted(kb.facts):
        fact = kb.facts[fact_id]
        for part in (fact_id, fact.topic, fact.answer["da"], fact.answer["en"]):
            digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


def _rating(entities: Iterable[Dict[str, Any]]) -> Tuple[Optional[str], Optional[str]]:
    values = {e.get("entity"): e.get("value") for e in entities if isinstance(e, dict)}
    return values.get("feedback"), (
        str(values["answer"]) if values.get("answer") is not None else None
    )


# ---- what each event adds ----------------------------------------------------------------
# The summary is made of tallies: counts that events add, each with the first and
# the last day of the events it rests on. A period of whole days counts a tally
# when both days lie in it; so a question asked before midnight and answered after
# counts in a period holding both days, as summarising that period's events does.
# Tallies are per conversation, so a stored summary can be brought up to date (or
# forget a conversation) one conversation at a time.

ACTIVE = "active"  # a user event on the day (conversations per day and in the period)
MESSAGE = "message"  # a user message, ratings left out
QUESTION = "question"  # a written question (a button click left out)
OUTCOME = "outcome"  # key: answered, did_you_mean, not_covered
FACT, TOPIC, MODEL, CHALLENGE = "fact", "topic", "model", "challenge"
RATED = "rated"  # every rating, counted or not (key: "")
UP, DOWN = "up", "down"  # a counted rating, key: what was rated
METRICS = (ACTIVE, MESSAGE, QUESTION, OUTCOME, FACT, TOPIC, RATED, UP, DOWN, MODEL, CHALLENGE)


class Tally(NamedTuple):
    """One count an event adds, for a conversation."""

    sender: str
    metric: str  # one of METRICS
    key: str
    first_day: int  # day numbers (day_number) of the first and last event it rests on
    last_day: int


class InboxEntry(NamedTuple):
    """An inbox item, the conversation, the event that put it there and its days."""

    sender: str
    event_id: int
    first_day: int
    last_day: int
    item: InboxItem


class Tallier:
    """Reads events in stored order (of one conversation or many; what it keeps
    is per conversation) and notes the tallies and inbox entries each adds."""

    def __init__(self, kb: Knowledge) -> None:
        self.fact_of = AnswerIndex(kb)
        self.tallies: Counter = Counter()  # Tally -> how many
        self.inbox: List[InboxEntry] = []
        self._masked: Dict[str, str] = {}  # masking is the costly part: once per distinct text
        self._keys: Dict[str, str] = {}
        # sender -> (question, when) awaiting its first reply; the latest written question
        self._waiting: Dict[str, Tuple[str, float]] = {}
        self._last_question: Dict[str, Tuple[str, float]] = {}
        # sender -> answer id -> (label, reply, question, day of the answer)
        self._rateable: Dict[str, Dict[str, Tuple[str, str, Optional[Tuple[str, float]], int]]]
        self._rateable = defaultdict(dict)
        self._challenges: Dict[str, Tuple[Any, int]] = {}  # sender -> (challenges, day)

    def _tally(self, row: Row, metric: str, key: str = "", since: Optional[float] = None) -> None:
        day = int(row.timestamp // 86400)  # day_number, inline: this runs for every event
        first = day if since is None or since >= day * 86400 else day_number(since)
        self.tallies[Tally(row.sender, metric, key, first, day)] += 1

    def _inbox(
        self, row: Row, question: Tuple[str, float], reason: str, reply: str, since: int
    ) -> None:
        text = question[0]
        if text not in self._masked:
            self._masked[text] = mask(text)[0]
        masked = self._masked[text]
        if masked not in self._keys:
            self._keys[masked] = group_key(masked)
        day = day_number(row.timestamp)
        self.inbox.append(
            InboxEntry(
                row.sender,
                row.event_id,
                min(day, since, day_number(question[1])),
                day,
                InboxItem(masked, question[1], reason, reply, self._keys[masked]),
            )
        )

    def feed(self, rows: Iterable[Row]) -> "Tallier":
        for row in rows:
            if row.kind == "user":
                self._user(row)
            elif row.kind == "bot":
                self._bot(row)
            elif row.kind == "slot":
                self._slot(row)
        return self

    def _user(self, row: Row) -> None:
        self._tally(row, ACTIVE)
        if row.intent == "feedback":
            self._rate(row)
            return
        self._tally(row, MESSAGE)
        text = row.text or ""
        if text.startswith("/"):  # a button: its reply is not an outcome of a question
            self._waiting.pop(row.sender, None)
            return
        self._tally(row, QUESTION)
        self._waiting[row.sender] = self._last_question[row.sender] = (text, row.timestamp)

    def _bot(self, row: Row) -> None:
        fact = self.fact_of(row.text)
        action = row.utter_action or ""
        if fact is not None:
            self._tally(row, FACT, fact.id)
            self._tally(row, TOPIC, fact.topic)
        question = self._waiting.pop(row.sender, None)
        if question is not None:
            if fact is not None:
                self._tally(row, OUTCOME, "answered", since=question[1])
            elif action in UNANSWERED:
                reason = "did_you_mean" if action in DID_YOU_MEAN else "not_covered"
                self._tally(row, OUTCOME, reason, since=question[1])
                self._inbox(row, question, reason, row.text or "", day_number(row.timestamp))
        found = answer_id(row.timestamp) if is_rateable(action) else None
        if found:
            label = fact.id if fact is not None else ANSWER_KINDS.get(action, "answer")
            self._rateable[row.sender][found] = (
                label,
                row.text or "",
                self._last_question.get(row.sender),
                day_number(row.timestamp),
            )

    def _rate(self, row: Row) -> None:
        self._tally(row, RATED)  # a rating that names no answer of its own conversation
        value, wanted = _rating(row.entities)  # is seen but not counted (Usage.ignored_ratings)
        rated = self._rateable[row.sender].get(wanted) if wanted else None
        if value not in ("up", "down") or rated is None:
            return
        label, reply, question, answered = rated
        day = day_number(row.timestamp)
        self.tallies[Tally(row.sender, value, label, min(answered, day), day)] += 1
        if value == "down" and question is not None:
            self._inbox(row, question, "thumbs_down", reply, answered)

    def _slot(self, row: Row) -> None:
        if row.name == "area_challenges":
            self._challenges[row.sender] = (row.value, day_number(row.timestamp))
        elif row.name == "recommended_model" and row.value:
            self._tally(row, MODEL, str(row.value))
            given, day = self._challenges.get(row.sender, (None, 0))
            for challenge in given if isinstance(given, list) else ():
                self._tally(row, CHALLENGE, str(challenge), since=day * 86400)


def build_usage(
    counts: Iterable[Tuple[str, str, int]],
    days: Iterable[Tuple[int, int, int]],
    conversations: int,
    inbox: Iterable[InboxItem],
) -> Usage:
    """A period's :class:`Usage` from its tallies: (metric, key, sum) for every
    metric but ACTIVE and MESSAGE, (day number, conversations, messages) per day
    with a user event, the conversations with a user event in the period, and
    the inbox items in stored order."""
    usage = Usage(conversations=conversations, inbox=list(inbox))
    counters = {
        OUTCOME: usage.outcomes,
        FACT: usage.facts,
        TOPIC: usage.topics,
        MODEL: usage.models,
        CHALLENGE: usage.challenges,
    }
    rated = 0
    for metric, key, n in counts:
        if metric in counters:
            counters[metric][key] += n
        elif metric == QUESTION:
            usage.questions += n
        elif metric == RATED:
            usage.ignored_ratings += n
        elif metric in (UP, DOWN):
            usage.ratings[key][metric] += n
            rated += n
    usage.ignored_ratings -= rated
    usage.days = {
        dt.date.fromordinal(_EPOCH + day): [people, messages]
        for day, people, messages in sorted(days)
    }
    return usage


def collect(tallies: Dict[Tally, int], inbox: Iterable[InboxEntry]) -> Usage:
    """:func:`build_usage` from tallies counted in memory (every one of them)."""
    counts: Counter = Counter()
    active: Dict[int, set] = defaultdict(set)
    messages: Counter = Counter()
    for tally, n in tallies.items():
        if tally.metric == ACTIVE:
            active[tally.last_day].add(tally.sender)
        elif tally.metric == MESSAGE:
            messages[tally.last_day] += n
        else:
            counts[tally.metric, tally.key] += n
    senders = set().union(*active.values()) if active else set()
    return build_usage(
        ((metric, key, n) for (metric, key), n in counts.items()),
        ((day, len(who), messages[day]) for day, who in active.items()),
        len(senders),
        (entry.item for entry in inbox),
    )


def summarise(rows: Iterable[Row], kb: Knowledge) -> Usage:
    """The period's usage from its events in stored order (see the module docstring)."""
    tallier = Tallier(kb).feed(rows)
    return collect(tallier.tallies, tallier.inbox)


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
    each form, newest first, to the group whose first form's character trigrams
    overlap its own most, by ``similarity`` (Jaccard) or more (on a tie, the
    newer group); groups come newest first. Questions whose key was decided are
    left out."""
    exact: Dict[str, List[InboxItem]] = {}
    keys: Dict[str, str] = {}
    decided: Dict[str, bool] = {}
    for item in sorted(items, key=lambda i: -i.asked_at):
        key = item.key
        if not key:
            if item.question not in keys:
                keys[item.question] = group_key(item.question)
            key = keys[item.question]
        found = exact.get(key)
        if found is None:
            if key not in decided:
                decided[key] = not key or is_decided(key)
            if decided[key]:
                continue
            found = exact[key] = []
        found.append(item)
    # Prefix filtering: with the trigrams of every form in one order (rarest
    # first), two forms that overlap by ``similarity`` share a trigram among the
    # first len - ceil(similarity * len) + 1 of each; only those are indexed and
    # looked up, and each candidate is measured in full.
    grams = {key: _grams(key) for key in exact}
    frequency = Counter(g for found in grams.values() for g in found)

    def prefix(found: frozenset) -> List[str]:
        ranked = sorted(found, key=lambda g: (frequency[g], g))
        return ranked[: len(ranked) - max(1, math.ceil(similarity * len(ranked) - 1e-9)) + 1]

    groups: List[InboxGroup] = []
    firsts: List[frozenset] = []  # each group's first form's trigrams
    by_gram: Dict[str, List[int]] = defaultdict(list)
    for key, found in exact.items():  # newest first (dicts keep insertion order)
        mine = grams[key]
        head = prefix(mine)
        best, best_score = None, similarity
        low, high = similarity * len(mine) - 1e-9, len(mine) / similarity + 1e-9
        for index in sorted({i for g in head for i in by_gram.get(g, ())}):
            other = firsts[index]
            if not low <= len(other) <= high:  # too short or too long to overlap enough
                continue
            overlap = len(mine & other)
            score = overlap / (len(mine) + len(other) - overlap)  # Jaccard
            if score > best_score or (best is None and score >= best_score):
                best, best_score = index, score
        if best is None:
            groups.append(InboxGroup(key, list(found), [key]))
            firsts.append(mine)
            for g in head:
                by_gram[g].append(len(groups) - 1)
        else:
            groups[best].items.extend(found)
            groups[best].keys.append(key)
    for group in groups:
        group.items.sort(key=lambda i: -i.asked_at)
    groups.sort(key=lambda g: -g.newest.asked_at)
    return groups
