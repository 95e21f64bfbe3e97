"""The SMART coach against the hand-labelled corpus (accord/goals/smart_corpus.json).

Floor: the coach must agree with the labels on at least 90% of statements for each labelled criterion
(specific, measurable, time-bound, unrealistic). docs/smart-coach.md gives the current numbers; regenerate
them with `python -m accord.goals.smart_report`. The corpus is labelled by the rule definitions, never
relabelled to fit the coach: if a change drops agreement below the floor, fix the coach or explain why the
rule changed.
"""

from __future__ import annotations

import pytest

from accord.goals.smart_report import LABELLED, SPLITS, compare, load_corpus, main, markdown_table

AGREEMENT_FLOOR = 0.90
MIN_ENTRIES = 90


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def agreements(corpus):
    return {a.criterion: a for a in compare(corpus)[0]}


def test_corpus_is_big_enough_and_well_formed(corpus):
    assert len(corpus) >= MIN_ENTRIES
    for entry in corpus:
        assert set(entry) - {"relabelled"} == {"text", "split", *LABELLED}
        assert entry["split"] in SPLITS
        assert isinstance(entry["text"], str) and entry["text"].strip()
        assert all(isinstance(entry[name], bool) for name in LABELLED)
    texts = [entry["text"] for entry in corpus]
    assert len(set(texts)) == len(texts)


def test_corpus_has_both_answers_for_every_criterion(corpus):
    # A corpus that is all "yes" for a criterion would let a coach that always says yes pass.
    for name in LABELLED:
        share = sum(entry[name] for entry in corpus) / len(corpus)
        assert 0.1 <= share <= 0.9, (name, share)


@pytest.mark.parametrize("criterion", LABELLED)
def test_coach_agrees_with_the_labels(agreements, criterion):
    agreement = agreements[criterion]
    assert agreement.rate >= AGREEMENT_FLOOR, (criterion, agreement)


def test_report_prints_a_markdown_row_per_criterion(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| criterion | agreement |")
    assert all(f"| {name} |" in out for name in LABELLED)


def test_markdown_table_of_nothing_is_just_the_header():
    assert markdown_table([]).count("\n") == 1
