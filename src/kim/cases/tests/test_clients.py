"""Clients: create, edit (with optimistic locking), list and search, detail, open a case.

Every bad input gets its German message at the field and saves nothing; nothing entered is lost.
"""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import (
    AccessChannel,
    Case,
    CasePhase,
    Client,
    Language,
    PhaseTransition,
    ResidenceStatus,
)
from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.directory.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


def client_data(place, **overrides):
    """A complete, valid POST of the client form (``place``: the municipality)."""
    data = {
        "first_name": "Amal",
        "last_name": "Haddad",
        "first_name_original": "أمل",
        "last_name_original": "حداد",
        "date_of_birth": "1988-03-14",
        "year_of_birth": "",
        "gender": "female",
        "nationalities": ["SY"],
        "languages": [Language.objects.get(code="ar").pk],
        "interpreter_needed": "on",
        "interpreter_language": Language.objects.get(code="ar").pk,
        "municipality": place.pk,
        "residence_status": ResidenceStatus.objects.get(code="aufenthaltserlaubnis").pk,
        "residence_section": "§ 25 Abs. 2 AufenthG",
        "residence_valid_until": "2027-06-30",
        "entered_germany_on": "2016-09-01",
        "entered_district_on": "2017-02-15",
        "phone": "02351 123456",
        "email": "amal.haddad@example.org",
        "street": "Bahnhofstraße 3",
        "postal_code": "58507",
        "city": "Lüdenscheid",
        "version": "",
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def field_errors(response):
    return {name: " ".join(errors) for name, errors in response.context["form"].errors.items()}


@pytest.fixture
def municipality():
    return MunicipalityFactory(name="Lüdenscheid")


# --- create ----------------------------------------------------------------------------------


def test_create_saves_every_field_and_offers_to_open_a_case(as_user, case_manager, municipality):
    web = as_user("case_manager")
    neighbour = ClientFactory(created_by=case_manager, first_name="Samir", last_name="Haddad")
    data = client_data(municipality, household_members=[neighbour.pk])

    response = web.post(reverse("cases:client_create"), data)

    client = Client.objects.get(last_name="Haddad", first_name="Amal")
    assert response.status_code == 302
    assert response.url == reverse("cases:client_detail", args=[client.pk])
    assert client.created_by == case_manager
    assert (client.first_name_original, client.last_name_original) == ("أمل", "حداد")
    assert client.date_of_birth == datetime.date(1988, 3, 14)
    assert client.year_of_birth is None
    assert [c.code for c in client.nationalities] == ["SY"]
    assert list(client.languages.values_list("code", flat=True)) == ["ar"]
    assert client.interpreter_needed and client.interpreter_language.code == "ar"
    assert client.municipality == municipality
    assert client.residence_status.code == "aufenthaltserlaubnis"
    assert client.residence_section == "§ 25 Abs. 2 AufenthG"
    assert client.residence_valid_until == datetime.date(2027, 6, 30)
    assert client.entered_germany_on == datetime.date(2016, 9, 1)
    assert client.entered_district_on == datetime.date(2017, 2, 15)
    assert list(client.household_members.all()) == [neighbour]
    assert list(neighbour.household_members.all()) == [client]  # symmetrical
    assert (client.postal_code, client.city) == ("58507", "Lüdenscheid")
    assert LogEntry.objects.get_for_object(client).filter(action=LogEntry.Action.CREATE).exists()

    page = web.get(response.url)
    html = page.content.decode()
    assert "Amal Haddad wurde angelegt. Sie können jetzt einen Fall eröffnen." in html
    assert "Fall eröffnen" in html
    assert reverse("cases:case_open", args=[client.pk]) in html


def test_create_with_year_of_birth_only(as_user, municipality):
    response = as_user("case_manager").post(
        reverse("cases:client_create"),
        client_data(municipality, date_of_birth="", year_of_birth="1990"),
    )
    assert response.status_code == 302
    client = Client.objects.get(last_name="Haddad")
    assert (client.date_of_birth, client.year_of_birth, client.birth_year) == (None, 1990, 1990)


def test_create_form_uses_date_inputs_and_german_labels(as_user):
    response = as_user("case_manager").get(reverse("cases:client_create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="date" name="date_of_birth"' in html
    assert 'type="date" name="entered_germany_on"' in html
    for label in (
        "Vorname(n)",
        "Nachname in Originalschrift",
        "Geburtsjahr (wenn das Datum unbekannt ist)",
        "Staatsangehörigkeiten",
        "Sprache der Dolmetschung",
        "Aufenthaltsstatus gültig bis",
        "Haushaltsangehörige",
        "Postleitzahl",
    ):
        assert label in html


BAD_INPUTS = [
    pytest.param(
        {"date_of_birth": TOMORROW.isoformat()},
        "date_of_birth",
        "Das Geburtsdatum darf nicht in der Zukunft liegen.",
        id="birth-date-in-future",
    ),
    pytest.param(
        {"date_of_birth": "", "year_of_birth": str(TODAY.year + 1)},
        "year_of_birth",
        "Das Geburtsjahr darf nicht in der Zukunft liegen.",
        id="birth-year-in-future",
    ),
    pytest.param(
        {"year_of_birth": "1988"},
        "year_of_birth",
        "Bitte geben Sie entweder das Geburtsdatum oder nur das Geburtsjahr an.",
        id="date-and-year",
    ),
    pytest.param(
        {"date_of_birth": "", "year_of_birth": "1850"},
        "year_of_birth",
        "1900",
        id="birth-year-too-early",
    ),
    pytest.param(
        {"date_of_birth": "31.02.1988"},
        "date_of_birth",
        "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).",
        id="impossible-date",
    ),
    pytest.param(
        {"entered_germany_on": "2018-01-01", "entered_district_on": "2017-12-31"},
        "entered_district_on",
        "Der Zuzug in den Kreis kann nicht vor der Einreise nach Deutschland liegen.",
        id="district-before-germany",
    ),
    pytest.param(
        {"entered_germany_on": TOMORROW.isoformat(), "entered_district_on": ""},
        "entered_germany_on",
        "Dieses Datum darf nicht in der Zukunft liegen.",
        id="entry-in-future",
    ),
    pytest.param(
        {"entered_germany_on": "1980-01-01"},
        "entered_germany_on",
        "Dieses Datum liegt vor dem Geburtsdatum.",
        id="entry-before-birth",
    ),
    pytest.param(
        {"postal_code": "5850"},
        "postal_code",
        "Die Postleitzahl hat genau 5 Ziffern.",
        id="postal-code-4-digits",
    ),
    pytest.param(
        {"postal_code": "58a07"},
        "postal_code",
        "Die Postleitzahl hat genau 5 Ziffern.",
        id="postal-code-letter",
    ),
    pytest.param(
        {"postal_code": "585070"},
        "postal_code",
        "5 Zeichen",
        id="postal-code-6-digits",
    ),
    pytest.param(
        {"interpreter_needed": None},
        "interpreter_needed",
        "Bitte kreuzen Sie „Dolmetschung nötig“ an, wenn Sie eine Sprache dafür angeben.",
        id="interpreter-language-without-need",
    ),
    pytest.param(
        {"interpreter_language": ""},
        "interpreter_language",
        "Bitte wählen Sie die Sprache der Dolmetschung.",
        id="interpreter-need-without-language",
    ),
    pytest.param(
        {"residence_status": "duldung"},
        "residence_section",
        "Für diesen Aufenthaltsstatus wird keine Rechtsgrundlage erfasst.",
        id="section-for-status-without-section",
    ),
    pytest.param(
        {"residence_section": ""},
        "residence_section",
        "Bitte geben Sie die Rechtsgrundlage an, z. B. § 25 Abs. 2 AufenthG.",
        id="status-needs-section",
    ),
    pytest.param(
        {"residence_status": "", "residence_section": ""},
        "residence_valid_until",
        "Bitte wählen Sie zuerst den Aufenthaltsstatus.",
        id="expiry-without-status",
    ),
    pytest.param(
        {"first_name": ""}, "first_name", "Bitte geben Sie den Vornamen an.", id="no-first-name"
    ),
    pytest.param(
        {"last_name": "  "}, "last_name", "Bitte geben Sie den Nachnamen an.", id="no-last-name"
    ),
    pytest.param(
        {"municipality": ""},
        "municipality",
        "Bitte wählen Sie die Kommune, in der die Person wohnt.",
        id="no-municipality",
    ),
    pytest.param(
        {"email": "amal.example.org"},
        "email",
        "Bitte geben Sie eine gültige E-Mail-Adresse an.",
        id="bad-email",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUTS)
def test_bad_input_gets_german_message_and_saves_nothing(
    as_user, municipality, overrides, field, message
):
    if overrides.get("residence_status") == "duldung":
        overrides = {
            **overrides,
            "residence_status": ResidenceStatus.objects.get(code="duldung").pk,
        }
    data = client_data(municipality, **overrides)

    response = as_user("case_manager").post(reverse("cases:client_create"), data)

    assert response.status_code == 200
    assert message in field_errors(response)[field]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert f'id="id_{field}_error"' in html  # the message is on the page, at the field
    assert message in html
    assert Client.objects.count() == 0
    # nothing entered is lost: the form comes back with the input
    assert "Bahnhofstraße 3" in response.content.decode()


def test_household_member_must_be_visible(as_user, municipality):
    stranger = ClientFactory()  # created by another case manager
    response = as_user("case_manager").post(
        reverse("cases:client_create"), client_data(municipality, household_members=[stranger.pk])
    )
    assert response.status_code == 200
    assert "household_members" in field_errors(response)
    assert not Client.objects.filter(last_name="Haddad").exists()


# --- edit and optimistic locking ---------------------------------------------------------------


def _edit_data(web, client, **overrides):
    """The edit form as the page rendered it (with its signed version), plus changes."""
    form = web.get(reverse("cases:client_edit", args=[client.pk])).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if name == "version":
            data[name] = str(value)
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    data.update(overrides)
    return data


def test_edit_saves_and_history_keeps_old_and_new(as_user, case_manager):
    client = ClientFactory(created_by=case_manager, last_name="Haddad", city="Altena")
    web = as_user("case_manager")

    response = web.post(
        reverse("cases:client_edit", args=[client.pk]), _edit_data(web, client, city="Werdohl")
    )

    assert response.status_code == 302
    client.refresh_from_db()
    assert client.city == "Werdohl"
    entry = LogEntry.objects.get_for_object(client).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["city"] == ["Altena", "Werdohl"]
    assert entry.actor == case_manager


def test_edit_bad_input_changes_nothing(as_user, case_manager):
    client = ClientFactory(created_by=case_manager, postal_code="58762")
    web = as_user("case_manager")
    response = web.post(
        reverse("cases:client_edit", args=[client.pk]), _edit_data(web, client, postal_code="587")
    )
    assert response.status_code == 200
    assert field_errors(response)["postal_code"] == "Die Postleitzahl hat genau 5 Ziffern."
    assert "Die Postleitzahl hat genau 5 Ziffern." in response.content.decode()
    client.refresh_from_db()
    assert client.postal_code == "58762"


def test_second_of_two_concurrent_edits_is_refused(as_user, case_manager):
    client = ClientFactory(created_by=case_manager, first_name="Amal", city="Altena")
    web = as_user("case_manager")
    url = reverse("cases:client_edit", args=[client.pk])
    first = _edit_data(web, client, city="Werdohl")
    second = _edit_data(web, client, city="Iserlohn", first_name="Amala")
    assert first["version"] == second["version"]

    assert web.post(url, first).status_code == 302
    response = web.post(url, second)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dieser Datensatz wurde inzwischen von jemand anderem geändert." in html
    # the user's input stays in the form
    assert 'value="Iserlohn"' in html and 'value="Amala"' in html
    client.refresh_from_db()
    assert (client.first_name, client.city) == ("Amal", "Werdohl")


def test_edit_keeps_household_members_the_user_cannot_see(as_user, case_manager):
    client = ClientFactory(created_by=case_manager)
    hidden = ClientFactory()  # another case manager's client
    client.household_members.add(hidden)
    web = as_user("case_manager")
    data = _edit_data(web, client, city="Balve")
    assert str(hidden.pk) not in data.get("household_members", [])

    assert web.post(reverse("cases:client_edit", args=[client.pk]), data).status_code == 302
    assert list(client.household_members.all()) == [hidden]


# --- list and search -------------------------------------------------------------------------


def _names(response):
    return [c.full_name for c in response.context["page"]]


@pytest.fixture
def searchable(case_manager):
    amal = CaseFactory(
        case_manager=case_manager,
        number="2026-000101",
        client=ClientFactory(
            first_name="Mohammed", last_name="Al-Hassan", last_name_original="الحسن"
        ),
    ).client
    olena = CaseFactory(
        case_manager=case_manager,
        number="2026-000102",
        client=ClientFactory(
            first_name="Olena", last_name="Shevchenko", last_name_original="Шевченко"
        ),
    ).client
    other = CaseFactory(client=ClientFactory(first_name="Muhammad", last_name="Al-Hassan")).client
    return amal, olena, other


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hassan", ["Mohammed Al-Hassan"]),
        ("Muhammad Alhasan", ["Mohammed Al-Hassan"]),  # sounds alike (Kölner Phonetik)
        ("Shewchenko", ["Olena Shevchenko"]),
        ("El Hassan", ["Mohammed Al-Hassan"]),
        ("Шевченко", ["Olena Shevchenko"]),  # original script
        ("000102", ["Olena Shevchenko"]),  # case number
        ("", ["Mohammed Al-Hassan", "Olena Shevchenko"]),
        ("Nobody", []),
    ],
)
def test_search_by_name_variant_original_script_or_case_number(
    as_user, searchable, query, expected
):
    response = as_user("case_manager").get(reverse("cases:client_list"), {"q": query})
    assert response.status_code == 200
    assert _names(response) == expected


@pytest.mark.parametrize("role", ["case_manager", "coordinator"])
def test_search_results_are_in_alphabetical_order_whatever_the_case(as_user, case_manager, role):
    # a search is sorted by the names in lower case (ClientQuerySet.in_list_order: no index
    # serves that order, so PostgreSQL reads the matches first; issue #12)
    for last in ("Zapf", "de Vries", "Becker", "al-Amin"):
        CaseFactory(
            case_manager=case_manager, client=ClientFactory(first_name="Ana", last_name=last)
        )
    response = as_user(role).get(reverse("cases:client_list"), {"q": "Ana"})
    assert _names(response) == ["Ana al-Amin", "Ana Becker", "Ana de Vries", "Ana Zapf"]


def test_search_pages_continue_the_order(as_user, case_manager):
    for i in range(53):
        CaseFactory(
            case_manager=case_manager,
            # upper and lower case alternate: in the order of the bytes all "Name…" would
            # come before all "name…"
            client=ClientFactory(first_name="Sami", last_name=f"{'Nn'[i % 2]}ame{i:02d}"),
        )
    web = as_user("case_manager")
    first = _names(web.get(reverse("cases:client_list"), {"q": "Sami"}))
    second = _names(web.get(reverse("cases:client_list"), {"q": "Sami", "page": 2}))
    assert len(first) == 50
    assert len(second) == 3
    assert first + second == sorted(first + second, key=lambda name: name.split()[1].lower())


def test_list_shows_open_cases_with_phase_and_birth(as_user, case_manager):
    case = CaseFactory(
        case_manager=case_manager,
        phase=CasePhase.PLANNING,
        client=ClientFactory(date_of_birth=None, year_of_birth=1979),
    )
    CaseFactory(case_manager=case_manager, client=case.client, phase=CasePhase.CLOSED)
    html = as_user("case_manager").get(reverse("cases:client_list")).content.decode()
    assert case.number in html
    assert "Hilfeplanung" in html
    assert "1979" in html
    assert str(case.client.municipality) in html
    assert "Neue Klientin / neuen Klienten anlegen" in html


def test_list_is_paginated_by_50(as_user, case_manager):
    for _ in range(51):
        CaseFactory(case_manager=case_manager)
    web = as_user("case_manager")
    first = web.get(reverse("cases:client_list"))
    second = web.get(reverse("cases:client_list"), {"page": 2})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 1
    assert "Seite 1 von 2" in first.content.decode()


def test_coordination_sees_every_client_paged_by_50(as_user):
    for _ in range(51):
        CaseFactory()
    web = as_user("coordinator")
    url = reverse("cases:client_list")
    first, second = web.get(url), web.get(url, {"page": 2})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 1
    assert "Seite 1 von 2" in first.content.decode()
    # a page past the end or not a number: the last page, the first page (as a search does)
    assert web.get(url, {"page": 99}).context["page"].number == 2
    assert web.get(url, {"page": "x"}).context["page"].number == 1
    names = _names(first) + _names(second)
    assert names == [c.full_name for c in Client.objects.in_list_order()]


def test_only_a_search_is_counted_with_the_page(as_user):
    # the coordination's whole list is counted by COUNT(*): a count over every client with the
    # page's rows (COUNT(*) OVER ()) took 5 s for a million clients; a search is evaluated once
    CaseFactory.create_batch(3)
    web = as_user("coordinator")
    url = reverse("cases:client_list")
    with CaptureQueriesContext(connection) as whole:
        web.get(url)
    with CaptureQueriesContext(connection) as search:
        web.get(url, {"q": "a"})
    assert not any("OVER ()" in q["sql"] for q in whole.captured_queries)
    assert any("OVER ()" in q["sql"] for q in search.captured_queries)


# --- detail ----------------------------------------------------------------------------------


def test_detail_shows_data_cases_and_logs_the_access(as_user, case_manager):
    member = CaseFactory(case_manager=case_manager).client
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.ASSESSMENT)
    client = case.client
    client.household_members.add(member)
    client.phone = "02351 98765"
    client.save()

    response = as_user("case_manager").get(reverse("cases:client_detail", args=[client.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "17.05.1990" in html
    assert "02351 98765" in html
    assert case.number in html and "Assessment" in html
    assert reverse("cases:client_detail", args=[member.pk]) in html
    access = LogEntry.objects.get_for_object(client).filter(action=LogEntry.Action.ACCESS)
    assert access.count() == 1
    assert access.get().actor == case_manager


def test_detail_does_not_name_household_members_the_user_cannot_see(as_user, case_manager):
    client = CaseFactory(case_manager=case_manager).client
    hidden = ClientFactory(first_name="Verborgene", last_name="Person")
    client.household_members.add(hidden)
    html = (
        as_user("case_manager")
        .get(reverse("cases:client_detail", args=[client.pk]))
        .content.decode()
    )
    assert "Verborgene" not in html
    assert "1 weitere Person, die bei einer Kollegin/einem Kollegen erfasst ist" in html


# --- open a case -----------------------------------------------------------------------------


def test_open_case_form_defaults(as_user, case_manager):
    client = ClientFactory(created_by=case_manager)
    form = as_user("case_manager").get(reverse("cases:case_open", args=[client.pk])).context["form"]
    assert form["case_manager"].value() == case_manager.pk
    assert form["opened_on"].value() == TODAY
    choices = list(form.fields["case_manager"].queryset)
    assert case_manager in choices
    assert all(u.has_role(Role.CASE_MANAGER) for u in choices)


def test_open_case_creates_it_and_goes_to_the_case(as_user, case_manager):
    client = ClientFactory(created_by=case_manager)
    response = as_user("case_manager").post(
        reverse("cases:case_open", args=[client.pk]),
        {
            "access_channel": AccessChannel.JOBCENTER,
            "case_manager": case_manager.pk,
            "opened_on": TODAY.isoformat(),
            "note": "Vom Jobcenter geschickt",
        },
    )
    case = Case.objects.get(client=client)
    assert response.status_code == 302
    assert response.url == reverse("cases:case_detail", args=[case.pk])
    assert (case.case_manager, case.access_channel, case.phase, case.opened_on) == (
        case_manager,
        AccessChannel.JOBCENTER,
        CasePhase.INTAKE,
        TODAY,
    )
    assert case.number == f"{TODAY.year}-{case.pk:06d}"
    transition = PhaseTransition.objects.get(case=case)
    assert (transition.by, transition.note) == (case_manager, "Vom Jobcenter geschickt")


def test_open_case_for_a_colleague(as_user, case_manager):
    colleague = UserFactory(role=Role.CASE_MANAGER)
    client = ClientFactory(created_by=case_manager)
    response = as_user("case_manager").post(
        reverse("cases:case_open", args=[client.pk]),
        {
            "access_channel": AccessChannel.SELF,
            "case_manager": colleague.pk,
            "opened_on": TODAY.isoformat(),
        },
        follow=True,
    )
    case = Case.objects.get(client=client)
    assert case.case_manager == colleague
    assert response.redirect_chain[-1][0] == reverse("cases:client_list")
    assert f"Fall {case.number} wurde eröffnet und {colleague} zugewiesen." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"opened_on": TOMORROW.isoformat()},
            "opened_on",
            "Ein Fall kann nicht in der Zukunft beginnen.",
        ),
        ({"opened_on": ""}, "opened_on", "Bitte geben Sie den Fallbeginn an."),
        ({"access_channel": ""}, "access_channel", "Bitte wählen Sie den Zugangsweg."),
        (
            {"access_channel": "carrier_pigeon"},
            "access_channel",
            "Diesen Zugangsweg gibt es nicht. Bitte wählen Sie aus der Liste.",
        ),
        (
            {"case_manager": "coordinator"},
            "case_manager",
            "Diese Person ist keine Case Manager:in. Bitte wählen Sie aus der Liste.",
        ),
    ],
)
def test_open_case_bad_input(as_user, case_manager, coordinator, overrides, field, message):
    client = ClientFactory(created_by=case_manager)
    data = {
        "access_channel": AccessChannel.SELF,
        "case_manager": case_manager.pk,
        "opened_on": TODAY.isoformat(),
        **overrides,
    }
    if data["case_manager"] == "coordinator":
        data["case_manager"] = coordinator.pk
    response = as_user("case_manager").post(reverse("cases:case_open", args=[client.pk]), data)
    assert response.status_code == 200
    assert field_errors(response)[field] == message
    assert message in response.content.decode()
    assert not Case.objects.filter(client=client).exists()
