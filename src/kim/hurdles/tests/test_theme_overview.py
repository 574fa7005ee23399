"""The clustered overview of the generative themes for the steering group, as a page and a PDF:
grouping, figures, names involved, bounded queries, and never a link to a case."""

import base64
import re
import zlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.cases.tests.factories import CaseFactory
from kim.core.pdf import PdfDocument, printable
from kim.directory.tests.factories import (
    LegalDomainFactory,
    MunicipalityFactory,
    OrganisationFactory,
)
from kim.hurdles.models import (
    CaseReconstruction,
    GenerativeTheme,
    HurdleReport,
    ReconstructionState,
    ReportSource,
    ReportState,
    ThemeState,
)
from kim.hurdles.pdf import OVERVIEW_TITLE

pytestmark = pytest.mark.django_db


# --- reading a PDF without extra libraries -------------------------------------------------------


def _streams(data):
    for match in re.finditer(rb"<<((?:(?!>>).)*)>>\s*stream\r?\n(.*?)\s*endstream", data, re.S):
        header, raw = match.groups()
        if b"/ASCII85Decode" in header:
            raw = base64.a85decode(raw.strip(), adobe=True)
        if b"/FlateDecode" in header:
            raw = zlib.decompress(raw)
        yield raw


def _unescape(literal):
    def replace(match):
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", replace, literal, flags=re.S)


def pdf_text(data):
    """The text lines shown on the pages of a PDF made by reportlab with a standard font
    (reportlab writes one line of text per line of the page stream)."""
    lines = []
    for stream in _streams(data):
        for line in stream.splitlines():
            literals = re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", line)
            if literals:
                lines.append(b"".join(_unescape(lit) for lit in literals).decode("cp1252"))
    return "\n".join(lines)


# --- data ------------------------------------------------------------------------------------


@pytest.fixture
def world(coordinator, case_manager):
    """Two clusters, three themes; reports in two municipalities, with institutions and legal
    domains; one held and one planned reconstruction."""
    iserlohn = MunicipalityFactory(name="Iserlohn")
    hemer = MunicipalityFactory(name="Hemer")
    authority = OrganisationFactory(name="Ausländerbehörde Märkischer Kreis")
    jobcenter = OrganisationFactory(name="Jobcenter Märkischer Kreis")
    aufenthg = LegalDomainFactory(code="AufenthG", name="Aufenthaltsgesetz")
    sgb2 = LegalDomainFactory(code="SGB II", name="Grundsicherung für Arbeitsuchende")
    case = CaseFactory(case_manager=case_manager)

    def report(municipality, organisations, domains, description):
        r = HurdleReport.objects.create(
            municipality=municipality,
            description=description,
            source=ReportSource.CASE_MANAGEMENT,
            reporter=case_manager,
            state=ReportState.ASSIGNED,
            case=case,
        )
        r.organisations.set(organisations)
        r.legal_domains.set(domains)
        return r

    r1 = report(iserlohn, [authority], [aufenthg], "GEHEIMER MELDETEXT EINS")
    r2 = report(hemer, [authority, jobcenter], [aufenthg, sgb2], "GEHEIMER MELDETEXT ZWEI")
    r3 = report(iserlohn, [jobcenter], [sgb2], "GEHEIMER MELDETEXT DREI")

    held = CaseReconstruction.objects.create(
        title="Rekonstruktion Fiktionsbescheinigung",
        created_by=coordinator,
        state=ReconstructionState.DONE,
        held_on=timezone.localdate().replace(day=1),
        findings="Zwischen Ausländerbehörde und Jobcenter fehlt ein fester Ansprechpartner.",
    )
    held.reports.set([r1, r2])
    planned = CaseReconstruction.objects.create(
        title="Geplante Rekonstruktion",
        created_by=coordinator,
        findings="NOCH NICHT FREIGEGEBENE NOTIZ",
    )
    planned.reports.set([r3])

    waiting = GenerativeTheme.objects.create(
        title="Wartezeiten bei der Fiktionsbescheinigung",
        cluster="Aufenthalt",
        summary="Ohne Fiktionsbescheinigung ruhen Leistungen und Arbeitsaufnahme.",
        state=ThemeState.BEFORE_STEERING_GROUP,
        created_by=coordinator,
    )
    waiting.reconstructions.set([held, planned])
    waiting.reports.set([r1, r2])
    passports = GenerativeTheme.objects.create(
        title="Passbeschaffung",
        cluster="Aufenthalt",
        summary="Die Pflicht zur Passbeschaffung ist oft nicht erfüllbar.",
        created_by=coordinator,
    )
    passports.reports.set([r2])
    jobs = GenerativeTheme.objects.create(
        title="Anerkennung von Berufsabschlüssen",
        cluster="Arbeit",
        summary="Anerkennungsverfahren dauern länger als die Förderung.",
        created_by=coordinator,
    )
    jobs.reports.set([r3])
    return {
        "reports": [r1, r2, r3],
        "case": case,
        "themes": {"waiting": waiting, "passports": passports, "jobs": jobs},
    }


def _overview(client, query=""):
    return client.get(reverse("hurdles:theme_overview") + query)


# --- the page ----------------------------------------------------------------------------------


def test_overview_groups_themes_by_cluster_with_figures_and_names(as_user, world):
    response = _overview(as_user("coordinator"))
    assert response.status_code == 200
    clusters = response.context["clusters"]
    assert [c.name for c in clusters] == ["Arbeit", "Aufenthalt"]
    assert [e.theme.title for e in clusters[1].themes] == [
        "Passbeschaffung",
        "Wartezeiten bei der Fiktionsbescheinigung",
    ]
    waiting = clusters[1].themes[1]
    figures = (
        waiting.theme.report_count,
        waiting.theme.municipality_count,
        waiting.theme.organisation_count,
        waiting.theme.legal_domain_count,
    )
    assert figures == (2, 2, 2, 2)
    assert waiting.municipalities == ["Hemer", "Iserlohn"]
    assert waiting.organisations == [
        "Ausländerbehörde Märkischer Kreis",
        "Jobcenter Märkischer Kreis",
    ]
    assert waiting.legal_domains == [
        "AufenthG – Aufenthaltsgesetz",
        "SGB II – Grundsicherung für Arbeitsuchende",
    ]
    # only the held reconstruction gives findings
    assert [r.title for r in waiting.reconstructions] == ["Rekonstruktion Fiktionsbescheinigung"]
    jobs = clusters[0].themes[0]
    assert (jobs.theme.report_count, jobs.municipalities, jobs.organisations) == (
        1,
        ["Iserlohn"],
        ["Jobcenter Märkischer Kreis"],
    )
    html = response.content.decode()
    assert html.index(">Arbeit</h2>") < html.index(">Aufenthalt</h2>")
    assert "2: Hemer, Iserlohn" in html
    assert "Ohne Fiktionsbescheinigung ruhen Leistungen und Arbeitsaufnahme." in html
    assert "Zwischen Ausländerbehörde und Jobcenter fehlt ein fester Ansprechpartner." in html
    assert "NOCH NICHT FREIGEGEBENE NOTIZ" not in html
    assert "Als PDF herunterladen" in html


def test_overview_filters_by_state(as_user, world):
    response = _overview(as_user("steering_member"), "?state=before_steering_group")
    clusters = response.context["clusters"]
    assert [(c.name, [e.theme.title for e in c.themes]) for c in clusters] == [
        ("Aufenthalt", ["Wartezeiten bei der Fiktionsbescheinigung"])
    ]
    html = response.content.decode()
    assert f"{reverse('hurdles:theme_overview_pdf')}?state=before_steering_group" in html


def test_unknown_state_shows_all_themes(as_user, world):
    response = _overview(as_user("coordinator"), "?state=abgeschafft")
    assert response.status_code == 200
    assert sum(len(c.themes) for c in response.context["clusters"]) == 3
    assert "Diesen Stand gibt es nicht." in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "steering_member"])
def test_overview_shows_no_report_texts_report_numbers_or_cases(as_user, world, role):
    page = _overview(as_user(role)).content.decode()
    html = page[page.index("<main") : page.index("</main>")]  # without the main navigation
    assert "/cases/" not in html
    assert world["case"].number not in html
    for report in world["reports"]:
        assert report.number not in html
        assert report.description not in html
        assert reverse("hurdles:report_detail", args=[report.pk]) not in html


def test_steering_member_gets_no_links_to_coordination_pages(as_user, world):
    html = _overview(as_user("steering_member")).content.decode()
    theme = world["themes"]["waiting"]
    assert reverse("hurdles:theme_detail", args=[theme.pk]) not in html
    assert reverse("hurdles:reconstruction_list") not in html
    assert f'href="{reverse("hurdles:theme_list")}"' not in html
    assert "/cases/" not in html  # steering group members have no case management at all


def test_coordination_finds_the_way_to_each_theme(as_user, world):
    html = _overview(as_user("coordinator")).content.decode()
    theme = world["themes"]["waiting"]
    assert reverse("hurdles:theme_detail", args=[theme.pk]) in html


def test_overview_reads_in_a_bounded_number_of_queries(as_user, world, coordinator):
    client = as_user("coordinator")
    # warm up: the first request after the login renews the session (kim/core/sessions.py)
    _overview(client)
    with CaptureQueriesContext(connection) as few:
        _overview(client)
    municipality = MunicipalityFactory(name="Plettenberg")
    for n in range(4):
        theme = GenerativeTheme.objects.create(
            title=f"Weiteres Thema {n}", cluster=f"Cluster {n}", summary="s", created_by=coordinator
        )
        report = HurdleReport.objects.create(
            municipality=municipality,
            description="d",
            source=ReportSource.CASE_MANAGEMENT,
            reporter=coordinator,
        )
        report.organisations.add(OrganisationFactory())
        report.legal_domains.add(LegalDomainFactory())
        theme.reports.add(report)
    with CaptureQueriesContext(connection) as many:
        response = _overview(client)
    assert sum(len(c.themes) for c in response.context["clusters"]) == 7
    assert len(many) == len(few)


def test_empty_overview(as_user):
    response = _overview(as_user("steering_member"))
    assert response.status_code == 200
    assert "Es gibt keine generativen Themen für diese Auswahl." in response.content.decode()


# --- the PDF -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator"])
def test_pdf_holds_the_overview(as_user, world, role):
    response = as_user(role).get(reverse("hurdles:theme_overview_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="generative-themen-{today:%Y-%m-%d}.pdf"'
    )
    data = response.content
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Generative Themen – Vorlage für die Lenkungsgruppe" in text
    assert f"Stand: {today:%d.%m.%Y}" in text
    assert text.index("Arbeit") < text.index("Aufenthalt")
    assert "Wartezeiten bei der Fiktionsbescheinigung" in text
    assert "Anerkennung von Berufsabschlüssen" in text
    assert "2: Hemer, Iserlohn" in text
    assert "Ohne Fiktionsbescheinigung ruhen Leistungen und Arbeitsaufnahme." in text
    assert "Seite 1 von 1" in text
    # never a case, a report number or a report text
    assert world["case"].number not in text
    for report in world["reports"]:
        assert report.number not in text
        assert report.description not in text
    assert "NOCH NICHT FREIGEGEBENE NOTIZ" not in text


def test_pdf_follows_the_state_filter(as_user, world):
    response = as_user("coordinator").get(
        reverse("hurdles:theme_overview_pdf") + "?state=developed"
    )
    text = pdf_text(response.content)
    assert "nur Themen im Stand „erarbeitet“" in text
    assert "Passbeschaffung" in text
    assert "Wartezeiten bei der Fiktionsbescheinigung" not in text


def test_empty_pdf(as_user):
    response = as_user("coordinator").get(reverse("hurdles:theme_overview_pdf"))
    assert response.status_code == 200
    assert "Es gibt keine generativen Themen für diese Auswahl." in pdf_text(response.content)


# --- the PDF helper (kim/core/pdf.py) ---------------------------------------------------------


def test_pdf_helper_numbers_pages_and_repeats_the_header():
    document = PdfDocument(OVERVIEW_TITLE, subtitle="Test")
    document.heading("Tabelle")
    document.table([[f"Zeile {n}", str(n)] for n in range(120)], header=["Name", "Zahl"])
    text = pdf_text(document.render())
    pages = int(re.search(r"Seite 1 von (\d+)", text).group(1))
    assert pages > 1
    assert f"Seite {pages} von {pages}" in text
    assert text.count("Kommunales Integrationsmanagement") == pages
    assert text.count("Name") == pages  # the table header repeats on every page
    assert text.index("Tabelle") < text.index("Zeile 0")


def test_pdf_helper_prints_what_the_standard_font_lacks():
    assert printable("Müller – „Straße“") == "Müller – „Straße“"
    assert printable("Erdoğan Şahin") == "Erdogan Sahin"
    document = PdfDocument("Titel")
    document.paragraph("Erdoğan <b>fett</b> & Co.")
    text = pdf_text(document.render(compress=False))
    assert "Erdogan <b>fett</b> & Co." in text


def test_steering_group_sees_only_what_was_put_before_it(as_user, world):
    """Themes still being worked out ("erarbeitet") stay with coordination (DOMAIN.md § 7)."""
    client = as_user("steering_member")
    titles = [e.theme.title for c in _overview(client).context["clusters"] for e in c.themes]
    assert titles == ["Wartezeiten bei der Fiktionsbescheinigung"]
    text = pdf_text(client.get(reverse("hurdles:theme_overview_pdf")).content)
    assert "Wartezeiten bei der Fiktionsbescheinigung" in text
    assert "Passbeschaffung" not in text
