"""What a goal action announces to the apps built on goals (Django signals, sent inside the action's
transaction).

``goals`` sits below the apps that react to it (docs/architecture.md), so it cannot call them; each of those
connects a receiver in its ``AppConfig.ready`` (``accord.checkins`` records the win). A receiver's exception
reaches the action, as a direct call's would.
"""

from django.dispatch import Signal

step_ticked = Signal()  # step: GoalStep, just ticked or unticked
gas_rated = Signal()  # rating: GasRating, just recorded
goal_completed = Signal()  # goal: Goal, just completed
