"""Spanish patterns for the safety checks and the pace read from the text; the limits and messages are shared
with English (accord/goals/smart/safety.py, feasibility.py)."""

from __future__ import annotations

import re

from accord.goals.smart.es.lexicon import (
    DIFFICULT_FEELINGS,
    ELIMINATE_FEELING,
    MEDICATION_CHANGE,
    MEDICATION_STOP,
    NEGATED_START,
    NUMBER,
    PRESCRIBER,
    SENSITIVE_TOPICS,
    parse_number,
)
from accord.goals.smart.feasibility import _Measure, _scale_from_name
from accord.goals.smart.lexicon import NAMED_SCORE
from accord.goals.smart.safety import SafetyLexicon


def _race_key(race: str) -> str:
    race = " ".join(race.replace("-", " ").split())
    if race.startswith("media"):
        return "half marathon"
    if race.startswith("marat"):
        return "marathon"
    if race.startswith("ultra"):
        return "ultra"
    return re.sub(r"\s?(?:km|k|kilometros)$", "k", race)


def _amount(words: str) -> float | None:
    if words.startswith("medio"):
        return 0.5
    half = words.endswith(" y medio")
    amount = parse_number(words.removesuffix(" y medio"))
    return None if amount is None else amount + (0.5 if half else 0.0)


SPANISH = SafetyLexicon(
    weight_loss=re.compile(
        rf"\b(?:perder|bajar|adelgazar|quitarme|perdiendo|adelgazando)\s+(?:unos\s+|mas de\s+|otros\s+)?"
        rf"(?P<n>{NUMBER}(?:\s+y\s+medio)?|medio)\s*(?P<u>kilos?|kg|kilogramos?|libras?)\b"
    ),
    money=re.compile(
        r"(?:[€$]\s?(?P<n>\d[\d.]*(?:,\d+)?)\s*(?P<k>mil\b)?|(?P<n2>\d[\d.]*(?:,\d+)?)\s*(?P<k2>mil)?\s*"
        r"(?:euros|€|eur|dolares|pesos)\b)"
        r"(?!\s*(?:al|a la|por|cada|de cada)\s+(?:dia|semana|quincena|mes|ano)\b)"
    ),
    debt=re.compile(r"\b(?:deudas?|prestamos?|tarjetas?|hipoteca|descubierto|debo|credito)\b"),
    repay=re.compile(r"\b(?:pagar|liquidar|saldar|devolver|quitarme|salir de|cancelar)\b"),
    race=re.compile(r"\b(?P<r>(?:media\s+)?marat[o]n|ultra(?:maraton)?|10\s?km?|5\s?km?)\b"),
    no_running=re.compile(
        r"\b(?:sin haber corrido|nunca (?:he|ha) corrido|no correr nada|no he corrido|sin correr|de cero|"
        r"desde cero|sin haber hecho (?:deporte|ejercicio)|no hago (?:deporte|ejercicio)|principiante)\b"
    ),
    severity=re.compile(
        r"\b(?:de|desde)\s+(?:una\s+)?(?:depresion\s+|ansiedad\s+)?"
        r"(?P<a>moderadamente grave|grave|moderada)\b"
        r"[^.;]{0,40}?\ba\s+(?:una\s+)?(?:depresion\s+|ansiedad\s+)?(?P<b>minima|nada|normal|leve|ninguna)\b"
    ),
    medication_change=MEDICATION_CHANGE,
    medication_stop=MEDICATION_STOP,
    prescriber=PRESCRIBER,
    eliminate_feeling=ELIMINATE_FEELING,
    difficult_feelings=DIFFICULT_FEELINGS,
    softened=re.compile(r"\b(?:tan|tanto)\s+\w+$"),
    negated_start=NEGATED_START,
    sensitive_topics=SENSITIVE_TOPICS,
    race_key=_race_key,
    amount=_amount,
    units={"kilo": "kg", "kg": "kg", "kilogramo": "kg", "libra": "lb"},
    bands={
        "grave": "severe",
        "moderadamente grave": "moderately severe",
        "moderada": "moderate",
        "leve": "mild",
        "minima": "minimal",
        "nada": "minimal",
        "normal": "minimal",
        "ninguna": "minimal",
    },
    thousands=".",
    turn_round=(
        "cuando note que me estoy poniendo nervioso, respirar despacio cinco veces y escribir a un amigo"
    ),
)

# --- pace read from the text: "de 9 a 1 en una semana", "PHQ-9 de 20 a 5", "de 0 a 50 flexiones al día" ----

_TIME_UNIT = r"(?:minutos?|min|horas?|h)"
_FROM_TO = re.compile(
    rf"\b(?:de|desde)\s+(?P<a>{NUMBER})(?:\s*(?:/|sobre|de)\s*10)?\s*(?P<ua>{_TIME_UNIT})?\s+(?:a|hasta)\s+"
    rf"(?:menos de\s+|por debajo de\s+|mas de\s+|un\s+)?(?P<b>{NUMBER})\b\s*(?P<ub>{_TIME_UNIT})?"
)
_COUNT_PER = re.compile(r"^\s*[a-z-]+(?:\s+[a-z-]+)?\s+(?:al|a la|por|cada)\s+(?P<p>dia|semana|mes)\b")
_RATED = re.compile(
    r"sobre 10|/10|\bde 10\b|puntuacion|\bnota\b|ansiedad|animo|autoestima|tristeza|estres|miedo|panico"
)
_PER = {"dia": "day", "semana": "week", "mes": "month"}


def _minutes(number: str, unit: str | None) -> float | None:
    value = parse_number(number)
    if value is None:
        return None
    return value * 60 if unit and unit.startswith("h") else value


def measure_from_text(lowered: str) -> _Measure | None:
    """A change with a start and an end, enough to check the target and the pace: 'el PHQ-9 de 20 a 5',
    'mi ansiedad de 9 a 1', 'de 10 minutos a 2 horas', 'de 0 a 50 flexiones al día'."""
    change = _FROM_TO.search(lowered)
    if not change:
        return None
    unit = change.group("ua") or change.group("ub")
    if unit:
        a = _minutes(change.group("a"), change.group("ua") or unit)
        b = _minutes(change.group("b"), change.group("ub") or unit)
        return _Measure("minutes", a, b, None)
    a, b = parse_number(change.group("a")), parse_number(change.group("b"))
    score = NAMED_SCORE.search(lowered)
    count = _COUNT_PER.match(lowered[change.end() :])
    if score and _scale_from_name(score.group(0)):
        return _Measure("standard_score", a, b, _scale_from_name(score.group(0)))
    if count:
        return _Measure(f"count_per_{_PER[count.group('p')]}", a, b, None)
    if _RATED.search(lowered) and a is not None and b is not None and max(a, b) <= 10:
        return _Measure("rating_0_10", a, b, None)
    return None
