from django.apps import AppConfig
from django.core import checks


class AssessmentsConfig(AppConfig):
    name = "accord.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from django.utils.translation import gettext

        from accord.assessments import scoring

        scoring.translate = gettext  # scoring is pure Python; its messages follow the reader's language
        checks.register(check_instrument_definitions, checks.Tags.compatibility)


def check_instrument_definitions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A malformed definition in ``ACCORD_INSTRUMENTS_DIR`` would mis-score a questionnaire in silence, so
    `manage.py check` (and so `accord serve`) reports it with the file and the field instead."""
    from accord.assessments import catalogue
    from accord.assessments.registry import InstrumentDefinitionError

    try:
        catalogue.instruments()
    except InstrumentDefinitionError as exc:
        return [
            checks.Error(
                f"An instrument definition cannot be used: {exc}",
                hint="Fix or remove the file in ACCORD_INSTRUMENTS_DIR, then restart.",
                id="accord.assessments.E001",
            )
        ]
    return []
