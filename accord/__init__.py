"""Accord: collaborative goal-setting in therapy."""

__version__ = "0.1.0"
