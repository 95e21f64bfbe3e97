"""The texts of ``mi_prompts.json`` for ``makemessages``, which does not read JSON.

The prompts are data, but the therapist reads them in their own language:
``accord.goals.motivation_sections`` and ``accord.home.brief`` translate each template through the catalogue
before filling in the numbers. ``tests/goals/test_mi_wording.py`` fails when the file and this list differ.
"""

# ruff: noqa: E501  (each text is kept on one line, exactly as in mi_prompts.json, to compare them by eye)

from __future__ import annotations

from django.utils.translation import gettext_noop

WORDING = (
    gettext_noop(
        "Their confidence is {confidence} out of 10. Ask why it is a {confidence} and not a {lower_confidence}: the answer names what is already helping."
    ),
    gettext_noop(
        "Ask what would need to happen for their confidence to go from {confidence} to one point higher."
    ),
    gettext_noop(
        "Importance is {importance} out of 10. Ask what makes it a {importance} rather than a {lower_importance}: listen for their own reasons to change."
    ),
    gettext_noop(
        "Confidence below 7 usually means the first step is too big. Look together for a step they would feel sure of doing this week."
    ),
    gettext_noop(
        "Nothing has moved for a while. Ask, without judging, what has made this harder lately, and reflect back what they say before suggesting anything."
    ),
    gettext_noop(
        "Check the goal still matters to them as it is written. If it does not, change it together or park it; neither is a failure."
    ),
    gettext_noop(
        "Check-ins have been missed. Be curious rather than critical: ask what the weeks were like, and whether the rhythm or the questions should change."
    ),
    gettext_noop(
        'Feeling two ways about a change is normal. Reflect both sides in one sentence ("part of you wants…, and part of you worries…") and let them say which weighs more.'
    ),
    gettext_noop(
        "Fill in a decisional balance together: what is good and not so good about changing, and about staying as things are. Spend longest on what staying the same costs them."
    ),
    gettext_noop(
        "Ask them to imagine a year from now if nothing changes, and a year from now if it does. What would be different?"
    ),
    gettext_noop(
        "Not yet considering a change is a stage, not a refusal. Offer information only with permission, and leave the decision with them."
    ),
    gettext_noop(
        "Confidence has been falling. Ask about a time they changed something hard before, and what they drew on then."
    ),
)
