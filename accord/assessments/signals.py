"""What an assessment action announces to the apps built on assessments (Django signals, sent inside
the action's transaction; ``accord.checkins`` connects its receiver in ``AppConfig.ready`` and records
the win)."""

from django.dispatch import Signal

measure_recorded = Signal()  # response: MeasureResponse, just stored
