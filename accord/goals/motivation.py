"""Motivational-interviewing prompts as data: ``accord/goals/mi_prompts.json``, checked with pydantic at load.

Pure Python (the standard library and pydantic), like the instrument registry's definition files. Each prompt
is written in Accord's own words and names its source; it belongs to one or more *flags* (why it is shown:
a stalled goal, falling confidence, missed check-ins, low confidence, a goal being explored) and optionally to
stages of change (shown first for a goal the therapist placed in that stage). A prompt may quote the
client's latest readiness numbers (``{confidence}``, ``{importance}``, ``{lower_confidence}``,
``{lower_importance}``); it is left out when the numbers it needs are missing, or when a "why not lower?"
question has no lower number to ask about. docs/motivation.md describes the file.

A malformed file is refused at load with ``PromptFileError`` naming the file, the place and the problem.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

PROMPTS_FILE = Path(__file__).with_name("mi_prompts.json")

# Why a prompt is shown. Progress raises the first three (accord.progress.sections.goal_flags); goals the
# last two (a goal being explored; the latest readiness confidence below 7, CLINICAL.md).
STALLED = "stalled"
FALLING_CONFIDENCE = "falling_confidence"
MISSED_CHECKINS = "missed_checkins"
EXPLORING = "exploring"
LOW_CONFIDENCE = "low_confidence"
FLAGS = (STALLED, FALLING_CONFIDENCE, MISSED_CHECKINS, EXPLORING, LOW_CONFIDENCE)
STAGES = ("precontemplation", "contemplation", "preparation", "action", "maintenance")
PLACEHOLDERS = ("confidence", "importance", "lower_confidence", "lower_importance")
KINDS = ("question", "reflection", "exercise")
LOW_CONFIDENCE_BELOW = 7  # CLINICAL.md: confidence below 7 is the usual cue to make the step smaller
# How far below the rating a "why not lower?" question asks about ("Why a 4 and not a 1?").
LOWER_BY = 3


class PromptFileError(ValueError):
    """The prompts file is not as described; the message says where and what."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Text = Annotated[str, Field(min_length=1, max_length=400)]


class PromptSpec(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$")]
    flags: Annotated[list[str], Field(min_length=1)]
    stages: list[str] = []
    kind: str = "question"
    text: Text
    source: str

    @model_validator(mode="after")
    def _known_values(self) -> PromptSpec:
        for flag in self.flags:
            if flag not in FLAGS:
                raise ValueError(f"unknown flag {flag!r}; known: {', '.join(FLAGS)}")
        for stage in self.stages:
            if stage not in STAGES:
                raise ValueError(f"unknown stage {stage!r}; known: {', '.join(STAGES)}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; known: {', '.join(KINDS)}")
        for _literal, name, _spec, _conv in string.Formatter().parse(self.text):
            if name is not None and name not in PLACEHOLDERS:
                raise ValueError(f"unknown placeholder {{{name}}}; allowed: {', '.join(PLACEHOLDERS)}")
        return self


class PromptsFile(_Strict):
    sources: Annotated[dict[str, Text], Field(min_length=1)]
    prompts: Annotated[list[PromptSpec], Field(min_length=1)]

    @model_validator(mode="before")
    @classmethod
    def _drop_comments(cls, raw: Any) -> Any:
        if isinstance(raw, dict):
            return {key: value for key, value in raw.items() if not str(key).startswith("$")}
        return raw

    @model_validator(mode="after")
    def _consistent(self) -> PromptsFile:
        seen: set[str] = set()
        for index, prompt in enumerate(self.prompts):
            if prompt.id in seen:
                raise ValueError(f"prompts[{index}]: id {prompt.id!r} appears more than once")
            seen.add(prompt.id)
            if prompt.source not in self.sources:
                raise ValueError(
                    f"prompts[{index}] ({prompt.id}): source {prompt.source!r} is not one of the sources"
                )
        for flag in FLAGS:
            if not any(flag in prompt.flags for prompt in self.prompts):
                raise ValueError(f"no prompt for the flag {flag!r}")
        return self


def _where(error: Any) -> str:
    path = ""
    for part in error["loc"]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def parse_prompts(raw: Any, source: str = "prompts") -> PromptsFile:
    """Check a loaded JSON document; raises ``PromptFileError`` with the first problem."""
    try:
        return PromptsFile.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = _where(error)
        message = str(error["msg"]).removeprefix("Value error, ")
        raise PromptFileError(f"{source}: {where + ': ' if where else ''}{message}") from None


def load_prompts(path: str | Path = PROMPTS_FILE) -> PromptsFile:
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise PromptFileError(f"{path.name}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    return parse_prompts(raw, path.name)


@cache
def builtin_prompts() -> PromptsFile:
    return load_prompts()


@dataclass(frozen=True)
class Readiness:
    importance: int | None = None
    confidence: int | None = None


@dataclass(frozen=True)
class Prompt:
    id: str
    flag: str
    kind: str
    text: str  # filled in, untranslated: the Django layer translates the template before filling it
    template: str
    source: str  # the short name ("Miller & Rollnick 2013")
    source_full: str
    values: tuple[tuple[str, int], ...] = ()


def _values(readiness: Readiness | None) -> dict[str, int]:
    values: dict[str, int] = {}
    if readiness is None:
        return values
    for name in ("importance", "confidence"):
        number = getattr(readiness, name)
        if number is None:
            continue
        values[name] = number
        if number > 0:  # "why not lower?" needs a lower number to ask about
            values[f"lower_{name}"] = max(0, number - LOWER_BY)
    return values


def prompts_for(
    flag: str,
    *,
    stage: str = "",
    readiness: Readiness | None = None,
    limit: int = 3,
    prompts: PromptsFile | None = None,
) -> list[Prompt]:
    """The prompts for ``flag``: those written for ``stage`` first, then the general ones, in file order;
    prompts whose numbers are missing are left out. Unknown flags have no prompts."""
    document = prompts or builtin_prompts()
    values = _values(readiness)
    matching = [p for p in document.prompts if flag in p.flags and (not p.stages or stage in p.stages)]
    matching.sort(key=lambda p: 0 if stage and stage in p.stages else 1)
    found = []
    for spec in matching:
        needed = {name for _l, name, _s, _c in string.Formatter().parse(spec.text) if name}
        if needed - values.keys():
            continue
        found.append(
            Prompt(
                id=spec.id,
                flag=flag,
                kind=spec.kind,
                text=spec.text.format(**values) if needed else spec.text,
                template=spec.text,
                source=spec.source,
                source_full=document.sources[spec.source],
                values=tuple(sorted((k, v) for k, v in values.items() if k in needed)),
            )
        )
    return found[:limit]
