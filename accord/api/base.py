"""The base of every API schema: numbers the database can hold, and nothing that is not a number.

- ``NaN`` and ``±Infinity`` are refused (422 naming the field): they would be stored and then come back in
  JSON that strict parsers reject.
- Every integer, alone or in a list, must fit a signed 64-bit column (the largest the databases hold);
  anything bigger is refused (422 naming the field) instead of crashing the query. Fields stored in smaller
  columns carry their own, tighter bounds.
"""

from __future__ import annotations

from typing import Any

import ninja
from pydantic import ConfigDict, ValidationInfo, field_validator

DB_INT_MIN = -(2**63)
DB_INT_MAX = 2**63 - 1


def _too_big(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not DB_INT_MIN <= value <= DB_INT_MAX
    if isinstance(value, list | tuple | set | frozenset):
        return any(_too_big(item) for item in value)
    if isinstance(value, dict):
        return any(_too_big(item) for item in value.values())
    return False


def _document_bounds(schema: dict[str, Any]) -> None:
    """Say in the OpenAPI document what the validator below enforces: integers within the database's range."""
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "integer":
        schema.setdefault("minimum", DB_INT_MIN)
        schema.setdefault("maximum", DB_INT_MAX)
    for key in ("properties", "$defs"):
        for child in (schema.get(key) or {}).values():
            _document_bounds(child)
    for key in ("anyOf", "oneOf", "allOf"):
        for child in schema.get(key) or []:
            _document_bounds(child)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _document_bounds(schema[key])


def _bounded_schema(schema: dict[str, Any], cls: type) -> None:
    _document_bounds(schema)


class Schema(ninja.Schema):
    model_config = ConfigDict(allow_inf_nan=False, json_schema_extra=_bounded_schema)

    @field_validator("*", mode="after")
    @classmethod
    def _fits_the_database(cls, value: Any, info: ValidationInfo) -> Any:
        if _too_big(value):
            raise ValueError(f"Whole numbers must be between {DB_INT_MIN} and {DB_INT_MAX}.")
        return value
