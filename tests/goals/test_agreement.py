"""Agreement on one version: the rules in PRODUCT.md §2.3 and the 'diverging goals' challenge."""

import pytest

from accord.goals.actions import (
    GoalActionError,
    accept_goal,
    close_goal,
    decline_goal,
    park_goal,
    propose_goal,
    resume_goal,
    revise_goal,
    withdraw_goal,
)
from accord.goals.models import AgreementEvent, Goal, LifecycleStatus, Party


@pytest.fixture
def proposed(cast):
    return propose_goal(cast.cam, cast.cam_user, words="I want to get out of the house more")


def test_a_client_proposal_keeps_her_words_and_waits_for_the_therapist(cast, proposed):
    assert proposed.lifecycle_status == LifecycleStatus.PROPOSED
    assert proposed.client_words == "I want to get out of the house more"
    assert proposed.current_version.statement == "I want to get out of the house more"
    assert proposed.waiting_for() == [Party.THERAPIST]
    assert not proposed.is_agreed


def test_agreement_needs_both_parties_on_the_same_version(cast, proposed):
    revise_goal(proposed, cast.tess, {"statement": "Walk to the park three times a week by June"})
    proposed.refresh_from_db()
    # Tess made version 2 and accepted it; Cam accepted only version 1.
    assert proposed.current_number == 2
    assert proposed.waiting_for() == [Party.CLIENT]
    with pytest.raises(GoalActionError):
        accept_goal(proposed, cast.cam_user, version_number=1)
    assert accept_goal(proposed, cast.cam_user, version_number=2) is True
    proposed.refresh_from_db()
    assert proposed.is_agreed
    assert proposed.lifecycle_status == LifecycleStatus.ACTIVE
    assert proposed.agreed_version.number == 2


def test_an_edit_after_agreement_asks_the_other_party_again(cast, proposed):
    accept_goal(proposed, cast.tess, version_number=1)
    proposed.refresh_from_db()
    assert proposed.is_agreed
    revise_goal(proposed, cast.tess, {"target_date": None, "statement": "Walk to the park twice a week"})
    proposed.refresh_from_db()
    assert not proposed.is_agreed
    assert proposed.waiting_for() == [Party.CLIENT]
    assert proposed.agreed_version.number == 1  # the last agreed version stays on record
    assert proposed.lifecycle_status == LifecycleStatus.ACTIVE


def test_the_therapist_never_overwrites_the_clients_own_words(cast, proposed):
    revise_goal(proposed, cast.tess, {"statement": "Leave the house for 20 minutes every day"})
    proposed.refresh_from_db()
    assert proposed.client_words == "I want to get out of the house more"


def test_versions_are_immutable(cast, proposed):
    version = proposed.current_version
    version.statement = "changed in place"
    with pytest.raises(RuntimeError):
        version.save()


def test_declining_keeps_the_goal_and_a_new_version_reopens_it(cast, proposed):
    decline_goal(proposed, cast.tess, comment="Let's make it smaller first")
    proposed.refresh_from_db()
    assert proposed.lifecycle_status == LifecycleStatus.REJECTED
    assert Goal.objects.filter(pk=proposed.pk).exists()
    assert AgreementEvent.objects.filter(
        goal=proposed, decision="declined", comment__contains="smaller"
    ).exists()
    revise_goal(proposed, cast.cam_user, {"statement": "Go out once a week"})
    proposed.refresh_from_db()
    assert proposed.lifecycle_status == LifecycleStatus.PROPOSED
    assert proposed.waiting_for() == [Party.THERAPIST]


def test_declining_needs_a_comment(cast, proposed):
    with pytest.raises(GoalActionError) as error:
        decline_goal(proposed, cast.tess, comment="  ")
    assert error.value.field == "comment"


def test_parking_keeps_the_goal_and_it_can_be_taken_up_again(cast, proposed):
    park_goal(proposed, cast.cam_user, comment="Not now")
    proposed.refresh_from_db()
    assert proposed.lifecycle_status == LifecycleStatus.ON_HOLD
    with pytest.raises(GoalActionError):
        accept_goal(proposed, cast.tess, version_number=1)
    resume_goal(proposed, cast.tess)
    proposed.refresh_from_db()
    assert proposed.lifecycle_status == LifecycleStatus.PROPOSED


def test_only_the_proposer_can_withdraw_and_only_before_agreement(cast, proposed):
    with pytest.raises(GoalActionError):
        withdraw_goal(proposed, cast.tess)
    withdraw_goal(proposed, cast.cam_user)
    proposed.refresh_from_db()
    assert proposed.lifecycle_status == LifecycleStatus.CANCELLED


def test_a_closed_goal_cannot_be_edited(cast, proposed):
    accept_goal(proposed, cast.tess, version_number=1)
    close_goal(proposed, cast.tess, completed=True)
    proposed.refresh_from_db()
    assert proposed.lifecycle_status == LifecycleStatus.COMPLETED
    assert proposed.achievement_status == "achieved"
    with pytest.raises(GoalActionError):
        revise_goal(proposed, cast.cam_user, {"statement": "Something else"})


def test_an_edit_that_changes_nothing_makes_no_version(cast, proposed):
    with pytest.raises(GoalActionError):
        revise_goal(proposed, cast.tess, {"statement": proposed.current_version.statement})
    assert proposed.versions.count() == 1


def test_a_declined_proposal_can_still_be_parked_or_withdrawn(cast, proposed):
    decline_goal(proposed, cast.tess, comment="Not like this")
    park_goal(proposed, cast.cam_user, comment="Let's leave it for now")
    proposed.refresh_from_db()
    assert proposed.lifecycle_status == LifecycleStatus.ON_HOLD
    resume_goal(proposed, cast.cam_user)
    proposed.refresh_from_db()
    assert proposed.lifecycle_status == LifecycleStatus.REJECTED
    withdraw_goal(proposed, cast.cam_user)
    proposed.refresh_from_db()
    assert proposed.lifecycle_status == LifecycleStatus.CANCELLED
