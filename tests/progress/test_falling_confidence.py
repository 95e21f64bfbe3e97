"""The one rule for "falling confidence", shared by the goal's status, the caseload summary and the brief."""

import pytest

from accord.progress.rules import falling_confidence


@pytest.mark.parametrize(
    ("ratings", "n", "expected"),
    [
        ([8, 6, 4], 3, [8, 6, 4]),
        ([9, 9, 8, 6, 4], 3, [8, 6, 4]),  # only the last n count
        ([8, 6, 6], 3, None),  # level is not falling
        ([8, 6, 7], 3, None),  # a rise at the end
        ([6, 4], 3, None),  # too few ratings
        ([], 3, None),
        ([5.5, 5.0], 2, [5.5, 5.0]),
        ([7], 1, None),  # one rating is not a fall: n below 2 counts as 2
        ([7, 5], 1, [7, 5]),
    ],
)
def test_falling_confidence(ratings, n, expected):
    assert falling_confidence(ratings, n) == expected
