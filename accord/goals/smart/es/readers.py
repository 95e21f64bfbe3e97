"""Spanish readers: folding accents, frequencies, durations, clock times, time frames, measures, actions and
all-or-nothing wording. Each returns the same shapes as the English readers (Frequency, Duration, TimeFrame,
quoted phrases), so the criteria's verdicts and feedback are shared."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from accord.goals.smart.es.lexicon import (
    ABSOLUTES,
    ACTION_VERBS,
    CHANGE_VERBS,
    CLITICS,
    COUNT_WORDS,
    DESCRIBING,
    EVENTS,
    FEELING_WORDS,
    JUDGEMENT_WORDS,
    MONTH,
    MONTHS,
    NEGATABLE,
    NEGATIONS,
    NOT_ACTIONS,
    NUMBER,
    OBSERVABLE_PHRASES,
    PERIOD_UNITS,
    SEASONS,
    WEEKDAY,
    WEEKDAYS,
    parse_number,
)
from accord.goals.smart.lexicon import NAMED_SCORE, UNIT_MINUTES
from accord.goals.smart.measurable import Duration
from accord.goals.smart.text import Frequency, Span, _overlaps, _shown
from accord.goals.smart.time_bound import (
    TimeFrame,
    _add_months,
    _easter,
    _month_end,
    _next_date,
    _season,
)

_FOLD = str.maketrans(
    {
        "á": "a",
        "é": "e",
        "í": "i",
        "ó": "o",
        "ú": "u",
        "ü": "u",
        "ñ": "n",
        "’": "'",
        "‘": "'",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)


def fold(text: str) -> str:
    """Lower case with accents and ñ folded ("Sesión" → "sesion"), one character for one, so offsets into the
    folded text quote the writer's own words from the original."""
    shown = _shown(text)
    lowered = shown.lower()
    if len(lowered) != len(shown):
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in shown)
    return lowered.translate(_FOLD)


# --- frequencies --------------------------------------------------------------------------------------------

_PER = r"(?:dia|noche|manana|tarde|semana|quincena|mes|ano)"
_RATE = rf"(?:al|a la|por|x|cada|a el)\s+(?P<p>{_PER})s?\b"


def _per(word: str) -> str:
    return PERIOD_UNITS.get(word.rstrip("s") if word != "mes" else word, "week")


_FREQUENCY_RULES: list[tuple[re.Pattern[str], str]] = [
    # "tres veces por semana", "una vez al mes", "3 veces x semana"
    (re.compile(rf"\b(?P<n>{NUMBER})\s*(?:veces|vez|x)\s+{_RATE}"), "times"),
    # "cinco días a la semana", "dos domingos al mes", "tres noches por semana"
    (
        re.compile(rf"\b(?P<n>{NUMBER})\s+(?:dias|noches|tardes|mananas|sesiones|{WEEKDAY})\s+{_RATE}"),
        "times",
    ),
    # "cada día", "cada dos días", "cada quince días", "todos los días", "todas las noches", "cada lunes"
    (
        re.compile(
            rf"\b(?:cada|tod[oa]s\s+l[oa]s)\s+(?:(?P<n>{NUMBER})\s+)?"
            rf"(?P<p>{_PER}|{WEEKDAY}|fin(?:es)? de semana|hora)s?\b"
        ),
        "every",
    ),
    (re.compile(r"\bun dia si y (?:otro|un dia) no\b|\bdias alternos\b"), "other"),
    (re.compile(r"\b(?:a diario|diariamente|diari[oa]s|semanalmente|mensualmente|cada dia)\b"), "adverb"),
    # "los sábados", "los martes y jueves", "de lunes a viernes", "entre semana", "los fines de semana"
    (re.compile(rf"\bde\s+{WEEKDAY}\s+a\s+{WEEKDAY}\b|\bentre semana\b|\blos fines de semana\b"), "days"),
    (re.compile(rf"\blos\s+{WEEKDAY}(?:\s*(?:,|y)\s*(?:los\s+)?{WEEKDAY})*\b"), "days"),
    # a rate after anything counted: "8.000 pasos al día", "un libro al mes"
    (re.compile(rf"\b{_RATE}"), "rate"),
    (re.compile(rf"\b(?P<n>{NUMBER})\s*veces\b|\buna vez\b"), "count"),
]


def _frequency(kind: str, m: re.Match[str]) -> tuple[float | None, str | None]:
    groups = m.groupdict()
    number = parse_number(groups["n"]) if groups.get("n") else None
    per = _per(groups["p"]) if groups.get("p") else None
    if kind == "times":
        return number, per
    if kind == "every":
        return 1.0, (f"{number:g} {per}s" if number and number != 1 else per)
    if kind == "other":
        return 1.0, "2 days"
    if kind == "adverb":
        return 1.0, "week" if "seman" in m.group(0) else "month" if "mensual" in m.group(0) else "day"
    if kind == "days":
        return float(_days_a_week(m.group(0))), "week"
    if kind == "rate":
        return None, per
    return number if number is not None else 1.0, None


def _weekday(word: str) -> str:
    """'domingos' → 'domingo'; 'lunes' stays 'lunes'."""
    return word[:-1] if word in ("sabados", "domingos") else word


def _days_a_week(phrase: str) -> int:
    """'los martes y jueves' → 2, 'de lunes a viernes' → 5, 'entre semana' → 5, 'los fines de semana' → 2."""
    days = [WEEKDAYS.index(_weekday(d)) for d in re.findall(WEEKDAY, phrase)]
    if phrase.startswith("de ") and len(days) == 2:
        return (days[1] - days[0]) % 7 + 1
    return len(days) or (2 if "fines" in phrase else 5)


def find_frequencies(text: str) -> list[Frequency]:
    """'tres veces por semana', 'cada día', 'todas las noches', 'los sábados', 'de lunes a viernes',
    'un día sí y otro no', 'a diario', 'al día' after a count."""
    shown, lowered = _shown(text), fold(text)
    found: list[Frequency] = []
    for pattern, kind in _FREQUENCY_RULES:
        for m in pattern.finditer(lowered):
            if not _overlaps(m.span(), [f.span for f in found]):
                times, per = _frequency(kind, m)
                found.append(Frequency(shown[m.start() : m.end()], times, per, m.span()))
    return sorted(found, key=lambda f: f.span)


CLOCK_TIME = re.compile(
    r"\b(?:a|antes de|despues de|hasta|desde|para|sobre|de|hacia)\s+las?\s+"
    rf"(?:\d{{1,2}}(?:[:.]\d{{2}})?|{COUNT_WORDS}|una)\b(?:\s*(?:h\b|de la (?:manana|tarde|noche)|"
    r"y media|y cuarto))?|\b\d{1,2}:\d{2}\b|\bmedianoche\b|\bmediodia\b"
)

# --- durations ----------------------------------------------------------------------------------------------

_DURATION_RULES = [
    re.compile(rf"\b(?P<n>{NUMBER})\s*(?P<u>minutos?|min|horas?|h|segundos?)\b(?P<half>\s+y\s+media\b)?"),
    re.compile(r"\b(?P<u>hora)\s+y\s+media\b(?P<half>)"),
    re.compile(r"\b(?P<n>media)\s+(?P<u>hora)\b"),
    re.compile(r"\bun\s+(?P<n>cuarto)\s+de\s+(?P<u>hora)\b"),
]
_UNIT = {"minuto": "minute", "min": "minute", "hora": "hour", "h": "hour", "segundo": "second"}


def find_durations(text: str) -> list[Duration]:
    """How long an activity lasts: '10 minutos', 'media hora', 'una hora', 'hora y media', '2 horas'.
    Days, weeks and months are periods for the goal ('durante seis semanas'), read as time frames."""
    shown, lowered = _shown(text), fold(text)
    taken = [f.span for f in find_frequencies(text) if not re.match(r"\d|[a-z]+\s+vez", f.text)]
    taken = [s for s in taken if s[1] - s[0] > 0 and not _is_rate_only(lowered, s)]
    found: list[Duration] = []
    for pattern in _DURATION_RULES:
        for m in pattern.finditer(lowered):
            if _overlaps(m.span(), taken):
                continue
            number = m.groupdict().get("n")
            amount = {"cuarto": 0.25, "media": 0.5}.get(number or "")
            amount = amount if amount is not None else (parse_number(number) if number else 1.0)
            if amount is None:
                continue
            amount += 0.5 if m.groupdict().get("half") is not None and m.group("half") != "" else 0.0
            if m.re.pattern.startswith(r"\b(?P<u>hora)\s+y"):
                amount = 1.5
            unit = _UNIT.get(m.group("u").rstrip("s"), "minute")
            minutes = amount * UNIT_MINUTES.get(unit, 1) if unit != "second" else amount / 60
            found.append(Duration(shown[m.start() : m.end()], amount, unit, minutes, m.span()))
            taken.append(m.span())
    return sorted(found, key=lambda d: d.span)


def _is_rate_only(lowered: str, span: Span) -> bool:
    return re.fullmatch(rf"{_RATE}", lowered[span[0] : span[1]]) is not None


# --- time frames --------------------------------------------------------------------------------------------

_LEAD = r"(?P<prep>antes de|antes del|para|para el|hasta|hasta el|de aqui a|durante|en|a|desde|a partir de)"


def _month_no(word: str) -> int:
    return 9 if word == "setiembre" else MONTHS.index(word) + 1


def _r_day_month(m: re.Match[str], base: date) -> date | None:
    return _next_date(base, _month_no(m.group("mo")), int(m.group("d")), m.group("y"))


def _r_numeric(m: re.Match[str], base: date) -> date | None:
    year = m.group("y")
    if year and len(year) == 2:
        year = "20" + year
    return _next_date(base, int(m.group("mo")), int(m.group("d")), year)


def _r_month(m: re.Match[str], base: date) -> date | None:
    month = _month_no(m.group("mo"))
    year = base.year + (month < base.month)
    part = m.groupdict().get("part") or ""
    if part.startswith("principio") or (m.groupdict().get("prep") or "") in ("desde", "a partir de"):
        return date(year, month, 1)
    if part.startswith("mediado"):
        return date(year, month, 15)
    if (m.groupdict().get("prep") or "").startswith("antes"):
        return date(year, month, 1) - timedelta(days=1)
    return _month_end(year, month)


def _r_end_of(m: re.Match[str], base: date) -> date | None:
    unit = m.group("u")
    following = "proxim" in (m.group(0)) or "que viene" in m.group(0)
    if unit == "mes":
        shifted = _add_months(base.replace(day=1), int(following))
        return _month_end(shifted.year, shifted.month)
    if unit == "ano":
        return date(base.year + following, 12, 31)
    if unit == "semana":
        return base + timedelta(days=6 - base.weekday() + 7 * following)
    if unit in SEASONS:
        return _season(SEASONS[unit], base, by=False)
    if unit in MONTHS or unit == "setiembre":
        month = _month_no(unit)
        return _month_end(base.year + (month < base.month), month)
    return None  # curso, trimestre: dates vary by institution


def _r_season(m: re.Match[str], base: date) -> date | None:
    name = m.group("s")
    before = (m.group("prep") or "") in ("antes de", "para", "hasta", "de aqui a")
    if name in SEASONS:
        return _season(SEASONS[name], base, by=before)
    if name.startswith("vacaciones"):
        return _season("summer", base, by=False)
    if name.startswith("navidad"):
        day = _next_date(base, 12, 25)
    elif name == "semana santa":
        day = _easter(base.year) if _easter(base.year) >= base else _easter(base.year + 1)
    elif name == "reyes":
        day = _next_date(base, 1, 6)
    else:  # ano nuevo
        return date(base.year + 1, 1, 1)
    return day - timedelta(days=1) if before else day


def _r_relative(m: re.Match[str], base: date) -> date | None:
    words = (m.group("q") or "").strip()
    amount = parse_number(words) if words else 1.0
    if amount is None:
        return None
    unit = {"dia": "day", "semana": "week", "quincena": "fortnight", "mes": "month", "ano": "year"}[
        m.group("u")
    ]
    if unit in ("month", "year") and amount == int(amount):
        return _add_months(base, int(amount) * (12 if unit == "year" else 1))
    return base + timedelta(minutes=amount * UNIT_MINUTES[unit])


def _r_this_next(m: re.Match[str], base: date) -> date | None:
    return _r_end_of(m, base)


def _r_weekday(m: re.Match[str], base: date) -> date | None:
    ahead = (WEEKDAYS.index(_weekday(m.group("wd"))) - base.weekday()) % 7
    return base + timedelta(days=ahead or 7)


def _r_day_word(m: re.Match[str], base: date) -> date | None:
    return base + timedelta(days=1) if m.group(0).endswith("manana") else base


def _r_unknown(m: re.Match[str], base: date) -> date | None:
    return None


_Q = rf"(?P<q>{NUMBER}|unos|unas|algunos|algunas)?"
_UNITS = r"(?P<u>dia|semana|quincena|mes|ano)(?:s|es)?"
_NOT_A_RATE = r"(?!\s+(?:a la|al|por|cada|de cada)\s)"

_Resolve = Callable[[re.Match[str], date], date | None]
_TIME_FRAME_RULES: list[tuple[re.Pattern[str], str, _Resolve | None]] = [
    (re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"), "date", None),
    (re.compile(r"\b(?P<d>\d{1,2})/(?P<mo>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?\b"), "date", _r_numeric),
    (
        re.compile(
            rf"\b(?:(?:el\s+)?(?:dia\s+)?(?P<d>\d{{1,2}})\s+de\s+(?P<mo>{MONTH}))(?:\s+(?:de|del)\s+(?P<y>\d{{4}}))?"
        ),
        "date",
        _r_day_month,
    ),
    (
        re.compile(
            rf"\b(?:a\s+|para\s+|hasta\s+|antes\s+de\s+|de aqui a\s+)?"
            rf"(?:(?:el\s+|los\s+)?(?:finales|final|fin(?! de semana))"
            rf"|(?:el\s+)?(?:que\s+)?acabe)\s+(?:de|del|el)\s+(?:(?:este|esta|la|el|proximo|proxima)\s+)?"
            rf"(?P<u>mes|ano|semana|curso|trimestre|cuatrimestre|verano|invierno|primavera|otono|{MONTH})"
            rf"(?:\s+que viene)?\b"
        ),
        "deadline",
        _r_end_of,
    ),
    (
        re.compile(r"\bantes de que acabe (?:el|la) (?P<u>mes|ano|semana|curso|trimestre)\b"),
        "deadline",
        _r_end_of,
    ),
    (
        re.compile(
            rf"\b(?:{_LEAD}\s+)?(?:(?:el\s+)?(?:mes|dia)\s+de\s+|(?P<part>principios|mediados|finales)\s+de\s+)?"
            rf"(?P<mo>{MONTH})\b"
        ),
        "period",
        _r_month,
    ),
    (
        re.compile(
            rf"\b(?:{_LEAD}|este|esta|el|la|las|en las)\s+(?:el\s+|la\s+|las\s+)?"
            r"(?P<s>primavera|verano|otono|invierno|navidad(?:es)?|semana santa|reyes|ano nuevo|"
            r"vacaciones(?: de verano| de navidad)?)\b"
        ),
        "period",
        _r_season,
    ),
    (
        re.compile(
            rf"\b(?P<prep>antes de|antes del|antes de la|para|para la|para el|hasta|hasta el|hasta la|"
            rf"hasta los|hasta las|en|en la|en el)\s+(?:(?:mi|mis|la|el|los|las|su|nuestra)\s+)?"
            rf"(?:(?:proxim[oa]|siguiente)\s+)?(?!cada\b)(?:\w+\s+){{0,1}}?{EVENTS}\b"
        ),
        "event",
        _r_unknown,
    ),
    (
        re.compile(
            rf"\b(?:en|durante|dentro de|a lo largo de|de aqui a|por)\s+(?:(?:los|las|el|la)\s+)?"
            rf"(?:(?:proxim[oa]s?|siguientes?)\s+)?{_Q}\s*{_UNITS}\b{_NOT_A_RATE}"
        ),
        "period",
        _r_relative,
    ),  # _RELATIVE: the index _raw_time_frames checks
    (
        re.compile(
            r"\b(?:(?:este|esta|durante este|durante esta|en este|en esta|del)\s+|(?:el|la|durante el|"
            r"durante la|en el|en la)\s+"
            r"(?=proxim|(?:mes|ano|semana|trimestre|curso|fin de semana) que viene))"
            r"(?:proxim[oa]\s+)?(?P<u>mes|ano|semana|trimestre|cuatrimestre|curso|fin de semana)"
            r"(?:\s+que viene)?\b(?!\s+(?:pasad[oa]|de))"
        ),
        "period",
        _r_this_next,
    ),
    (
        re.compile(rf"\b(?P<prep>el|este|antes del|para el|hasta el)\s+(?P<wd>{WEEKDAY})\b(?!\s+y\b)"),
        "date",
        _r_weekday,
    ),
    (
        re.compile(
            r"(?<!\bla )(?<!\blas )(?<!\bcada )(?<!\bpor la )(?<!\bde la )\b(?:pasado )?manana\b(?! por)"
        ),
        "date",
        _r_day_word,
    ),
    (re.compile(r"\b(?:el|del) dia (?P<d>\d{1,2})\b(?! de)"), "date", _r_unknown),
    (re.compile(r"\besta noche\b|\besta tarde\b|\bhoy\b"), "date", _r_day_word),
]


def _raw_time_frames(lowered: str) -> list[tuple[Span, int]]:
    found: list[tuple[Span, int]] = []
    clock = [m.span() for m in CLOCK_TIME.finditer(lowered)]
    for index, (pattern, _kind, resolve) in enumerate(_TIME_FRAME_RULES):
        for m in pattern.finditer(lowered):
            if m.start() == m.end() or _overlaps(m.span(), [s for s, _i in found] + clock):
                continue
            if resolve is _r_relative and not (m.group("q") or re.search(r"proxim|siguiente", m.group(0))):
                continue  # "durante la semana", "en el día": no amount and no "próximo", so not a period
            found.append((m.span(), index))
    return sorted(found)


_STARTS = r"(?:desde|a partir de|a partir del|empezando(?: el)?)"
_DEADLINES = r"(?:antes de|antes del|para|para el|hasta|hasta el|de aqui a)"


def _lead(lowered: str, span: Span) -> str:
    """'start' or 'deadline' from the preposition that governs the phrase (its own first words or the ones
    just before it), otherwise ''."""
    head, before = lowered[span[0] : span[1]], lowered[max(0, span[0] - 16) : span[0]]
    for kind, words in (("start", _STARTS), ("deadline", _DEADLINES)):
        if re.match(words + r"\b", head) or re.search(r"\b" + words + r"\s*$", before):
            return kind
    return ""


def find_time_frames(text: str, today: date) -> list[TimeFrame]:
    """'antes del 15 de marzo', 'para finales de abril', 'durante las próximas seis semanas', 'en un mes',
    'este año', 'hasta el verano', 'antes de mi cumpleaños', 'mañana'. Not: 'a las 11', 'cada domingo',
    'hasta que encuentre trabajo'; 'a partir del lunes' is a start, which alone doesn't bound the goal."""
    shown, lowered = _shown(text), fold(text)
    frames: list[TimeFrame] = []
    base = today
    for span, index in _raw_time_frames(lowered):
        pattern, default, resolve = _TIME_FRAME_RULES[index]
        m = pattern.match(lowered, *span)
        lead = _lead(lowered, span)
        kind = (
            "start" if lead == "start" else "deadline" if lead and default in ("date", "period") else default
        )
        ends_on = None
        if m is not None and resolve is not None:
            try:
                ends_on = resolve(m, base)
            except (ValueError, OverflowError, KeyError):
                ends_on = None
        elif m is not None and default == "date":
            try:
                ends_on = date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
            except ValueError:
                ends_on = None
        frames.append(TimeFrame(shown[span[0] : span[1]], kind, ends_on, span))
        if kind == "start" and ends_on:
            base = ends_on
    return frames


# --- measures -----------------------------------------------------------------------------------------------

_COUNT = re.compile(rf"\b\d+(?:[.,]\d+)*(?![\d]|\s*(?:o|a|er|era)\b)|\b(?:{COUNT_WORDS})\b")
_QUANTITY = re.compile(
    r"(?<!\ba )\bnada\b|\b(?:la mitad|el doble|medio|media|"
    r"tod[oa]s (?:l[oa]s|mis|sus)\s+(?!dias|noches|mananas|tardes|"
    r"semanas|meses|anos|fines)\w+|(?:media\s+)?marat[o]n|\d+\s?km)\b|\d\s?%"
)
_EACH = re.compile(r"\bcada\s+(?:vez|\w+)\b|\ben cada\s+\w+|\bantes de cada\b|\bdespues de cada\b")
_NOT_A_COUNT = re.compile(r"\bni un[oa]?\b|\buno mismo\b|\bun dia si\b|\bla una\b|\bfin de\b")


def find_measures(text: str) -> list[str]:
    """How much, how often or how long: frequencies, durations, clock times, named scores, quantities and
    counts,
    outside dates and time frames ('15 de marzo' and 'en 3 meses' are not counts)."""
    lowered = fold(text)
    spans = [f.span for f in find_frequencies(text) if not _is_rate_only(lowered, f.span)]
    spans += [d.span for d in find_durations(text)]
    spans += [m.span() for pattern in (CLOCK_TIME, NAMED_SCORE, _EACH) for m in pattern.finditer(lowered)]
    rates = [f.span for f in find_frequencies(text) if _is_rate_only(lowered, f.span)]
    taken = spans + [s for s, _i in _raw_time_frames(lowered)]
    vague = [m.span() for m in _NOT_A_COUNT.finditer(lowered)]
    counted = False
    for pattern in (_QUANTITY, _COUNT):
        for m in pattern.finditer(lowered):
            if not _overlaps(m.span(), taken + vague):
                spans.append(m.span())
                taken.append(m.span())
                counted = True
    # "un libro al mes": a rate says how often once something is counted, or with "un"/"una" before it
    for span in rates:
        if counted or re.search(r"\b(?:un|una|uno)\b", lowered[max(0, span[0] - 40) : span[0]]):
            spans.append(span)
    shown = _shown(text)
    return [shown[start:end] for start, end in sorted(set(spans))]


# --- actions ------------------------------------------------------------------------------------------------


def lemma(word: str) -> str:
    """An infinitive for a verb form: 'caminando' → caminar, 'acostarme' → acostar, 'caminaré' → caminar,
    'levantandome' → levantar; otherwise the word."""
    candidates = [word]
    for clitic in CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= 2:
            candidates.append(word[: -len(clitic)])
    forms: list[str] = []
    for cand in candidates:
        forms.append(cand)
        if cand.endswith("ando"):
            forms.append(cand[:-4] + "ar")
        if cand.endswith("iendo"):
            forms += [cand[:-5] + "er", cand[:-5] + "ir"]
        future = re.fullmatch(r"([a-z]+[aei]r)(?:e|as|a|emos|an|ia)", cand)  # caminare, ire
        if future:
            forms.append(future.group(1))
    return next((form for form in forms if form in ACTION_VERBS), word)


def _is_action(words: list[str], i: int) -> bool:
    verb = lemma(words[i])
    if verb not in ACTION_VERBS or words[i] in NOT_ACTIONS:
        return False
    following = words[i + 1] if i + 1 < len(words) else ""
    if verb in CHANGE_VERBS and FEELING_WORDS.intersection(words[i + 1 : i + 6]):
        return False  # "bajar mi ansiedad de 8 a 4": a self-rating of a feeling, not something done
    return following not in JUDGEMENT_WORDS


_FIGURATIVE = re.compile(
    r"\b(?:salir adelante|dar(?:le)? vueltas|pasar pagina|dejar ir|tomar(?:me)? las cosas|hacer las paces|"
    r"dejar de|poner limites|llevarme bien|tener en cuenta|darme cuenta)\b"
)


def find_actions(text: str) -> list[str]:
    """Observable actions and events, quoted as written: 'Caminar', 'llamar', 'ataques de pánico', 'PHQ-9'."""
    lowered = _FIGURATIVE.sub(lambda m: " " * len(m.group(0)), fold(text))
    tokens = list(re.finditer(r"[a-z]+", lowered))
    words = [t.group(0) for t in tokens]
    spans = [t.span() for i, t in enumerate(tokens) if _is_action(words, i)]
    spans += [m.span() for pattern in (OBSERVABLE_PHRASES, NAMED_SCORE) for m in pattern.finditer(lowered)]
    shown = _shown(text)
    return [shown[start:end] for start, end in sorted(set(spans))]


# --- absolutes ----------------------------------------------------------------------------------------------


def _is_absolute(lowered: str, m: re.Match[str]) -> bool:
    clause = re.split(r"[.,;:!?]", lowered[max(0, m.start() - 60) : m.start()])[-1]
    words = re.findall(r"[a-z]+", clause)
    after = re.findall(r"[a-z]+", lowered[m.end() : m.end() + 20])[:1]
    if set(words[-2:]) & DESCRIBING or set(after) & DESCRIBING:
        return False  # "nunca he corrido", "sin haber corrido nunca": how things are now
    negatable = NEGATABLE.match(m.group(0))
    return not (negatable and NEGATIONS.intersection(words[-4:]))


def find_absolutes(text: str) -> list[str]:
    """All-or-nothing wording about the outcome wanted: nunca, jamás, siempre, completamente, perfecto,
    todo el tiempo, sin falta, pase lo que pase, 100%."""
    shown, lowered = _shown(text), fold(text)
    return [shown[m.start() : m.end()] for m in ABSOLUTES.finditer(lowered) if _is_absolute(lowered, m)]
