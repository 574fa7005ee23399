"""The case history shows no names of other clients, and lists document downloads as accesses."""

import pytest
from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.urls import reverse

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import Document
from kim.cases.tests.factories import CaseFactory, ClientFactory

pytestmark = pytest.mark.django_db


def test_household_member_names_are_not_in_the_history(as_user, case_manager):
    other = UserFactory(username="bob", role=Role.CASE_MANAGER)
    hidden = ClientFactory(first_name="Verborgen", last_name="Nachbarin")
    CaseFactory(client=hidden, case_manager=other)
    case = CaseFactory(case_manager=case_manager)
    case.client.household_members.add(hidden)
    html = as_user("case_manager").get(reverse("cases:case_history", args=[case.pk])).content
    assert LogEntry.objects.filter(additional_data__client_id=case.client_id).exists()
    assert "Nachbarin" not in html.decode()
    assert "1 Person" in html.decode()


def test_document_downloads_are_listed_as_accesses(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    document = Document.objects.create(
        case=case,
        file="x.pdf",
        original_name="bescheid.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=case_manager,
    )
    client = as_user("case_manager")
    from auditlog.context import set_actor

    with set_actor(case_manager):
        accessed.send(sender=Document, instance=document)
    html = client.get(reverse("cases:case_history", args=[case.pk])).content.decode()
    assert "Dokument abgerufen" in html
    assert "bescheid.pdf" in html
