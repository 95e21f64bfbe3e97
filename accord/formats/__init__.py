"""Date and time formats per language (settings.FORMAT_MODULE_PATH).

Django's own names (``DATE_FORMAT``, ``SHORT_DATE_FORMAT``, ``DATETIME_FORMAT``, ``SHORT_DATETIME_FORMAT``,
``MONTH_DAY_FORMAT``, ``TIME_FORMAT``) plus a few of Accord's, used the same way in templates
(``{{ day|date:"WEEKDAY_FORMAT" }}``) and in Python (``formats.date_format(day, "WEEKDAY_FORMAT")``).
Every language module defines every name (a test checks): a name missing from one would print as itself.
Templates never spell out a format such as ``"j F Y"``: its order and words are English.
"""
