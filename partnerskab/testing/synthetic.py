"""Synthetic conversations in Rasa's ``events`` table, for the review page's
benchmark (bench/run_review.py) and its PostgreSQL test: events shaped like the
ones Rasa 3.6 stores for this assistant (session start, user message with its
parse data, language slot, featurisation, action, bot message with its
response name, action_listen), spread over a period.

Catalogue answers are real answers from knowledge/ asked with real bank
questions; the questions the assistant "could not answer" are made from a few
patterns, so the inbox has many wordings that group. Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from typing import Dict, Iterator, List, Tuple

import sqlalchemy as sa

from partnerskab.core.knowledge import load_knowledge

UNANSWERED = {
    "da": [
        "Hvad koster {x}?",
        "Hvornår har {y} åbent?",
        "Kan jeg få hjælp til {z}?",
        "Hvor søger man {z}?",
        "hvad koster {x} egentlig",
        "Hvem kan hjælpe med {z}? ring 20304050",
    ],
    "en": ["How much is {x}?", "When is {y} open?", "Can I get help with {z}?"],
}
FILL = {
    "x": [
        "en ejerbolig i Vejle",
        "parkering ved rådhuset",
        "et kursus i CSR",
        "en lejlighed",
        "busbilletter",
    ],
    "y": ["rådhuset", "borgerservice", "biblioteket", "jobcentret"],
    "z": ["boligstøtte", "et lån", "en ny skole", "fritidsjob", "hærværk i opgangen"],
}
CHALLENGES = [
    "image",
    "jobs_education",
    "unrest",
    "digital",
    "homework_rolemodels",
    "leisure",
    "urban_development",
]
META = {"model_id": "synthetic", "assistant_id": "partnerskabsguiden"}


def _user(sender_ts: float, text: str, intent: str, entities: List[Dict] = ()) -> Dict:
    ranking = [{"name": intent, "confidence": 0.93}] + [
        {"name": n, "confidence": 0.01} for n in ("greet", "help", "out_of_scope", "thank", "deny")
    ]
    return {
        "event": "user",
        "timestamp": sender_ts,
        "metadata": META,
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": 0.93},
            "entities": list(entities),
            "text": text,
            "message_id": f"{int(sender_ts * 1000):x}",
            "metadata": {},
            "intent_ranking": ranking,
        },
        "input_channel": "rest",
        "message_id": f"{int(sender_ts * 1000):x}",
    }


def conversations(count_events: int, start: float, days: int, seed: int = 15) -> Iterator[Tuple]:
    """Rows (sender_id, type_name, timestamp, intent_name, action_name, data) in
    stored order, about ``count_events`` of them, over ``days`` days from ``start``."""
    rnd = random.Random(seed)
    kb = load_knowledge()
    facts = [f for f in kb.facts.values() if f.questions.get("da")]
    made = 0
    number = 0
    while made < count_events:
        number += 1
        sender = f"{rnd.getrandbits(128):032x}"
        ts = start + rnd.random() * days * 86400
        rows: List[Tuple] = []

        def add(kind: str, data: Dict, intent=None, action=None, rows=rows, sender=sender) -> None:
            nonlocal ts
            ts += rnd.random() * 2 + 0.05
            data = {**data, "timestamp": ts}
            action = action or data.get(
                "name"
            )  # as Rasa's SQLTrackerStore.save stores it (slots: their name)
            rows.append((sender, kind, ts, intent, action, json.dumps(data)))

        def act(name: str) -> None:
            add(
                "action",
                {
                    "event": "action",
                    "name": name,
                    "policy": "RulePolicy",
                    "confidence": 1.0,
                    "action_text": None,
                    "hide_rule_turn": False,
                    "metadata": META,
                },
                action=name,
            )

        act("action_session_start")
        add("session_started", {"event": "session_started", "metadata": META})
        act("action_listen")
        lang = "en" if rnd.random() < 0.15 else "da"
        for _ in range(rnd.choice((1, 2, 3, 3, 4, 5, 6))):
            roll = rnd.random()
            if roll < 0.62:
                fact = rnd.choice(facts)
                text, intent = (
                    rnd.choice(fact.questions.get(lang) or fact.questions["da"]),
                    "ask_catalog",
                )
                reply, action = (
                    fact.answer[lang] + "\n\n" + kb.source(fact, lang),
                    "utter_catalog_answer",
                )
            elif roll < 0.92:
                pattern = rnd.choice(UNANSWERED[lang])
                text = pattern.format(**{k: rnd.choice(v) for k, v in FILL.items()})
                intent, action = rnd.choice(
                    (
                        ("ask_catalog", "utter_not_covered"),
                        ("out_of_scope", "utter_out_of_scope"),
                        ("ask_catalog", "utter_not_covered_suggest"),
                        ("nlu_fallback", "utter_did_you_mean"),
                    )
                )
                reply = (
                    "Det dækker idékataloget ikke."
                    if lang == "da"
                    else "The catalogue does not cover that."
                )
            else:
                text, intent, action, reply = (
                    "hej",
                    "greet",
                    "utter_greet",
                    "Hej! Jeg er Partnerskabsguiden.",
                )
            add("user", _user(ts, text, intent), intent=intent)
            add("slot", {"event": "slot", "name": "language", "value": lang, "metadata": META})
            add(
                "user_featurization",
                {
                    "event": "user_featurization",
                    "use_text_for_featurization": False,
                    "metadata": META,
                },
            )
            act("action_answer_catalog" if action.startswith("utter_catalog") else action)
            add(
                "bot",
                {
                    "event": "bot",
                    "text": reply,
                    "data": {"buttons": []},
                    "metadata": {**META, "utter_action": action, "template": action},
                },
            )
            answered = ts
            act("action_listen")
            if action == "utter_catalog_answer" and rnd.random() < 0.2:
                value = "up" if rnd.random() < 0.75 else "down"
                entities = [
                    {"entity": "feedback", "value": value},
                    {"entity": "answer", "value": repr(answered)},
                ]
                add(
                    "user",
                    _user(
                        ts,
                        f'/feedback{{"feedback": "{value}", "answer": "{answered!r}"}}',
                        "feedback",
                        entities,
                    ),
                    intent="feedback",
                )
                act("action_listen")
        if rnd.random() < 0.05:
            add(
                "slot",
                {
                    "event": "slot",
                    "name": "area_challenges",
                    "value": rnd.sample(CHALLENGES, 2),
                    "metadata": META,
                },
            )
            add(
                "slot",
                {
                    "event": "slot",
                    "name": "recommended_model",
                    "value": "strategic" if rnd.random() < 0.6 else "add_on",
                    "metadata": META,
                },
            )
        made += len(rows)
        yield from rows


def events_table(metadata: sa.MetaData) -> sa.Table:
    """Rasa 3.6's ``events`` table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent)."""
    return sa.Table(
        "events",
        metadata,
        sa.Column("id", sa.Integer, sa.Sequence("events_seq"), primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("type_name", sa.String(255), nullable=False),
        sa.Column("timestamp", sa.Float),
        sa.Column("intent_name", sa.String(255)),
        sa.Column("action_name", sa.String(255)),
        sa.Column("data", sa.Text),
    )


def fill(url: str, count_events: int, start: float, days: int, seed: int = 15) -> int:
    """Writes about ``count_events`` synthetic events into the events table at
    ``url`` (made if missing), in stored (id) order; returns how many were written."""
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    table = events_table(metadata)
    inspector = sa.inspect(engine)
    if (
        engine.dialect.name == "postgresql"
        and inspector.has_table("events")
        and not inspector.has_sequence("events_seq")
    ):  # made by Rasa's tracker store: its ids come from the column's own default
        table = sa.Table("events", sa.MetaData(), autoload_with=engine)
    else:
        metadata.create_all(engine)
    keys = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
    rows = sorted(conversations(count_events, start, days, seed), key=lambda r: r[2])
    with engine.begin() as conn:
        for i in range(0, len(rows), 5000):
            conn.execute(table.insert(), [dict(zip(keys, r)) for r in rows[i : i + 5000]])
    engine.dispose()
    return len(rows)
