"""Reads of the directory. The directory holds no personal data of clients; who may read it is a
role permission (``directory.view_*``), checked through ``visible_to``."""

from django.db import models
from django.db.models import Case, Q, Value, When


class DirectoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        opts = self.model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return self
        return self.none()


def _age_q(age: int | None, prefix: str = "") -> Q:
    """Rows whose age band (``min_age``/``max_age`` under ``prefix``) includes ``age``."""
    if age is None:
        return Q()
    return (Q(**{f"{prefix}min_age__isnull": True}) | Q(**{f"{prefix}min_age__lte": age})) & (
        Q(**{f"{prefix}max_age__isnull": True}) | Q(**{f"{prefix}max_age__gte": age})
    )


class ResponsibilityQuerySet(DirectoryQuerySet):
    def with_details(self):
        return self.select_related(
            "municipality",
            "legal_domain",
            "service__type",
            "service__provider",
            "office__organisation",
            "office__municipality",
        ).prefetch_related("office__contact_persons")

    def for_need(self, municipality, *, legal_domain=None, service_type=None, age=None):
        """The responsibility finder: who answers for this need in this municipality (at this age).

        An age narrows by the responsibility's own age band and by the age band of its service
        (JMD: 12 to 27). Entries marked "unbekannt" are returned too: the finder shows them.
        """
        qs = self.filter(municipality=municipality)
        if legal_domain is not None:
            qs = qs.filter(legal_domain=legal_domain)
        if service_type is not None:
            qs = qs.filter(service__type=service_type)
        qs = qs.filter(_age_q(age)).filter(Q(service__isnull=True) | _age_q(age, "service__"))
        # offices in the client's own municipality first: the shortest way for the client
        local_first = Case(When(office__municipality=municipality, then=Value(0)), default=Value(1))
        return qs.with_details().order_by(
            "status", local_first, "office__organisation__name", "office__name"
        )
