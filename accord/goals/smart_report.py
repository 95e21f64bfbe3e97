"""How often the SMART coach agrees with the hand-labelled corpus, as a Markdown table.

    python -m accord.goals.smart_report                  # the table (pasted into docs/smart-coach.md)
    python -m accord.goals.smart_report --disagreements  # and every statement where coach and label differ

    python -m accord.goals.smart_report --split heldout  # one part only: original, tuning or heldout

The corpus (smart_corpus.json) holds goal statements written for this purpose and labelled by the rubric in
docs/smart-coach.md. Each entry says which part it belongs to: "original" (round 1's statements), "tuning"
(round 2's hard cases, which the rules were tuned on) and "heldout" (written and labelled first, before any
rule change, and only scored at the end). Only the text is labelled, so the criteria that need structured
fields (achievable, relevant) are not in it.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accord.goals.smart import GoalFields, analyse

CORPUS_PATH = Path(__file__).with_name("smart_corpus.json")
# The Spanish corpus (docs/smart-coach.md, "Spanish"), read with the Spanish lexicon.
CORPUS_PATHS = {"en": CORPUS_PATH, "es": Path(__file__).with_name("smart_corpus_es.json")}
LABELLED = ("specific", "measurable", "time_bound", "unrealistic")
# A fixed "today" keeps the report reproducible (dates like "by March 3" resolve the same way every run).
CORPUS_TODAY = date(2026, 1, 15)


@dataclass(frozen=True)
class Agreement:
    criterion: str
    agree: int
    total: int
    coach_yes_label_no: int
    coach_no_label_yes: int
    label_yes: int = 0

    @property
    def rate(self) -> float:
        return self.agree / self.total if self.total else 0.0

    @property
    def recall(self) -> float:
        """Of the statements labelled yes, the share the coach also said yes to."""
        yes = self.label_yes
        return (yes - self.coach_no_label_yes) / yes if yes else 1.0

    @property
    def false_alarm_rate(self) -> float:
        """Of the statements labelled no, the share the coach said yes to."""
        no = self.total - self.label_yes
        return self.coach_yes_label_no / no if no else 0.0


@dataclass(frozen=True)
class Disagreement:
    criterion: str
    text: str
    label: bool
    coach: bool


SPLITS = ("original", "tuning", "heldout")


def load_corpus(path: Path = CORPUS_PATH, split: str | None = None) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [entry for entry in entries if split is None or entry.get("split") == split]


def coach_labels(text: str, today: date = CORPUS_TODAY, language: str = "en") -> dict[str, bool]:
    """The coach's verdict on text alone, as the corpus labels it: "can't tell" (None) counts as no."""
    result = analyse(text, fields=GoalFields(today=today), language=language).to_dict()
    verdicts = {name: result["criteria"][name]["met"] is True for name in LABELLED if name != "unrealistic"}
    return verdicts | {"unrealistic": result["unrealistic"]}


def compare(
    corpus: list[dict[str, Any]], today: date = CORPUS_TODAY, language: str = "en"
) -> tuple[list[Agreement], list[Disagreement]]:
    verdicts = [(entry, coach_labels(entry["text"], today, language)) for entry in corpus]
    differ = [
        Disagreement(name, entry["text"], entry[name], coach[name])
        for entry, coach in verdicts
        for name in LABELLED
        if coach[name] != entry[name]
    ]
    agreements = [
        Agreement(
            criterion=name,
            agree=len(corpus) - sum(d.criterion == name for d in differ),
            total=len(corpus),
            coach_yes_label_no=sum(d.criterion == name and d.coach for d in differ),
            coach_no_label_yes=sum(d.criterion == name and not d.coach for d in differ),
            label_yes=sum(bool(entry[name]) for entry in corpus),
        )
        for name in LABELLED
    ]
    return agreements, differ


def markdown_table(agreements: list[Agreement]) -> str:
    lines = [
        "| criterion | agreement | agree / total | coach yes, label no | coach no, label yes | recall "
        "| false alarms |",
        "|---|---|---|---|---|---|---|",
    ]
    for a in agreements:
        lines.append(
            f"| {a.criterion} | {a.rate:.3f} | {a.agree} / {a.total} | {a.coach_yes_label_no} "
            f"| {a.coach_no_label_yes} | {a.recall:.3f} | {a.false_alarm_rate:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disagreements", action="store_true", help="list every statement that differs")
    parser.add_argument("--corpus", type=Path, help="a corpus file in the same format")
    parser.add_argument("--split", choices=SPLITS, help="score one part of the corpus only")
    parser.add_argument(
        "--language", choices=sorted(CORPUS_PATHS), default="en", help="the corpus's language"
    )
    args = parser.parse_args(argv)
    corpus = load_corpus(args.corpus or CORPUS_PATHS[args.language], args.split)
    agreements, differ = compare(corpus, language=args.language)
    print(markdown_table(agreements))
    if args.disagreements:
        print()
        for d in differ:
            print(f"- {d.criterion}: label {str(d.label).lower()}, coach {str(d.coach).lower()} — {d.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
