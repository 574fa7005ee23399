"""The clustered overview of the generative themes for the steering group (concept § 3.3): its
content, shared by the page and the PDF, and the PDF itself.

Steering group members read it: it holds the themes, their figures, the names of the
municipalities, institutions and legal domains involved, the anonymised summaries and the
findings of the held reconstructions – never report texts, report numbers or case numbers.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core import dates
from kim.core.pdf import PdfDocument

from .models import CaseReconstruction, GenerativeTheme, HurdleReport, ReconstructionState

OVERVIEW_TITLE = gettext_lazy("Generative Themen – Vorlage für die Lenkungsgruppe")


@dataclass
class ThemeEntry:
    theme: GenerativeTheme  # annotated by ``with_figures``
    municipalities: list[str]
    organisations: list[str]
    legal_domains: list[str]
    reconstructions: list[CaseReconstruction]  # the held ones, with their findings


@dataclass
class ClusterEntry:
    name: str
    themes: list[ThemeEntry] = field(default_factory=list)


def overview_themes(user, state=None):
    """The themes ``user`` may see, with figures and the names behind them, in a bounded number
    of queries (themes, reports with municipalities, institutions, legal domains, reconstructions).
    """
    reports = (
        HurdleReport.objects.select_related("municipality")
        .only("id", "municipality__name")
        .prefetch_related("organisations", "legal_domains")
    )
    done = (
        CaseReconstruction.objects.filter(state=ReconstructionState.DONE)
        .only("id", "held_on", "findings")
        .order_by("held_on", "pk")
    )
    themes = (
        GenerativeTheme.objects.visible_to(user)
        .with_figures()
        .prefetch_related(
            Prefetch("reports", queryset=reports, to_attr="overview_reports"),
            Prefetch("reconstructions", queryset=done, to_attr="done_reconstructions"),
        )
        .order_by("cluster", "title")
    )
    if state:
        themes = themes.filter(state=state)
    return themes


def _names(objects, label=str):
    return sorted({label(obj) for obj in objects}, key=str.casefold)


def clustered_overview(themes):
    """``themes`` (from ``overview_themes``) grouped by cluster, each with the names involved."""
    clusters = []
    for name, group in groupby(themes, key=lambda theme: theme.cluster):
        cluster = ClusterEntry(name)
        for theme in group:
            reports = theme.overview_reports
            cluster.themes.append(
                ThemeEntry(
                    theme=theme,
                    municipalities=_names(r.municipality for r in reports),
                    organisations=_names(o for r in reports for o in r.organisations.all()),
                    legal_domains=_names(d for r in reports for d in r.legal_domains.all()),
                    reconstructions=list(theme.done_reconstructions),
                )
            )
        clusters.append(cluster)
    return clusters


def _with_names(count, names):
    return f"{count}: {', '.join(names)}" if names else str(count)


def theme_overview_pdf(clusters, *, state_label=None, created_at=None, compress=None) -> bytes:
    """The overview as an A4 PDF: per cluster a heading, per theme its figures and summary."""
    created_at = timezone.localtime(created_at or timezone.now())
    subtitle = _("Stand: %(date)s") % {"date": dates.day(created_at)}
    if state_label:
        subtitle += " · " + _("nur Themen im Stand „%(state)s“") % {"state": state_label}
    theme_count = sum(len(cluster.themes) for cluster in clusters)
    document = PdfDocument(
        OVERVIEW_TITLE,
        subtitle=subtitle,
        created_at=created_at,
        footer_note=_("Anonymisierte Zusammenfassungen ohne Fallbezug"),
    )
    if not clusters:
        document.paragraph(_("Es gibt keine generativen Themen für diese Auswahl."))
        return document.render(compress=compress)
    document.paragraph(
        _(
            "Generative Themen: %(themes)s · Cluster: %(clusters)s. Die Themen gehen auf "
            "Meldebögen zu Integrationshürden und auf Fallrekonstruktionen zurück; je Thema "
            "stehen die Zahl der Meldungen und die beteiligten Kommunen, Institutionen und "
            "Rechtskreise."
        )
        % {"themes": theme_count, "clusters": len(clusters)},
        muted=True,
    )
    for cluster in clusters:
        document.heading(cluster.name, level=1)
        for entry in cluster.themes:
            theme = entry.theme
            document.heading(theme.title, level=2)
            document.key_values(
                [
                    (_("Stand"), theme.get_state_display()),
                    (_("Meldungen"), str(theme.report_count)),
                    (_("Kommunen"), _with_names(theme.municipality_count, entry.municipalities)),
                    (
                        _("Institutionen"),
                        _with_names(theme.organisation_count, entry.organisations),
                    ),
                    (
                        _("Rechtskreise"),
                        _with_names(theme.legal_domain_count, entry.legal_domains),
                    ),
                ]
            )
            document.heading(_("Zusammenfassung"), level=3)
            document.paragraph(theme.summary)
            if entry.reconstructions:
                document.heading(_("Erkenntnisse aus den Fallrekonstruktionen"), level=3)
                for reconstruction in entry.reconstructions:
                    held = dates.day(reconstruction.held_on)
                    document.paragraph(
                        _("Rekonstruktion vom %(date)s:") % {"date": held}, muted=True
                    )
                    document.paragraph(reconstruction.findings)
    return document.render(compress=compress)
