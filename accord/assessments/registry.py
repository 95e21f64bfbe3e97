"""The instrument registry: questionnaire definitions kept as JSON data, checked strictly when loaded.

Definitions are data so that a practice can drop its own licensed instruments into a folder (named by a
setting) without writing code. Every definition is validated when it is loaded, because a typo in a band, an
option value or a scoring list would otherwise mis-score a clinical questionnaire in silence; we would rather
refuse to start, with a message that names the file and the field.

Versions: each file carries an integer ``version``. New responses use the newest version of an instrument;
stored responses keep the (key, version) they were answered with, so ``load_versions`` keeps them all.

Pure Python (stdlib only) so that it can be tested and reused without Django.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

BUILTIN_DIR = Path(__file__).resolve().parent / "instruments"

KINDS = ("choice", "scale", "text", "list")
SEVERITIES = ("safety", "warning", "info")
AUDIENCES = ("client", "therapist")
# Intake answers that goals can later link to ("Relevant" in SMART): PRODUCT.md §2.1.
CATEGORIES = ("strength", "need", "value")
SCORING_METHODS = ("sum", "none")

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
_EQUALITY_OPS = ("==", "!=")
_KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,49}")
_LOINC_RE = re.compile(r"(\d{1,7})-(\d)")

_TOP_FIELDS = (
    "key",
    "version",
    "title",
    "short_title",
    "description",
    "licence",
    "recall_period",
    "stem",
    "audience",
    "validated",
    "loinc",
    "items",
    "scoring",
    "bands",
    "flags",
)
_ITEM_FIELDS = (
    "key",
    "text",
    "kind",
    "scored",
    "required",
    "options",
    "min",
    "max",
    "anchors",
    "help",
    "category",
)
_OPTION_FIELDS = ("value", "label")
_SCORING_FIELDS = ("method", "items", "min", "max", "better")
_BAND_FIELDS = ("min", "max", "key", "label")
_FLAG_FIELDS = ("key", "item", "rule", "severity", "message", "note")
_RULE_FIELDS = ("op", "value")
_LOINC_FIELDS = ("panel", "total", "items")


class InstrumentDefinitionError(ValueError):
    """A definition file is unreadable or malformed. The message names the file and the field."""

    def __init__(self, source: str, field_path: str, problem: str) -> None:
        self.source = source
        self.field = field_path
        self.problem = problem
        super().__init__(f"{source}: {field_path}: {problem}" if field_path else f"{source}: {problem}")


# --- the definitions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One answer to a choice item, or an anchor label on a scale."""

    value: int | str
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    kind: str  # one of KINDS
    scored: bool = False
    required: bool = False
    options: tuple[Option, ...] = ()
    min: int | None = None  # scale items only
    max: int | None = None
    anchors: tuple[Option, ...] = ()
    help: str = ""
    category: str | None = None  # one of CATEGORIES, for intake lists

    @property
    def values(self) -> tuple[int | str, ...]:
        return tuple(option.value for option in self.options)

    @property
    def is_numeric(self) -> bool:
        """True when answers are integers, so they can be summed and compared with < and >."""
        return self.kind == "scale" or (self.kind == "choice" and all(_is_int(v) for v in self.values))

    def lowest(self) -> int:
        if self.min is not None:
            return self.min
        return min(int(value) for value in self.values)

    def highest(self) -> int:
        if self.max is not None:
            return self.max
        return max(int(value) for value in self.values)

    def label_for(self, value: int | str) -> str:
        return next((option.label for option in self.options if option.value == value), "")


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    key: str
    label: str

    def covers(self, total: int) -> bool:
        return self.min <= total <= self.max


@dataclass(frozen=True)
class Rule:
    op: str  # one of _OPS
    value: int | str

    def matches(self, answer: int | str) -> bool:
        return _OPS[self.op](answer, self.value)


@dataclass(frozen=True)
class Flag:
    key: str
    item: str
    rule: Rule
    severity: str  # one of SEVERITIES
    message: str  # for the therapist
    note: str = ""  # context the UI shows with the flag, e.g. "item 9 is a screen, not a risk assessment"


@dataclass(frozen=True)
class Scoring:
    method: str  # "sum" or "none" (answers are kept side by side, as in the readiness ruler)
    items: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    lower_is_better: bool = True


@dataclass(frozen=True)
class Loinc:
    panel: str | None = None
    total: str | None = None
    items: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    title: str
    short_title: str
    description: str
    licence: str
    audience: str
    validated: bool
    items: tuple[Item, ...]
    scoring: Scoring
    bands: tuple[Band, ...] = ()
    flags: tuple[Flag, ...] = ()
    loinc: Loinc | None = None
    recall_period: str | None = None
    stem: str = ""
    source: str = field(default="", compare=False)  # the file it came from, for messages

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(f"{self.key} has no item {key!r}")

    def band_for(self, total: int) -> Band | None:
        return next((band for band in self.bands if band.covers(total)), None)


# --- loading ----------------------------------------------------------------------------------------------


def load_instrument(path: str | Path) -> Instrument:
    """Read and validate one JSON definition file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentDefinitionError(str(path), "", f"cannot be read ({exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        raise InstrumentDefinitionError(str(path), "", problem) from exc
    return parse_instrument(data, source=str(path))


def load_versions(directory: str | Path) -> dict[tuple[str, int], Instrument]:
    """Every definition in a folder, by (key, version). Two files claiming the same pair is an error."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InstrumentDefinitionError(str(directory), "", "is not a folder of instrument definitions")
    found: dict[tuple[str, int], Instrument] = {}
    for path in sorted(directory.glob("*.json")):
        instrument = load_instrument(path)
        pair = (instrument.key, instrument.version)
        if pair in found:
            problem = f"key {pair[0]!r} version {pair[1]} is already defined in {found[pair].source}"
            raise InstrumentDefinitionError(str(path), "version", problem)
        found[pair] = instrument
    return found


def load_directory(directory: str | Path) -> dict[str, Instrument]:
    """The newest version of each instrument in a folder, by key (what new responses should use)."""
    return _newest(load_versions(directory).values())


def builtin_versions() -> dict[tuple[str, int], Instrument]:
    return dict(_builtin_versions())


def builtin_instruments() -> dict[str, Instrument]:
    """The instruments shipped with Accord: PHQ-9, GAD-7, readiness ruler, session check-in, intake."""
    return _newest(_builtin_versions().values())


def all_instruments(practice_dir: str | Path | None = None) -> dict[str, Instrument]:
    """Built-in instruments plus a practice's own folder (if any), newest version of each.

    A practice instrument may not reuse a built-in key: the PHQ-9's scoring and safety rule must not be
    replaced by a file dropped into a folder.
    """
    instruments = builtin_instruments()
    if practice_dir is None:
        return instruments
    for key, instrument in load_directory(practice_dir).items():
        if key in instruments:
            problem = f"{key!r} is a built-in instrument; give your instrument a key of its own"
            raise InstrumentDefinitionError(instrument.source, "key", problem)
        instruments[key] = instrument
    return instruments


@cache
def _builtin_versions() -> Mapping[tuple[str, int], Instrument]:
    # Cached: the files ship with the code and do not change while the process runs.
    return MappingProxyType(load_versions(BUILTIN_DIR))


def _newest(instruments: Iterable[Instrument]) -> dict[str, Instrument]:
    newest: dict[str, Instrument] = {}
    for instrument in instruments:
        if instrument.key not in newest or instrument.version > newest[instrument.key].version:
            newest[instrument.key] = instrument
    return newest


# --- parsing and validation -------------------------------------------------------------------------------

_REQUIRED: Any = object()


@dataclass(frozen=True)
class _Ctx:
    """Where we are in a definition, so every error can name the file and the field."""

    source: str
    where: str = ""

    def at(self, name: str | int) -> _Ctx:
        if isinstance(name, int):
            return _Ctx(self.source, f"{self.where}[{name}]")
        return _Ctx(self.source, f"{self.where}.{name}" if self.where else name)

    def fail(self, problem: str) -> NoReturn:
        raise InstrumentDefinitionError(self.source, self.where, problem)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true must not count as 1


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_key(value: object) -> bool:
    return isinstance(value, str) and _KEY_RE.fullmatch(value) is not None


_EXPECTED: dict[str, tuple[Callable[[object], bool], str]] = {
    "text": (_is_text, "a non-empty string"),
    "string": (lambda v: isinstance(v, str), "a string"),
    "int": (_is_int, "a whole number"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "list": (lambda v: isinstance(v, list), "a list"),
    "object": (lambda v: isinstance(v, dict), "an object"),
    "key": (_is_key, "a key of lowercase letters, digits and underscores, starting with a letter"),
}


def _get(ctx: _Ctx, obj: Mapping[str, Any], name: str, expected: str, default: Any = _REQUIRED) -> Any:
    """Fetch a field and check its JSON type; ``default`` makes it optional (``None`` is allowed then)."""
    if name not in obj or (obj[name] is None and default is not _REQUIRED):
        if default is _REQUIRED:
            ctx.at(name).fail("is required")
        return default
    check, description = _EXPECTED[expected]
    if not check(obj[name]):
        ctx.at(name).fail(f"must be {description}")
    return obj[name]


def _choice(
    ctx: _Ctx, obj: Mapping[str, Any], name: str, allowed: tuple[str, ...], default: Any = _REQUIRED
) -> Any:
    value = _get(ctx, obj, name, "string", default)
    if value != default and value not in allowed:
        ctx.at(name).fail(f"must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _object(ctx: _Ctx, value: Any, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    """Check an object and reject unknown fields: a misspelt "bands" must not be skipped quietly."""
    if not isinstance(value, dict):
        ctx.fail("must be an object")
    # Keys starting with "$" ("$comment", "$schema") are for people reading the file.
    unknown = sorted(k for k in value if k not in allowed and not str(k).startswith("$"))
    if unknown:
        ctx.fail(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")
    return value


def _forbid(ctx: _Ctx, obj: Mapping[str, Any], names: tuple[str, ...], reason: str) -> None:
    for name in names:
        if name in obj:
            ctx.at(name).fail(reason)


def _unique(ctx: _Ctx, values: list[Any], what: str) -> None:
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value in seen:
            ctx.at(index).fail(f"{what} {value!r} appears more than once")
        seen.add(value)


def parse_instrument(data: Any, source: str = "<definition>") -> Instrument:
    """Build an Instrument from already-decoded JSON, raising InstrumentDefinitionError if it is malformed."""
    ctx = _Ctx(source)
    obj = _object(ctx, data, _TOP_FIELDS)
    version = _get(ctx, obj, "version", "int")
    if version < 1:
        ctx.at("version").fail("must be 1 or more")
    items = _parse_items(ctx.at("items"), _get(ctx, obj, "items", "list"))
    scoring = _parse_scoring(ctx.at("scoring"), _get(ctx, obj, "scoring", "object"), items)
    return Instrument(
        key=_get(ctx, obj, "key", "key"),
        version=version,
        title=_get(ctx, obj, "title", "text"),
        short_title=_get(ctx, obj, "short_title", "text"),
        description=_get(ctx, obj, "description", "text"),
        licence=_get(ctx, obj, "licence", "text"),
        audience=_choice(ctx, obj, "audience", AUDIENCES),
        validated=_get(ctx, obj, "validated", "bool"),
        items=items,
        scoring=scoring,
        bands=_parse_bands(ctx.at("bands"), _get(ctx, obj, "bands", "list", []), scoring),
        flags=_parse_flags(ctx.at("flags"), _get(ctx, obj, "flags", "list", []), items),
        loinc=_parse_loinc(ctx.at("loinc"), obj.get("loinc"), items, scoring),
        recall_period=_get(ctx, obj, "recall_period", "text", None),
        stem=_get(ctx, obj, "stem", "string", ""),
        source=source,
    )


def _parse_items(ctx: _Ctx, raw: list[Any]) -> tuple[Item, ...]:
    if not raw:
        ctx.fail("must list at least one item")
    items = tuple(_parse_item(ctx.at(index), entry) for index, entry in enumerate(raw))
    _unique(ctx, [item.key for item in items], "item key")
    return items


def _parse_item(ctx: _Ctx, raw: Any) -> Item:
    obj = _object(ctx, raw, _ITEM_FIELDS)
    # An item with options and no kind is a choice item, as in the usual questionnaire layout.
    kind = _choice(ctx, obj, "kind", KINDS, "choice" if "options" in obj else _REQUIRED)
    scored = _get(ctx, obj, "scored", "bool", False)
    # Scored items default to required: a total with an answer missing would under-state the score.
    required = _get(ctx, obj, "required", "bool", scored)
    if scored and not required:
        ctx.at("required").fail("a scored item must be required (a total with a missing answer is wrong)")
    shape = _SHAPES[kind](ctx, obj, scored)
    return Item(
        key=_get(ctx, obj, "key", "key"),
        text=_get(ctx, obj, "text", "text"),
        kind=kind,
        scored=scored,
        required=required,
        help=_get(ctx, obj, "help", "string", ""),
        category=_choice(ctx, obj, "category", CATEGORIES, None),
        **shape,
    )


def _choice_shape(ctx: _Ctx, obj: Mapping[str, Any], scored: bool) -> dict[str, Any]:
    _forbid(ctx, obj, ("min", "max", "anchors"), "is only used by scale items")
    raw = _get(ctx, obj, "options", "list")
    if len(raw) < 2:
        ctx.at("options").fail("a choice item needs at least two options")
    options = tuple(_parse_option(ctx.at("options").at(i), entry) for i, entry in enumerate(raw))
    _unique(ctx.at("options"), [option.value for option in options], "option value")
    if scored:
        for index, option in enumerate(options):
            if not _is_int(option.value):
                ctx.at("options").at(index).at("value").fail("must be a whole number on a scored item")
    return {"options": options}


def _scale_shape(ctx: _Ctx, obj: Mapping[str, Any], scored: bool) -> dict[str, Any]:
    _forbid(ctx, obj, ("options",), "is only used by choice items; a scale has min and max")
    low, high = _get(ctx, obj, "min", "int"), _get(ctx, obj, "max", "int")
    if low >= high:
        ctx.at("max").fail(f"must be greater than min ({low})")
    raw = _get(ctx, obj, "anchors", "list", [])
    anchors = tuple(_parse_option(ctx.at("anchors").at(i), entry) for i, entry in enumerate(raw))
    for index, anchor in enumerate(anchors):
        if not _is_int(anchor.value) or not low <= int(anchor.value) <= high:
            ctx.at("anchors").at(index).at("value").fail(f"must be a whole number from {low} to {high}")
    return {"min": low, "max": high, "anchors": anchors}


def _free_text_shape(ctx: _Ctx, obj: Mapping[str, Any], scored: bool) -> dict[str, Any]:
    _forbid(ctx, obj, ("options", "min", "max", "anchors"), "is not used by text or list items")
    if scored:
        ctx.at("scored").fail("text and list answers cannot be scored")
    return {}


_SHAPES: dict[str, Callable[[_Ctx, Mapping[str, Any], bool], dict[str, Any]]] = {
    "choice": _choice_shape,
    "scale": _scale_shape,
    "text": _free_text_shape,
    "list": _free_text_shape,
}


def _parse_option(ctx: _Ctx, raw: Any) -> Option:
    obj = _object(ctx, raw, _OPTION_FIELDS)
    value: int | str = obj.get("value")  # type: ignore[assignment]  # checked on the next line
    if not (_is_int(value) or _is_text(value)):
        ctx.at("value").fail("must be a whole number or a non-empty string")
    return Option(value=value, label=_get(ctx, obj, "label", "text"))


def _parse_scoring(ctx: _Ctx, raw: Mapping[str, Any], items: tuple[Item, ...]) -> Scoring:
    obj = _object(ctx, raw, _SCORING_FIELDS)
    method = _choice(ctx, obj, "method", SCORING_METHODS)
    lower_is_better = _choice(ctx, obj, "better", ("lower", "higher"), "lower") == "lower"
    scored = [item.key for item in items if item.scored]
    if method == "none":
        if scored:
            ctx.at("method").fail(f"is 'none' but items {', '.join(scored)} are marked \"scored\": true")
        _forbid(ctx, obj, ("items", "min", "max"), "is not used when method is 'none'")
        return Scoring(method="none", lower_is_better=lower_is_better)
    keys = _scored_keys(ctx, obj, items, scored)
    by_key = {item.key: item for item in items}
    low = sum(by_key[key].lowest() for key in keys)
    high = sum(by_key[key].highest() for key in keys)
    _check_equal(ctx.at("min"), _get(ctx, obj, "min", "int"), low, "at least")
    _check_equal(ctx.at("max"), _get(ctx, obj, "max", "int"), high, "at most")
    return Scoring(method="sum", items=tuple(keys), min=low, max=high, lower_is_better=lower_is_better)


def _scored_keys(ctx: _Ctx, obj: Mapping[str, Any], items: tuple[Item, ...], scored: list[str]) -> list[str]:
    keys: list[str] = _get(ctx, obj, "items", "list")
    known = {item.key for item in items}
    for index, key in enumerate(keys):
        if key not in known:
            ctx.at("items").at(index).fail(f"{key!r} is not an item of this instrument")
    _unique(ctx.at("items"), keys, "item")
    if set(keys) != set(scored):
        missing = sorted(set(scored) - set(keys)) or ["none"]
        extra = sorted(set(keys) - set(scored)) or ["none"]
        ctx.at("items").fail(
            'must list exactly the items marked "scored": true '
            f"(marked but not listed: {', '.join(missing)}; listed but not marked: {', '.join(extra)})"
        )
    return keys


def _check_equal(ctx: _Ctx, declared: int, computed: int, bound: str) -> None:
    if declared != computed:
        ctx.fail(f"is {declared} but the scored items add up to {bound} {computed}")


def _parse_bands(ctx: _Ctx, raw: list[Any], scoring: Scoring) -> tuple[Band, ...]:
    if raw and scoring.method == "none":
        ctx.fail("bands need a total score, but scoring.method is 'none'")
    bands = tuple(_parse_band(ctx.at(index), entry) for index, entry in enumerate(raw))
    _unique(ctx, [band.key for band in bands], "band key")
    if bands:
        _check_coverage(ctx, bands, scoring.min or 0, scoring.max or 0)  # both set when method is "sum"
    return bands


def _parse_band(ctx: _Ctx, raw: Any) -> Band:
    obj = _object(ctx, raw, _BAND_FIELDS)
    band = Band(
        min=_get(ctx, obj, "min", "int"),
        max=_get(ctx, obj, "max", "int"),
        key=_get(ctx, obj, "key", "key"),
        label=_get(ctx, obj, "label", "text"),
    )
    if band.min > band.max:
        ctx.at("max").fail(f"must not be below min ({band.min})")
    return band


def _check_coverage(ctx: _Ctx, bands: tuple[Band, ...], lowest: int, highest: int) -> None:
    """Every possible total must fall in exactly one band: no gaps, no overlaps, nothing outside the range."""
    expected = lowest
    for band in sorted(bands, key=lambda b: b.min):
        where = ctx.at(bands.index(band)).at("min")
        if band.min < lowest:
            where.fail(f"is {band.min}, below the lowest possible total ({lowest})")
        if band.min > expected:
            where.fail(f"totals {expected} to {band.min - 1} are in no band")
        if band.min < expected:
            where.fail(f"band {band.key!r} overlaps the band below it (which ends at {expected - 1})")
        expected = band.max + 1
    if expected - 1 != highest:
        ctx.fail(f"the bands end at {expected - 1} but totals run from {lowest} to {highest}")


def _parse_flags(ctx: _Ctx, raw: list[Any], items: tuple[Item, ...]) -> tuple[Flag, ...]:
    by_key = {item.key: item for item in items}
    flags = tuple(_parse_flag(ctx.at(index), entry, by_key) for index, entry in enumerate(raw))
    _unique(ctx, [flag.key for flag in flags], "flag key")
    return flags


def _parse_flag(ctx: _Ctx, raw: Any, items: Mapping[str, Item]) -> Flag:
    obj = _object(ctx, raw, _FLAG_FIELDS)
    item_key = _get(ctx, obj, "item", "text")
    if item_key not in items:
        ctx.at("item").fail(f"{item_key!r} is not an item of this instrument")
    return Flag(
        key=_get(ctx, obj, "key", "key"),
        item=item_key,
        rule=_parse_rule(ctx.at("rule"), _get(ctx, obj, "rule", "object"), items[item_key]),
        severity=_choice(ctx, obj, "severity", SEVERITIES),
        message=_get(ctx, obj, "message", "text"),
        note=_get(ctx, obj, "note", "string", ""),
    )


def _parse_rule(ctx: _Ctx, raw: Mapping[str, Any], item: Item) -> Rule:
    obj = _object(ctx, raw, _RULE_FIELDS)
    op = _choice(ctx, obj, "op", tuple(_OPS))
    if "value" not in obj:
        ctx.at("value").fail("is required")
    value = obj["value"]
    if item.kind in ("text", "list"):
        ctx.fail(f"flags can only watch choice or scale items; {item.key!r} is a {item.kind} item")
    if item.is_numeric and not _is_int(value):
        ctx.at("value").fail(f"must be a whole number, because {item.key!r} has number answers")
    if not item.is_numeric and (op not in _EQUALITY_OPS or value not in item.values):
        ctx.fail(f"must be == or != one of the option values of {item.key!r}")
    return Rule(op=op, value=value)


def _parse_loinc(ctx: _Ctx, raw: Any, items: tuple[Item, ...], scoring: Scoring) -> Loinc | None:
    if raw is None:
        return None
    obj = _object(ctx, raw, _LOINC_FIELDS)
    if obj.get("total") is not None and scoring.method == "none":
        ctx.at("total").fail("a total-score code needs a total, but scoring.method is 'none'")
    codes = _get(ctx, obj, "items", "object", {})
    known = {item.key for item in items}
    for item_key, code in codes.items():
        if item_key not in known:
            ctx.at("items").at(item_key).fail(f"{item_key!r} is not an item of this instrument")
        _check_loinc(ctx.at("items").at(item_key), code)
    for name in ("panel", "total"):
        if obj.get(name) is not None:
            _check_loinc(ctx.at(name), obj[name])
    return Loinc(panel=obj.get("panel"), total=obj.get("total"), items=MappingProxyType(dict(codes)))


def _check_loinc(ctx: _Ctx, code: Any) -> None:
    """LOINC codes end in a Luhn (mod 10) check digit, which catches most typing slips."""
    match = _LOINC_RE.fullmatch(code) if isinstance(code, str) else None
    if match is None:
        ctx.fail(f"{code!r} is not a LOINC code (digits, a hyphen and a check digit, e.g. 44261-6)")
    expected = _luhn_check_digit(match.group(1))
    if int(match.group(2)) != expected:
        ctx.fail(f"{code!r} is not a valid LOINC code: its check digit should be {expected}")


def _luhn_check_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10
