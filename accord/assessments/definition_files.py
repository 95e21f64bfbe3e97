"""The JSON file format of an instrument definition, as pydantic models, and its checks.

The file format is described by the pydantic models below (one per JSON object). Pydantic checks each value;
the models' validators check what spans several fields (a band table against the score range, a flag against
its item). Every failure is a pydantic error carrying Accord's own wording, so the first one is reported as
"<file>: <field path>: <problem>", in the same words whichever check found it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from accord.assessments.definitions import (
    AUDIENCES,
    CATEGORIES,
    EQUALITY_OPERATORS,
    KINDS,
    OPERATORS,
    SCORING_METHODS,
    SEVERITIES,
    Band,
    Flag,
    Instrument,
    InstrumentDefinitionError,
    Item,
    Loinc,
    Option,
    Rule,
    Scoring,
    is_whole_number,
)

_KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,49}")
_LOINC_RE = re.compile(r"(\d{1,7})-(\d)")


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_key(value: object) -> bool:
    return isinstance(value, str) and _KEY_RE.fullmatch(value) is not None


def _problem(problem: str, *at: str | int) -> PydanticCustomError:
    """A failure in Accord's words; ``at`` names the field below the object being checked, if any."""
    return PydanticCustomError("accord", "{problem}", {"problem": problem, "at": at})


def _must_be(check: Callable[[Any], bool], description: str) -> PlainValidator:
    def validate(value: Any) -> Any:
        if not check(value):
            raise _problem(f"must be {description}")
        return value

    return PlainValidator(validate)


def _one_of(allowed: Iterable[str]) -> PlainValidator:
    allowed = tuple(allowed)

    def validate(value: Any) -> str:
        if not isinstance(value, str):
            raise _problem("must be a string")
        if value not in allowed:
            raise _problem(f"must be one of {', '.join(allowed)} (got {value!r})")
        return value

    return PlainValidator(validate)


def _a_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _problem("must be a list")
    return value


def _an_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _problem("must be an object")
    return value


def _loinc_code(code: Any) -> str:
    """LOINC codes end in a Luhn (mod 10) check digit, which catches most typing slips."""
    match = _LOINC_RE.fullmatch(code) if isinstance(code, str) else None
    if match is None:
        raise _problem(f"{code!r} is not a LOINC code (digits, a hyphen and a check digit, e.g. 44261-6)")
    expected = _luhn_check_digit(match.group(1))
    if int(match.group(2)) != expected:
        raise _problem(f"{code!r} is not a valid LOINC code: its check digit should be {expected}")
    return match.group(0)


Text = Annotated[str, _must_be(_is_text, "a non-empty string")]
String = Annotated[str, _must_be(lambda v: isinstance(v, str), "a string")]
WholeNumber = Annotated[int, _must_be(is_whole_number, "a whole number")]
TrueOrFalse = Annotated[bool, _must_be(lambda v: isinstance(v, bool), "true or false")]
Key = Annotated[
    str, _must_be(_is_key, "a key of lowercase letters, digits and underscores, starting with a letter")
]
AnswerValue = Annotated[
    int | str, _must_be(lambda v: is_whole_number(v) or _is_text(v), "a whole number or a non-empty string")
]


def _first_repeat(values: list[Any], what: str) -> None:
    seen: list[Any] = []  # a list, not a set: a malformed file may hold unhashable values
    for index, value in enumerate(values):
        if value in seen:
            raise _problem(f"{what} {value!r} appears more than once", index)
        seen.append(value)


class _FileObject(BaseModel):
    """One JSON object of a definition file: unknown fields are refused, a misspelt "bands" must not be
    skipped quietly. Keys starting with "$" ("$comment", "$schema") are for people reading the file, and
    ``null`` in an optional field means "not given"."""

    model_config = ConfigDict(extra="forbid")
    # When a file has several problems, the one reported first is the first in this order (default: the
    # fields' order), the order in which a reader of the file would want to fix them.
    CHECK_ORDER: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, raw: Any) -> dict[str, Any]:
        fields = {name: value for name, value in _an_object(raw).items() if not str(name).startswith("$")}
        unknown = sorted(name for name in fields if name not in cls.model_fields)
        if unknown:
            raise _problem(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(cls.model_fields)}")
        cls._check_raw(fields)
        return {
            name: value
            for name, value in fields.items()
            if value is not None or cls.model_fields[name].is_required()
        }

    @classmethod
    def _check_raw(cls, fields: dict[str, Any]) -> None:
        """Checks that need to know which fields the file wrote at all (``null`` included)."""


def _not_null(fields: Mapping[str, Any], names: tuple[str, ...], description: str) -> None:
    """A field this object needs, written as null: say what it must be rather than that it is missing."""
    for name in names:
        if name in fields and fields[name] is None:
            raise _problem(f"must be {description}", name)


def _forbid(fields: Mapping[str, Any], names: tuple[str, ...], reason: str) -> None:
    for name in names:
        if name in fields:
            raise _problem(reason, name)


class _OptionFile(_FileObject):
    value: AnswerValue = Field(default=None, validate_default=True)
    label: Text

    def build(self) -> Option:
        return Option(value=self.value, label=self.label)


class _ItemFile(_FileObject):
    key: Key
    text: Text
    kind: Annotated[str, _one_of(KINDS)]
    scored: TrueOrFalse = False
    # Scored items default to required: a total with an answer missing would under-state the score.
    required: TrueOrFalse | None = None
    options: Annotated[list[_OptionFile], BeforeValidator(_a_list)] | None = None
    min: WholeNumber | None = None
    max: WholeNumber | None = None
    anchors: Annotated[list[_OptionFile], BeforeValidator(_a_list)] = []
    help: String = ""
    category: Annotated[str, _one_of(CATEGORIES)] | None = None

    CHECK_ORDER: ClassVar = (
        "kind",
        "scored",
        "required",
        "options",
        "min",
        "max",
        "anchors",
        "key",
        "text",
        "help",
        "category",
    )

    @classmethod
    def _check_raw(cls, fields: dict[str, Any]) -> None:
        # An item with options and no kind is a choice item, as in the usual questionnaire layout.
        if fields.get("kind") is None and "options" in fields:
            fields["kind"] = "choice"
        kind = fields.get("kind")
        if kind == "choice":
            _forbid(fields, ("min", "max", "anchors"), "is only used by scale items")
            _not_null(fields, ("options",), "a list")
            if isinstance(fields.get("options"), list) and len(fields["options"]) < 2:
                raise _problem("a choice item needs at least two options", "options")
        elif kind == "scale":
            _forbid(fields, ("options",), "is only used by choice items; a scale has min and max")
            _not_null(fields, ("min", "max"), "a whole number")
        elif kind in ("text", "list"):
            _forbid(fields, ("options", "min", "max", "anchors"), "is not used by text or list items")

    @model_validator(mode="after")
    def _fits_its_kind(self) -> _ItemFile:
        if self.scored and self.required is False:
            raise _problem(
                "a scored item must be required (a total with a missing answer is wrong)", "required"
            )
        if self.kind == "choice":
            if self.options is None:
                raise _problem("is required", "options")
            _in("options", _first_repeat, [option.value for option in self.options], "option value")
            for index, option in enumerate(self.options):
                if self.scored and not is_whole_number(option.value):
                    raise _problem("must be a whole number on a scored item", "options", index, "value")
        elif self.kind == "scale":
            if self.min is None or self.max is None:
                raise _problem("is required", "min" if self.min is None else "max")
            if self.min >= self.max:
                raise _problem(f"must be greater than min ({self.min})", "max")
            for index, anchor in enumerate(self.anchors):
                if not is_whole_number(anchor.value) or not self.min <= int(anchor.value) <= self.max:
                    raise _problem(
                        f"must be a whole number from {self.min} to {self.max}", "anchors", index, "value"
                    )
        elif self.scored:
            raise _problem("text and list answers cannot be scored", "scored")
        return self

    def build(self) -> Item:
        return Item(
            key=self.key,
            text=self.text,
            kind=self.kind,
            scored=self.scored,
            required=self.scored if self.required is None else self.required,
            options=tuple(option.build() for option in self.options or ()),
            min=self.min,
            max=self.max,
            anchors=tuple(anchor.build() for anchor in self.anchors),
            help=self.help,
            category=self.category,
        )


class _ScoringFile(_FileObject):
    method: Annotated[str, _one_of(SCORING_METHODS)]
    items: Annotated[list[Any], BeforeValidator(_a_list)] | None = None
    min: WholeNumber | None = None
    max: WholeNumber | None = None
    better: Annotated[str, _one_of(("lower", "higher"))] = "lower"

    CHECK_ORDER: ClassVar = ("method", "better", "items", "min", "max")

    @classmethod
    def _check_raw(cls, fields: dict[str, Any]) -> None:
        if fields.get("method") == "none":
            _forbid(fields, ("items", "min", "max"), "is not used when method is 'none'")
        elif fields.get("method") == "sum":
            _not_null(fields, ("items",), "a list")
            _not_null(fields, ("min", "max"), "a whole number")

    def build(self, items: tuple[Item, ...]) -> Scoring:
        """Check the scored items against the instrument's items, and the declared range against theirs."""
        lower_is_better = self.better == "lower"
        scored = [item.key for item in items if item.scored]
        if self.method == "none":
            if scored:
                raise _problem(
                    f"is 'none' but items {', '.join(scored)} are marked \"scored\": true", "method"
                )
            return Scoring(method="none", lower_is_better=lower_is_better)
        if self.items is None:
            raise _problem("is required", "items")
        by_key = {item.key: item for item in items}
        for index, key in enumerate(self.items):
            if key not in by_key:
                raise _problem(f"{key!r} is not an item of this instrument", "items", index)
        _in("items", _first_repeat, self.items, "item")
        if set(self.items) != set(scored):
            missing = sorted(set(scored) - set(self.items)) or ["none"]
            extra = sorted(set(self.items) - set(scored)) or ["none"]
            raise _problem(
                'must list exactly the items marked "scored": true '
                f"(marked but not listed: {', '.join(missing)}; listed but not marked: {', '.join(extra)})",
                "items",
            )
        low = sum(by_key[key].lowest() for key in self.items)
        high = sum(by_key[key].highest() for key in self.items)
        for name, declared, computed, bound in (
            ("min", self.min, low, "at least"),
            ("max", self.max, high, "at most"),
        ):
            if declared is None:
                raise _problem("is required", name)
            if declared != computed:
                raise _problem(f"is {declared} but the scored items add up to {bound} {computed}", name)
        return Scoring(
            method="sum", items=tuple(self.items), min=low, max=high, lower_is_better=lower_is_better
        )


class _BandFile(_FileObject):
    min: WholeNumber
    max: WholeNumber
    key: Key
    label: Text

    @model_validator(mode="after")
    def _not_upside_down(self) -> _BandFile:
        if self.min > self.max:
            raise _problem(f"must not be below min ({self.min})", "max")
        return self

    def build(self) -> Band:
        return Band(min=self.min, max=self.max, key=self.key, label=self.label)


class _RuleFile(_FileObject):
    op: Annotated[str, _one_of(OPERATORS)]
    value: Any

    def build(self, item: Item) -> Rule:
        if item.kind in ("text", "list"):
            raise _problem(f"flags can only watch choice or scale items; {item.key!r} is a {item.kind} item")
        if item.is_numeric and not is_whole_number(self.value):
            raise _problem(f"must be a whole number, because {item.key!r} has number answers", "value")
        if not item.is_numeric and (self.op not in EQUALITY_OPERATORS or self.value not in item.values):
            raise _problem(f"must be == or != one of the option values of {item.key!r}")
        return Rule(op=self.op, value=self.value)


class _FlagFile(_FileObject):
    key: Key
    item: Text
    rule: _RuleFile
    severity: Annotated[str, _one_of(SEVERITIES)]
    message: Text
    note: String = ""

    CHECK_ORDER: ClassVar = ("item", "key", "rule", "severity", "message", "note")

    def build(self, items: Mapping[str, Item]) -> Flag:
        if self.item not in items:
            raise _problem(f"{self.item!r} is not an item of this instrument", "item")
        rule = _in("rule", self.rule.build, items[self.item])
        return Flag(
            key=self.key,
            item=self.item,
            rule=rule,
            severity=self.severity,
            message=self.message,
            note=self.note,
        )


class _LoincFile(_FileObject):
    # The codes are checked in build(), after the item keys they are given for.
    panel: Any = None
    total: Any = None
    items: Annotated[dict[str, Any], BeforeValidator(_an_object)] = {}

    def build(self, items: tuple[Item, ...], scoring: Scoring) -> Loinc:
        if self.total is not None and scoring.method == "none":
            raise _problem("a total-score code needs a total, but scoring.method is 'none'", "total")
        known = {item.key for item in items}
        for item_key, code in self.items.items():
            if item_key not in known:
                raise _problem(f"{item_key!r} is not an item of this instrument", "items", item_key)
            _in(("items", item_key), _loinc_code, code)
        for name in ("panel", "total"):
            if getattr(self, name) is not None:
                _in(name, _loinc_code, getattr(self, name))
        return Loinc(panel=self.panel, total=self.total, items=MappingProxyType(dict(self.items)))


class _InstrumentFile(_FileObject):
    key: Key
    version: WholeNumber
    title: Text
    short_title: Text
    description: Text
    # What a client reads about the questionnaire, when the description is for the therapist (issue 13).
    client_description: Text | None = None
    licence: Text
    recall_period: Text | None = None
    stem: String = ""
    # The language the wording is in (a language code such as "en" or "es"): a page in another language
    # shows it as it is, with a note saying why (accord/templates/assessments/partials/language_note.html).
    language: Key = "en"
    audience: Annotated[str, _one_of(AUDIENCES)]
    validated: TrueOrFalse
    loinc: _LoincFile | None = None
    items: Annotated[list[_ItemFile], BeforeValidator(_a_list)]
    scoring: _ScoringFile
    bands: Annotated[list[_BandFile], BeforeValidator(_a_list)] = []
    flags: Annotated[list[_FlagFile], BeforeValidator(_a_list)] = []

    CHECK_ORDER: ClassVar = (
        "version",
        "items",
        "scoring",
        "key",
        "title",
        "short_title",
        "description",
        "client_description",
        "licence",
        "audience",
        "validated",
        "bands",
        "flags",
        "loinc",
        "recall_period",
        "stem",
        "language",
    )

    @field_validator("version")
    @classmethod
    def _positive(cls, version: int) -> int:
        if version < 1:
            raise _problem("must be 1 or more")
        return version

    @field_validator("items")
    @classmethod
    def _some_distinct_items(cls, items: list[_ItemFile]) -> list[_ItemFile]:
        if not items:
            raise _problem("must list at least one item")
        _first_repeat([item.key for item in items], "item key")
        return items

    @model_validator(mode="after")
    def _consistent(self) -> _InstrumentFile:
        self.build(source="")
        return self

    def build(self, source: str) -> Instrument:
        items = tuple(item.build() for item in self.items)
        by_key = {item.key: item for item in items}
        scoring = _in("scoring", self.scoring.build, items)
        bands = tuple(band.build() for band in self.bands)
        if bands:
            if scoring.method == "none":
                raise _problem("bands need a total score, but scoring.method is 'none'", "bands")
            _in("bands", _first_repeat, [band.key for band in bands], "band key")
            _in("bands", _check_coverage, bands, scoring.min or 0, scoring.max or 0)  # both set for "sum"
        flags = tuple(_in(("flags", index), flag.build, by_key) for index, flag in enumerate(self.flags))
        _in("flags", _first_repeat, [flag.key for flag in flags], "flag key")
        return Instrument(
            key=self.key,
            version=self.version,
            title=self.title,
            short_title=self.short_title,
            description=self.description,
            client_description=self.client_description or "",
            licence=self.licence,
            audience=self.audience,
            validated=self.validated,
            items=items,
            scoring=scoring,
            bands=bands,
            flags=flags,
            loinc=None if self.loinc is None else _in("loinc", self.loinc.build, items, scoring),
            recall_period=self.recall_period,
            stem=self.stem,
            language=self.language,
            source=source,
        )


def _in(where: str | tuple[str | int, ...], check: Callable[..., Any], *args: Any) -> Any:
    """Run a check on a part of the definition, so that its failures name the field inside that part."""
    prefix = (where,) if isinstance(where, str) else where
    try:
        return check(*args)
    except PydanticCustomError as error:
        context = error.context or {}
        raise _problem(str(context["problem"]), *prefix, *context["at"]) from None


def _check_coverage(bands: tuple[Band, ...], lowest: int, highest: int) -> None:
    """Every possible total must fall in exactly one band: no gaps, no overlaps, nothing outside the range."""
    expected = lowest
    for band in sorted(bands, key=lambda b: b.min):
        at = (bands.index(band), "min")
        if band.min < lowest:
            raise _problem(f"is {band.min}, below the lowest possible total ({lowest})", *at)
        if band.min > expected:
            raise _problem(f"totals {expected} to {band.min - 1} are in no band", *at)
        if band.min < expected:
            raise _problem(
                f"band {band.key!r} overlaps the band below it (which ends at {expected - 1})", *at
            )
        expected = band.max + 1
    if expected - 1 != highest:
        raise _problem(f"the bands end at {expected - 1} but totals run from {lowest} to {highest}")


def parse_instrument(data: Any, source: str = "<definition>") -> Instrument:
    """Build an Instrument from already-decoded JSON, raising InstrumentDefinitionError if it is malformed."""
    try:
        definition = _InstrumentFile.model_validate(data)
    except ValidationError as exc:
        raise _definition_error(source, exc) from None
    return definition.build(source)


_PARTS: dict[str, type[_FileObject]] = {
    "items": _ItemFile,
    "options": _OptionFile,
    "anchors": _OptionFile,
    "scoring": _ScoringFile,
    "bands": _BandFile,
    "flags": _FlagFile,
    "rule": _RuleFile,
    "loinc": _LoincFile,
}


def _check_position(loc: tuple[str | int, ...]) -> tuple[int, ...]:
    """Where a failure comes in the order the definition is read (the models' CHECK_ORDER)."""
    model: type[_FileObject] | None = _InstrumentFile
    position = []
    for part in loc:
        if isinstance(part, int) or model is None:
            position.append(part if isinstance(part, int) else 0)
            continue
        order = model.CHECK_ORDER or tuple(model.model_fields)
        position.append(order.index(part) if part in order else len(order))
        model = _PARTS.get(part) if part in model.model_fields else None
    return tuple(position)


def _definition_error(source: str, exc: ValidationError) -> InstrumentDefinitionError:
    """The first problem pydantic found, as "<file>: <field path>: <problem>"."""
    error = min(exc.errors(), key=lambda error: _check_position(error["loc"]))
    context = error.get("ctx") or {}
    if error["type"] == "accord":
        problem, where = str(context["problem"]), (*error["loc"], *context["at"])
    elif error["type"] == "missing":
        problem, where = "is required", tuple(error["loc"])
    else:  # not expected: every check above speaks in Accord's words
        problem, where = error["msg"], tuple(error["loc"])
    path = ""
    for part in where:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return InstrumentDefinitionError(source, path, problem)


def _luhn_check_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10
