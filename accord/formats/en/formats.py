"""English: day before month, 24-hour clock (the formats Accord has always shown)."""

DATE_FORMAT = "j F Y"  # 7 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 7 Dec 2026
DATETIME_FORMAT = "j F Y, H:i"  # 7 December 2026, 18:30
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 7 Dec 2026, 18:30
MONTH_DAY_FORMAT = "j F"  # 7 December
TIME_FORMAT = "H:i"  # 18:30
# Accord's own names
SHORT_MONTH_DAY_FORMAT = "j M"  # 7 Dec
SHORT_MONTH_DAY_TIME_FORMAT = "j M, H:i"  # 7 Dec, 18:30
WEEKDAY_FORMAT = "l j F"  # Monday 7 December
WEEKDAY_TIME_FORMAT = "l j F, H:i"  # Monday 7 December, 18:30
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"  # Monday 7 December 2026, 18:30
SHORT_WEEKDAY_TIME_FORMAT = "D j M, H:i"  # Mon 7 Dec, 18:30
SHORT_WEEKDAY_FORMAT = "D j M"  # Mon 7 Dec
