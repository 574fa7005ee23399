"""Clients and cases. Who sees which: ``Client.objects.visible_to`` and ``Case.objects.visible_to``
(case managers their own cases and those they stand in for, coordination all, every other role
none), behind the model permissions ``cases.view_*`` of the web pages: a role without them gets
403, an invisible case or client 404, as on the web.

Every read is in the access log: a list logs each listed case or client, a detail its object,
a sub-resource (goals, referrals, contacts) its case, as the tabs of the case file do."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema

from kim.cases.forms.caseload import STATUS_ALL, STATUS_CLOSED, STATUS_OPEN, CaseFilterForm
from kim.cases.models import Case, Client, Contact, Goal, PhaseTransition, Referral

from ..forms import ClientFilterForm
from ..pagination import NewestFirstCursorPagination
from ..serializers import cases as s
from .base import CaseDataDetailView, CaseDataListView

CLIENTS = ["Klient:innen"]
CASES = ["Fälle"]


class ClientView:
    required_permissions = ("cases.view_client",)
    serializer_class = s.ClientSerializer

    def get_queryset(self):
        user = self.request.user
        return (
            Client.objects.visible_to(user)
            .select_related("residence_status", "interpreter_language")
            .prefetch_related(
                "languages",
                Prefetch(
                    "cases",
                    queryset=Case.objects.visible_to(user).only("pk", "client").order_by("pk"),
                    to_attr="visible_cases",
                ),
            )
            .order_by("last_name", "first_name", "pk")
        )


@extend_schema(tags=CLIENTS, summary="Klient:innen")
class ClientList(ClientView, CaseDataListView):
    filter_form = ClientFilterForm

    def apply_filter_form(self, form, queryset):
        return form.filter(queryset, self.request.user)


@extend_schema(tags=CLIENTS, summary="Klient:in")
class ClientDetail(ClientView, CaseDataDetailView):
    pass


class CaseView:
    required_permissions = ("cases.view_case",)

    def get_queryset(self):
        return Case.objects.visible_to(self.request.user).with_client()


@extend_schema(
    tags=CASES,
    summary="Fälle",
    description=(
        "Die Fälle, die Sie sehen dürfen, neueste zuerst, mit Cursor-Paginierung (Links in "
        f"„next“/„previous“). Ohne `status` nur offene Fälle, wie in der Fallliste; "
        f"`status={STATUS_CLOSED}` die abgeschlossenen, `status={STATUS_ALL}` alle. "
        "Der Filter `case_manager` gilt nur für die Koordination."
    ),
)
class CaseList(CaseView, CaseDataListView):
    serializer_class = s.CaseSerializer
    pagination_class = NewestFirstCursorPagination
    filter_form = CaseFilterForm
    filter_schema = {
        "status": {
            "type": "string",
            "enum": [STATUS_OPEN, STATUS_CLOSED, STATUS_ALL],
            "default": STATUS_OPEN,
        }
    }

    def get_queryset(self):
        # only the columns of a list entry: no client row with its encrypted contact data, no
        # outcome of the case, which would be read and decrypted for every case (issue #12)
        return (
            Case.objects.visible_to(self.request.user)
            .select_related("client", "case_manager")
            .only(
                "number",
                "client__first_name",
                "client__last_name",
                "client__municipality",
                "case_manager__first_name",
                "case_manager__last_name",
                "case_manager__username",
                "access_channel",
                "phase",
                "opened_on",
                "closed_on",
                "closure_reason",
            )
        )

    def get_filter_form_kwargs(self):
        return {"user": self.request.user}


@extend_schema(tags=CASES, summary="Fall mit Phasenverlauf")
class CaseDetail(CaseView, CaseDataDetailView):
    serializer_class = s.CaseDetailSerializer

    def get_queryset(self):
        transitions = PhaseTransition.objects.select_related("by").order_by("at", "pk")
        return super().get_queryset().prefetch_related(Prefetch("transitions", transitions))


class CasePart(CaseDataListView):
    """A sub-resource of one case: its goals, referrals or contacts. Reading it is reading the
    case (logged once per request, like a tab of the case file)."""

    model = None

    @property
    def required_permissions(self):
        return ("cases.view_case", f"cases.view_{self.model._meta.model_name}")

    def get_case(self):
        if not hasattr(self, "_case"):
            self._case = get_object_or_404(
                Case.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
            )
        return self._case

    def logged_objects(self, page):
        return [self.get_case()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks without a case
            return self.model.objects.none()
        return self.model.objects.filter(case=self.get_case())


@extend_schema(tags=CASES, summary="Ziele des Hilfeplans mit Handlungsschritten")
class CaseGoals(CasePart):
    model = Goal
    serializer_class = s.GoalSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("life_domain").prefetch_related("actions")


@extend_schema(tags=CASES, summary="Vermittlungen")
class CaseReferrals(CasePart):
    model = Referral
    serializer_class = s.ReferralSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("life_domain")


@extend_schema(tags=CASES, summary="Beratungskontakte (neueste zuerst, Cursor-Paginierung)")
class CaseContacts(CasePart):
    model = Contact
    serializer_class = s.ContactSerializer
    pagination_class = NewestFirstCursorPagination

    def get_queryset(self):
        return super().get_queryset().select_related("by").prefetch_related("life_domains")
