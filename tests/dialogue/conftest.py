"""Helpers for the dialogue tests: Cam's threads and a quick way to write messages as someone."""

from __future__ import annotations

import pytest

from accord.dialogue import actions
from accord.goals.actions import propose_goal


@pytest.fixture
def cam_general(cast):
    return actions.general_thread(cast.cam)


@pytest.fixture
def cam_goal(cast):
    return propose_goal(cast.cam, cast.cam_user, words="Walk to the park on Saturdays")
