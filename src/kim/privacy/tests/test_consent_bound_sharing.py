"""Data leaves KIM only where the client's consent covers it, or not at all (issue 10). One test
per path out of the system (README, "Löschkonzept und Betroffenenrechte"):

- referrals (also those of Baustein 3 to the authorities, which use the same service): only to
  an organisation named in a valid confidentiality waiver, checked when proposed and when sent;
- e-mails: only the distribution of approved minutes sends mail, and minutes carry no client
  data;
- reports and their exports (CSV, XLSX, PDF): figures without names;
- the Art. 15 export goes to the person themself and holds no data of others (test_art15_export).
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from kim.cases import services as case_services
from kim.cases.models import Case, Client, Consent, ReferralState
from kim.cases.tests.factories import ReferralFactory
from kim.directory.tests.factories import OfficeFactory
from kim.hurdles.tests.test_theme_overview import pdf_text
from kim.reports import exporters
from kim.reports.indicators import evaluate_all
from kim.reports.scope import ReportScope

from .factories import FIRST, LAST, LAST_BEFORE, client_file

pytestmark = pytest.mark.django_db

NAMES = (FIRST, LAST, LAST_BEFORE)


@pytest.fixture
def active_file(case_manager):
    today = timezone.localdate()
    return client_file(
        opened_on=today - datetime.timedelta(days=60), closed_on=None, case_manager=case_manager
    )


# --- referrals ---------------------------------------------------------------------------------


def test_a_referral_needs_a_waiver_naming_the_organisation(active_file, case_manager):
    elsewhere = OfficeFactory()
    with pytest.raises(case_services.ConsentMissing, match="keine gültige Schweigepflicht"):
        case_services.propose_referral(active_file.case, by=case_manager, office=elsewhere)
    covered = OfficeFactory(organisation=active_file.consent.organisations.get())
    referral = case_services.propose_referral(active_file.case, by=case_manager, office=covered)
    assert referral.pk


def test_a_revoked_waiver_stops_the_sending(active_file, case_manager):
    office = OfficeFactory(organisation=active_file.consent.organisations.get())
    referral = ReferralFactory(case=active_file.case, office=office, created_by=case_manager)
    Consent.objects.filter(pk=active_file.consent.pk).update(revoked_on=timezone.localdate())
    with pytest.raises(case_services.ConsentMissing):
        case_services.change_referral_state(referral, ReferralState.SENT, by=case_manager)
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROPOSED


# --- e-mail ------------------------------------------------------------------------------------


MAIL_API = re.compile(
    r"\b(send_mail|send_mass_mail|mail_admins|mail_managers|EmailMessage|EmailMultiAlternatives)\b"
)


def test_only_the_distribution_of_minutes_sends_mail():
    """A new way of sending mail must be checked for client data: it fails this test first."""
    root = Path(apps.get_app_config("core").path).parent  # src/kim
    senders = {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and MAIL_API.search(path.read_text(encoding="utf-8"))
    }
    assert senders == {"governance/services.py"}


def test_governance_holds_no_relation_to_clients_or_cases():
    """Minutes, meetings and the rest of governance cannot carry a client's data by a link."""
    for model in apps.get_app_config("governance").get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is None or related._meta.app_label != "cases", (model, field)


def test_distributed_minutes_carry_no_client_data(settings, active_file, coordinator):
    from kim.governance import services as governance_services
    from kim.governance.pdf import minutes_pdf
    from kim.governance.tests.test_minutes import approve, make_minutes, make_world

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = make_world(coordinator)
    minutes = approve(
        make_minutes(world["meeting"], coordinator, text="TOP 1: Wartezeiten bei Kursen."),
        world["next_meeting"],
        coordinator,
    )
    attachment = ("protokoll.pdf", minutes_pdf(minutes), "application/pdf")
    governance_services.distribute_minutes(
        minutes, [("Uwe Brandt", "u.brandt@example.org", "")], by=coordinator, attachment=attachment
    )
    [message] = mail.outbox
    text = "\n".join([message.subject, message.body, pdf_text(message.attachments[0][1])])
    assert "Wartezeiten" in text
    for name in NAMES:
        assert name not in text


# --- reports -------------------------------------------------------------------------------------


def test_report_exports_hold_figures_and_no_names(active_file):
    today = timezone.localdate()
    scope = ReportScope(start=today - datetime.timedelta(days=365), end=today)
    tables = evaluate_all(scope)
    assert any(t.total.value for t in tables)  # the client is counted
    made_at = timezone.now()
    csv_text = exporters.write_csv(tables, scope, made_at).decode("utf-8-sig")
    pdf = pdf_text(exporters.write_pdf(tables, scope, made_at, compress=False))
    workbook = load_workbook(io.BytesIO(exporters.write_xlsx(tables, scope, made_at)))
    cells = " ".join(
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
    )
    for text in (csv_text, pdf, cells):
        for name in NAMES:
            assert name not in text
        assert active_file.case.number not in text


def test_no_other_app_links_to_clients_or_cases():
    """Cases and clients leave only through the paths above: no other app links to them but
    the monitoring (anonymous), hurdle reports (internal link) and the Löschkonzept."""
    linking = set()
    for model in apps.get_models():
        if model._meta.app_label == "cases":
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in (Case, Client):
                linking.add(f"{model._meta.app_label}.{model.__name__}")
    assert linking == {"targetsystems.CaseLink", "hurdles.HurdleReport", "privacy.DeletionItem"}
