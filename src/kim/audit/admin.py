"""django-auditlog registers its log in the Django admin; KIM takes it out again.

The log is read in the log viewer of this app (``/audit/``), with the role rules of KIM and the
export logged; the admin would be a second way in with neither, and with a delete action that
follows relations. No admin page shows, changes or deletes a log entry.
"""

from auditlog.models import LogEntry
from django.contrib import admin

if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
