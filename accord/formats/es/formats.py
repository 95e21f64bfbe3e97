"""Spanish: "7 de diciembre de 2026", 24-hour clock, comma for decimals (Django's es number formats).
Short months in lower case, as Spanish writes them ("b": "dic"; "M" would give "Dic")."""

DATE_FORMAT = r"j \d\e F \d\e Y"  # 7 de diciembre de 2026
SHORT_DATE_FORMAT = "j b Y"  # 7 dic 2026
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"  # 7 de diciembre de 2026, 18:30
SHORT_DATETIME_FORMAT = "j b Y, H:i"  # 7 dic 2026, 18:30
MONTH_DAY_FORMAT = r"j \d\e F"  # 7 de diciembre
TIME_FORMAT = "H:i"  # 18:30
# Accord's own names
SHORT_MONTH_DAY_FORMAT = "j b"  # 7 dic
SHORT_MONTH_DAY_TIME_FORMAT = "j b, H:i"  # 7 dic, 18:30
WEEKDAY_FORMAT = r"l j \d\e F"  # lunes 7 de diciembre
WEEKDAY_TIME_FORMAT = r"l j \d\e F, H:i"  # lunes 7 de diciembre, 18:30
WEEKDAY_DATETIME_FORMAT = r"l j \d\e F \d\e Y, H:i"  # lunes 7 de diciembre de 2026, 18:30
SHORT_WEEKDAY_TIME_FORMAT = "D j b, H:i"  # lun 7 dic, 18:30
SHORT_WEEKDAY_FORMAT = "D j b"  # lun 7 dic
