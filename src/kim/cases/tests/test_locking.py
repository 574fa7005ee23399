"""Optimistic locking: the second of two concurrent saves is refused and overwrites nothing."""

import pytest
from django import forms

from kim.cases import services
from kim.cases.models import Client
from kim.cases.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


class NameForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["first_name", "last_name", "version"]
        widgets = {"version": forms.HiddenInput}


def test_second_save_with_the_same_version_is_refused():
    client = ClientFactory(first_name="Amal", last_name="Haddad")
    # the page renders the version signed (django-concurrency); both users loaded the same one
    loaded_version = str(NameForm(instance=Client.objects.get(pk=client.pk))["version"].value())
    first = NameForm(
        {"first_name": "Amal", "last_name": "Haddad-Nasser", "version": loaded_version},
        instance=Client.objects.get(pk=client.pk),
    )
    second = NameForm(
        {"first_name": "Amala", "last_name": "Haddad", "version": loaded_version},
        instance=Client.objects.get(pk=client.pk),
    )
    assert first.is_valid() and second.is_valid()
    services.save_versioned(first)
    with pytest.raises(services.EditConflict, match="inzwischen von jemand anderem geändert"):
        services.save_versioned(second)
    client.refresh_from_db()
    assert (client.first_name, client.last_name) == ("Amal", "Haddad-Nasser")


def test_tampered_version_is_a_bad_request(as_user):
    from django.core.exceptions import SuspiciousOperation

    client = ClientFactory()
    form = NameForm({"first_name": "X", "last_name": "Y", "version": "123"}, instance=client)
    with pytest.raises(SuspiciousOperation):
        form.is_valid()
