from __future__ import annotations

import pytest

from tests.accounts.conftest import commit_callbacks  # noqa: F401  (a fixture, shared)


@pytest.fixture
def casey_in_spanish(cast):
    """Casey reads Accord in Spanish; Tess, her therapist, in English."""
    cast.casey_user.language = "es"
    cast.casey_user.save(update_fields=["language"])
    return cast.casey_user
