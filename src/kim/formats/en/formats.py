"""English formats of KIM: British style (24/11/2026, 24 Nov 2026, 1,234.5) and the 24-hour clock
of a German office, instead of Django's US defaults (11/24/2026, 2:30 p.m.)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j M Y, H:i"  # 24 Nov 2026, 14:30
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 24/11/2026 14:30

# the German habit in the English interface: a typed 24.11.2026 is read as well
DATE_INPUT_FORMATS = [*DATE_INPUT_FORMATS, "%d.%m.%Y"]  # noqa: F405
DATETIME_INPUT_FORMATS = [*DATETIME_INPUT_FORMATS, "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M"]  # noqa: F405
