"""Every list in the API pages the same way: ``?limit=&offset=`` in, ``{"items": [...], "count": N}`` out."""

from ninja import Field
from ninja.pagination import LimitOffsetPagination

from accord.api.base import Schema

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far beyond any list Accord holds, and small enough that offset + limit fits every database's integers.
MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items to return.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
