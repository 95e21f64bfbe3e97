"""Everything that changes a goal: each function writes, records the agreement trail and audits.

Views and the API call these and nothing else, so the page and the API behave the same. Split by topic:
``agreement`` (proposing, versions, agreeing, the lifecycle, ticking steps), ``motivation`` (ratings,
readiness, stage of change, exploring, decisional balance, themes) and ``base`` (what both use). Each action
runs in one transaction (``accord.deferred.action``): the caseload summary it changes is refreshed once, at
its end.
"""

from accord.goals.actions.agreement import (
    DECISIONS,
    VERSION_FIELDS,
    accept_goal,
    close_goal,
    decide,
    decline_goal,
    edit_goal,
    may_park,
    may_withdraw,
    park_goal,
    propose_goal,
    record_in_session,
    resume_goal,
    revise_goal,
    tick_step,
    update_client_words,
    withdraw_goal,
)
from accord.goals.actions.base import (
    GoalActionError,
    check_themes,
    party_of,
    require_current,
    require_in_session,
    require_not_closed,
    require_not_exploring,
)
from accord.goals.actions.motivation import (
    RatingChange,
    add_theme,
    may_explore,
    rate_gas,
    rate_goal,
    rate_readiness,
    save_decisional_balance,
    set_exploring,
    set_stage_of_change,
)

__all__ = [
    "DECISIONS",
    "GoalActionError",
    "RatingChange",
    "VERSION_FIELDS",
    "accept_goal",
    "add_theme",
    "check_themes",
    "close_goal",
    "decide",
    "decline_goal",
    "edit_goal",
    "may_explore",
    "may_park",
    "may_withdraw",
    "park_goal",
    "party_of",
    "propose_goal",
    "rate_gas",
    "rate_goal",
    "rate_readiness",
    "record_in_session",
    "require_current",
    "require_in_session",
    "require_not_closed",
    "require_not_exploring",
    "resume_goal",
    "revise_goal",
    "save_decisional_balance",
    "set_exploring",
    "set_stage_of_change",
    "tick_step",
    "update_client_words",
    "withdraw_goal",
]
