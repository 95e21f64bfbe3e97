"""The SMART coach against the Spanish labelled corpus (accord/goals/smart_corpus_es.json), with the same
floors as the English corpus (test_smart_corpus.py).

The Spanish statements were written and labelled by the rubric in docs/smart-coach.md before any Spanish rule
existed. The "heldout" part was scored once, at the end; the rules were tuned on the "tuning" part only
(docs/smart-coach.md, "Spanish"). Labels are never changed to fit the coach.
"""

from __future__ import annotations

import pytest

from accord.goals.smart_report import CORPUS_PATHS, LABELLED, compare, load_corpus, main

AGREEMENT_FLOOR = 0.90
HELD_OUT_FLOOR = 0.90
UNREALISTIC_RECALL_FLOOR = 0.80
MAX_FALSE_ALARMS = 0.05
MIN_HELD_OUT = 150
SPANISH_SPLITS = ("tuning", "heldout")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS_PATHS["es"])


@pytest.fixture(scope="module")
def agreements(corpus):
    return {a.criterion: a for a in compare(corpus, language="es")[0]}


def test_the_spanish_corpus_is_at_least_as_big_as_the_english_one_and_well_formed(corpus):
    assert len(corpus) >= len(load_corpus(CORPUS_PATHS["en"]))
    for entry in corpus:
        assert set(entry) == {"text", "split", *LABELLED}
        assert entry["split"] in SPANISH_SPLITS
        assert isinstance(entry["text"], str) and entry["text"].strip()
        assert all(isinstance(entry[name], bool) for name in LABELLED)
    texts = [entry["text"].strip().lower() for entry in corpus]
    assert len(set(texts)) == len(texts)


def test_the_corpus_has_the_hard_kinds_of_statement(corpus):
    texts = " ".join(entry["text"] for entry in corpus)
    for phrase in ("cada día", "veces por semana", "antes del 15 de marzo", "durante 10 minutos", "dejar de"):
        assert phrase in texts, phrase
    assert sum("sentirme" in entry["text"].lower() for entry in corpus) >= 5  # feelings only
    assert any(
        entry["text"] == entry["text"].lower() and "dia" in entry["text"] for entry in corpus
    )  # no accents


def test_the_corpus_has_both_answers_for_every_criterion(corpus):
    for name in LABELLED:
        share = sum(entry[name] for entry in corpus) / len(corpus)
        assert 0.1 <= share <= 0.9, (name, share)


@pytest.mark.parametrize("criterion", LABELLED)
def test_coach_agrees_with_the_spanish_labels(agreements, criterion):
    assert agreements[criterion].rate >= AGREEMENT_FLOOR, agreements[criterion]


@pytest.fixture(scope="module")
def held_out():
    corpus = load_corpus(CORPUS_PATHS["es"], split="heldout")
    return corpus, {a.criterion: a for a in compare(corpus, language="es")[0]}


def test_the_held_out_part_is_big_enough_and_has_hard_cases(held_out):
    corpus, _ = held_out
    assert len(corpus) >= MIN_HELD_OUT
    assert sum(entry["unrealistic"] for entry in corpus) >= 30


@pytest.mark.parametrize("criterion", ["specific", "measurable", "time_bound"])
def test_held_out_agreement_floor(held_out, criterion):
    assert held_out[1][criterion].rate >= HELD_OUT_FLOOR, held_out[1][criterion]


def test_held_out_unrealistic_recall_and_false_alarms(held_out):
    agreement = held_out[1]["unrealistic"]
    assert agreement.recall >= UNREALISTIC_RECALL_FLOOR, agreement
    assert agreement.false_alarm_rate <= MAX_FALSE_ALARMS, agreement


def test_report_scores_the_spanish_corpus(capsys):
    assert main(["--language", "es", "--split", "heldout"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| criterion | agreement |")
    assert "| unrealistic |" in out
