"""Template tags for long lists: ``quick_url`` and ``quick_date`` give what Django's ``url`` tag
and ``date`` filter give, remembered per process.

Reversing a URL and formatting a date cost 20 to 50 µs each in Django; a start page with 50
cases, 26 appointments of the week and 22 overdue actions reverses some 100 URLs and formats
some 150 dates (issue #12). Both results depend only on what the cache key holds:

- a URL on the view name, its arguments and the script prefix (KIM has one URL configuration,
  no language prefixes and no second instance of an app namespace);
- a formatted date on the value, its time zone, the format and the active language (the value is
  converted to the current time zone first, as for Django's ``date``).

Use them where a template repeats them per row; ``{% url %}`` and ``|date`` elsewhere.
"""

import datetime
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as django_date
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

register = template.Library()

CACHE_SIZE = 10_000


@lru_cache(maxsize=CACHE_SIZE)
def _reverse(viewname, args, _prefix):
    return reverse(viewname, args=args)


def quick_reverse(viewname, *args):
    """``reverse(viewname, args=args)``, remembered; arguments are numbers or strings."""
    if all(isinstance(arg, (int, str)) for arg in args):
        return _reverse(viewname, args, get_script_prefix())
    return reverse(viewname, args=args)


@register.simple_tag
def quick_url(viewname, *args):
    return quick_reverse(viewname, *args)


@lru_cache(maxsize=CACHE_SIZE)
def _formatted(value, _tzinfo, format_string, _language):
    return django_date(value, format_string)


@register.filter(expects_localtime=True, is_safe=False)
def quick_date(value, arg=None):
    if isinstance(value, (datetime.date, datetime.time)):
        return _formatted(value, getattr(value, "tzinfo", None), arg, get_language())
    return django_date(value, arg)
