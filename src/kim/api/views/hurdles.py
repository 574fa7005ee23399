"""Hurdle reports, topics and generative themes. Who sees which: ``HurdleReport.objects.visible_to``
(coordination all, case managers their own reports, external partners their organisation's) and
``GenerativeTheme.objects.visible_to`` (coordination all, the steering group what was put before
it), behind the model permissions of the web pages."""

from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from kim.hurdles.forms.reports import ReportFilterForm
from kim.hurdles.forms.themes import ThemeOverviewFilterForm
from kim.hurdles.models import HurdleReport, ReportState, Topic
from kim.hurdles.pdf import clustered_overview, overview_themes

from ..serializers import hurdles as s
from .base import DetailView, ListView

TAG = ["Systemebene"]


class ReportView:
    required_permissions = ("hurdles.view_hurdlereport",)
    serializer_class = s.HurdleReportSerializer

    def get_queryset(self):
        return HurdleReport.objects.visible_to(self.request.user).prefetch_related(
            "organisations", "legal_domains", "life_domains"
        )


@extend_schema(tags=TAG, summary="Meldebögen")
class ReportList(ReportView, ListView):
    filter_form = ReportFilterForm


@extend_schema(tags=TAG, summary="Meldebogen")
class ReportDetail(ReportView, DetailView):
    pass


class TopicView:
    """Topics with the number of reports per state, counting only reports the user may see (as
    the topic list on the web)."""

    required_permissions = ("hurdles.view_topic",)
    serializer_class = s.TopicSerializer

    def get_queryset(self):
        visible = HurdleReport.objects.visible_to(self.request.user).values("pk")
        counts = {
            f"count_{state}": Count("reports", filter=Q(reports__state=state, reports__in=visible))
            for state in ReportState.values
        }
        return Topic.objects.annotate(**counts).order_by("name", "pk")


@extend_schema(tags=TAG, summary="Themen der Meldebögen")
class TopicList(TopicView, ListView):
    pass


@extend_schema(tags=TAG, summary="Thema")
class TopicDetail(TopicView, DetailView):
    pass


class ThemeView:
    """Generative themes as in the overview for the steering group (``hurdles.pdf``)."""

    required_permissions = ("hurdles.view_generativetheme",)
    serializer_class = s.GenerativeThemeSerializer

    def get_queryset(self):
        return overview_themes(self.request.user)

    def overview_context(self, themes):
        entries = {
            entry.theme.pk: entry
            for cluster in clustered_overview(themes)
            for entry in cluster.themes
        }
        return {**self.get_serializer_context(), "overview": entries}


@extend_schema(tags=TAG, summary="Generative Themen")
class ThemeList(ThemeView, ListView):
    filter_form = ThemeOverviewFilterForm

    def apply_filter_form(self, form, queryset):
        state = form.selected_state()
        return queryset.filter(state=state) if state else queryset

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = s.GenerativeThemeSerializer(
            page, many=True, context=self.overview_context(page)
        ).data
        return self.get_paginated_response(data)


@extend_schema(tags=TAG, summary="Generatives Thema")
class ThemeDetail(ThemeView, DetailView):
    def retrieve(self, request, *args, **kwargs):
        theme = self.get_object()
        context = self.overview_context([theme])
        return Response(s.GenerativeThemeSerializer(theme, context=context).data)
