"""No log line of any test may name a person: every record a test logs is searched for the cast's email
addresses and names (tests/factories.py), as the console would print it (after Accord's redaction filter)."""

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
PERSONAL = re.compile(
    "|".join([*(re.escape(email) for email in CAST_EMAILS), *(rf"\b{re.escape(n)}\b" for n in CAST_NAMES)])
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
