"""Shapes of what the API sends. Each field is documented in the OpenAPI document."""

from __future__ import annotations

from datetime import datetime

from ninja import Field

from accord.api.base import Schema


class PracticeOut(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    role: str = Field(..., description="admin, therapist or client")
    language: str = Field(
        ...,
        description="The person's language (en, es): the API's messages to them and their emails are in it. "
        "Changed on the account page.",
    )
    practice: PracticeOut | None

    @staticmethod
    def resolve_name(user) -> str:
        return user.full_name


class PersonRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user) -> str:
        return user.full_name


class ClientOut(Schema):
    id: int
    display_name: str = Field(..., description="The name the client goes by.")
    time_zone: str
    has_account: bool = Field(..., description="Whether the client signs in to Accord themself.")
    created_at: datetime
    primary_therapist: PersonRef | None

    @staticmethod
    def resolve_primary_therapist(client) -> object | None:
        return client.primary_therapist()
