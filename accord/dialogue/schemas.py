"""Shapes of the dialogue API. Nothing here is therapist-only: the client and their care team see the same."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field

from accord.api.base import Schema
from accord.api.schemas import PersonRef
from accord.dialogue.models import (
    AGENDA_TEXT_MAX_LENGTH,
    IDEA_TEXT_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    readers_of,
)

PriorityName = Literal["high", "normal", "low"]
PartyName = Literal["client", "therapist"]


class ThreadOut(Schema):
    id: int
    goal_id: int | None = Field(
        ..., description="The goal this thread is about; null for the general thread."
    )
    title: str
    unread_count: int = Field(..., description="Messages by others that the caller has not read yet.")
    last_message_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_title(thread) -> str:
        return str(thread.title)

    @staticmethod
    def resolve_unread_count(thread) -> int:
        return thread.unread


class GoalThreadIn(Schema):
    goal_id: int = Field(..., description="One of the client's open goals.")


class RevisionOut(Schema):
    body: str = Field(..., description="The words before an edit.")
    written_at: datetime
    replaced_at: datetime


class MessageOut(Schema):
    id: int
    thread_id: int
    author: PersonRef | None = Field(..., description="Null when the author's account no longer exists.")
    author_party: PartyName
    body: str = Field(..., description="Plain text. Show it as text, never as HTML.")
    created_at: datetime
    edited_at: datetime | None
    revisions: list[RevisionOut] = Field(
        ..., description="Earlier words, oldest first; empty if never edited."
    )
    read_by: list[PersonRef] = Field(..., description="Other people in the conversation who have read it.")

    @staticmethod
    def resolve_revisions(message) -> list:
        return list(message.revisions.all())

    @staticmethod
    def resolve_read_by(message) -> list:
        return readers_of(message, message.thread.read_markers.all())


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=MESSAGE_MAX_LENGTH, description="Plain text.")
    submission_key: UUID | None = Field(
        None, description="Optional one-time key: sending the same key twice creates one message."
    )


class MessageEditIn(Schema):
    body: str = Field(..., min_length=1, max_length=MESSAGE_MAX_LENGTH)


class ReadIn(Schema):
    message_id: int | None = Field(
        None, description="Mark read up to and including this message; default: the latest message."
    )


class ReadMarkerOut(Schema):
    thread_id: int
    last_read_message_id: int
    read_at: datetime
    unread_count: int


class AgendaItemOut(Schema):
    id: int
    text: str
    priority: PriorityName
    goal_id: int | None
    added_by: PersonRef | None
    added_by_party: PartyName
    added_at: datetime
    seen_at: datetime | None = Field(..., description="When a therapist on the care team first saw it.")
    seen_by: PersonRef | None
    discussed_at: datetime | None = Field(..., description="Null while the item is still on the agenda.")
    discussed_by: PersonRef | None


class AgendaItemIn(Schema):
    text: str = Field(..., min_length=1, max_length=AGENDA_TEXT_MAX_LENGTH)
    priority: PriorityName = "normal"
    goal_id: int | None = Field(None, description="Optionally, one of the client's open goals.")
    submission_key: UUID | None = None


class GoalIdeaOut(Schema):
    id: int
    text: str
    added_by: PersonRef | None
    added_by_party: PartyName
    added_at: datetime
    goal_id: int | None = Field(..., description="The goal the idea became, once it was turned into one.")
    used_at: datetime | None
    used_by: PersonRef | None


class GoalIdeaIn(Schema):
    text: str = Field(..., min_length=1, max_length=IDEA_TEXT_MAX_LENGTH, description="One sentence.")
    submission_key: UUID | None = None


class GoalFromIdeaOut(Schema):
    goal_id: int
    idea: GoalIdeaOut
