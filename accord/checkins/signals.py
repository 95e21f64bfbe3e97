"""What a check-in announces to the apps built on check-ins (Django signals, sent inside the action's
transaction; ``accord.progress`` connects its receiver in ``AppConfig.ready`` and refreshes the stored
achievement status)."""

from django.dispatch import Signal

checkin_stored = Signal()  # client: Client, day: the client's local date of the check-in
