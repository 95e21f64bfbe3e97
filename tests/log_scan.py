"""No log line of any test may name a person or quote a goal: every record a test logs is searched for the
cast's and the demo's email addresses and names (tests/factories.py, accord/demo.py) and for the demo goals'
words (accord/goals/demo.py), as the console would print it (after Accord's redaction filter)."""

from __future__ import annotations

import logging
import re
import traceback

CAST_EMAILS = [
    "ada@riverside.example",
    "tess@riverside.example",
    "theo@hillside.example",
    "cam@riverside.example",
    "casey@riverside.example",
    "cleo@hillside.example",
]
CAST_NAMES = ["Ada Admin", "Tess Taylor", "Theo Thomas", "Cam", "Casey", "Cleo"]


def _demo_words() -> list[str]:
    """The demo's people (names and addresses) and its goals in the client's own words."""
    from accord import demo
    from accord.goals import demo as goals_demo

    staff = [text for person in demo.STAFF for text in (person.email, person.full_name)]
    clients = [text for client in demo.CLIENTS for text in (client.display_name, client.email) if text]
    goal_words = [goals_demo.WALK_WORDS, goals_demo.SLEEP_WORDS, goals_demo.JOB_WORDS]
    return [*staff, *clients, *goal_words]


PERSONAL = re.compile(
    "|".join(
        rf"(?<!\w){re.escape(text)}(?!\w)"
        for text in sorted({*CAST_EMAILS, *CAST_NAMES, *_demo_words()}, key=len, reverse=True)
    )
)


class PersonalDataScanner(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.findings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:
            text = str(record.msg)
        if record.exc_text:
            text += "\n" + record.exc_text
        elif record.exc_info and record.exc_info[1] is not None:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        match = PERSONAL.search(text)
        if match:
            self.findings.append(f"{record.name} {record.levelname}: {match.group(0)!r} in {text[:300]!r}")


def scan_logs():
    """Generator fixture body: install the scanner on the root logger, then fail on any finding."""
    scanner = PersonalDataScanner()
    root = logging.getLogger()
    root.addHandler(scanner)
    try:
        yield scanner
    finally:
        root.removeHandler(scanner)
    assert not scanner.findings, "A log line names a person (never log personal data):\n" + "\n".join(
        scanner.findings
    )


def no_personal_data_logged(build):
    """``build`` wrapped to fail as ``scan_logs`` does, for test data built outside any one test."""

    def scanned():
        scan = scan_logs()
        next(scan)
        try:
            built = build()
        except BaseException:
            scan.close()
            raise
        next(scan, None)
        return built

    return scanned
