"""QuickModelChoiceField offers the same options as a ModelChoiceField (values and labels as
``str(instance)``) with one query and no model instance per option, and validates the same."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.core.forms import PersonChoiceField, QuickModelChoiceField
from kim.directory.models import Municipality
from kim.directory.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def options(field):
    return [(str(value), str(label)) for value, label in field.choices]


def test_municipalities_as_a_model_choice_field_offers_them():
    for name in ("Altena", "Iserlohn", "Menden (Sauerland)"):
        MunicipalityFactory(name=name)
    queryset = Municipality.objects.order_by("name")
    quick = QuickModelChoiceField(queryset=queryset, empty_label="alle")
    plain = forms.ModelChoiceField(queryset=queryset, empty_label="alle")
    assert options(quick) == options(plain)
    with CaptureQueriesContext(connection) as queries:
        options(quick)
    assert len(queries) == 1


def test_people_as_their_names_and_validation_as_before():
    UserFactory(username="anna", first_name="Anna", last_name="Berger", role=Role.CASE_MANAGER)
    UserFactory(username="ohne.namen", first_name="", last_name="", role=Role.CASE_MANAGER)
    queryset = User.objects.order_by("username")
    quick = PersonChoiceField(queryset=queryset)
    assert options(quick)[1:] == [(str(u.pk), str(u)) for u in queryset]

    class Form(forms.Form):
        person = PersonChoiceField(queryset=queryset)

    anna = User.objects.get(username="anna")
    form = Form({"person": str(anna.pk)})
    assert form.is_valid() and form.cleaned_data["person"] == anna
    assert not Form({"person": "999999"}).is_valid()
