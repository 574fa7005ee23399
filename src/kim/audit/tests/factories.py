"""Log entries for the tests of the log (every person here is fictitious).

``log_access`` writes an access entry as the apps do (``LogEntry.objects.log_create``), with
actor, address and, if given, time; ``document`` stores a small file on a case."""

from auditlog.models import LogEntry
from django.core.files.base import ContentFile

from kim.cases.models import Document

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def log_access(obj, *, actor, ip="192.0.2.10", at=None, **extra):
    fields = {"actor": actor, "remote_addr": ip, **extra}
    if at is not None:
        fields["timestamp"] = at
    return LogEntry.objects.log_create(obj, force_log=True, action=LogEntry.Action.ACCESS, **fields)


def document(case, *, name="Bescheid_Jobcenter.pdf", by=None):
    return Document.objects.create(
        case=case,
        file=ContentFile(PDF, name=name),
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=by or case.case_manager,
    )
