"""Base of every API view: read-only, exempt from the web login redirect (the API answers 401
problem+json itself), role permissions checked like ``permission_required`` on the web pages,
filters through the web forms (``filters.py``), and the access log for case data."""

from django.contrib.auth.decorators import login_not_required
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..access_log import log_read
from ..filters import FormFilterBackend
from ..permissions import HasRolePermissions


class ApiView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, HasRolePermissions]
    filter_backends = [FormFilterBackend]
    required_permissions: tuple[str, ...] = ()
    filter_form = None
    filter_schema: dict = {}

    @classmethod
    def as_view(cls, **initkwargs):
        # LoginRequiredMiddleware would redirect to the login page; the API authenticates itself
        return login_not_required(super().as_view(**initkwargs))

    def get_filter_form_kwargs(self):
        return {}

    def apply_filter_form(self, form, queryset):
        return form.filter(queryset)


class ListView(ApiView, generics.ListAPIView):
    pass


class DetailView(ApiView, generics.RetrieveAPIView):
    # the filters of a list never hide one object (a closed case is found by its ID)
    filter_backends = []


class CaseDataListView(ListView):
    """A list of case data: every listed object (``logged_objects``) is in the access log."""

    def logged_objects(self, page):
        return page

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        log_read(request, self.logged_objects(page))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CaseDataDetailView(DetailView):
    """One object of case data, logged as read."""

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        log_read(request, [obj])
        return Response(self.get_serializer(obj).data)
