"""The goal views, by use case: ``pages`` (lists, proposing, the goal's page, its history), ``decisions``
(agreement, lifecycle, steps, GAS and ratings) and ``builder`` (new versions and the coach)."""
