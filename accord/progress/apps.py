from django.apps import AppConfig


class ProgressConfig(AppConfig):
    """Progress: status, series, charts and the in-session review. Its rows live in ``checkins`` tables
    (``ProgressRating``, ``GoalEntry``) and ``goals`` tables; it has
    no models of its own (docs/decisions.md)."""

    name = "accord.progress"
    label = "progress"
    verbose_name = "Progress"

    def ready(self) -> None:
        from accord.checkins.signals import checkin_stored
        from accord.goals import sections
        from accord.progress import sections as progress_sections
        from accord.progress import status

        checkin_stored.connect(status.refresh_after_checkin, dispatch_uid="progress.refresh_after_checkin")
        sections.goal_page_sections.append(progress_sections.goal_page_progress_context)
