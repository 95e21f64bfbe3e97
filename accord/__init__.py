"""Accord: collaborative goal-setting in therapy."""

__version__ = "0.2.0"
