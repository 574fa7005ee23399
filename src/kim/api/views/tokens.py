"""The page "API-Zugänge": a user creates and revokes their own personal access tokens. The token
is shown once, on the page that answers the creation, and never again (only its hash is kept)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import services
from ..forms import TokenForm
from ..models import ApiToken

TEMPLATES = "api/"


def _page(request, form, *, created=None, raw=None, status=200):
    context = {
        "form": form,
        "tokens": ApiToken.objects.visible_to(request.user),
        "created": created,
        "raw_token": raw,
    }
    return render(request, TEMPLATES + "tokens.html", context, status=status)


@never_cache
def token_list(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.create_token(request.user, **form.cleaned_data)
        except services.ApiTokenError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            # answered directly, not redirected: the raw token must not be kept anywhere
            return _page(request, TokenForm(), created=token, raw=raw)
    return _page(request, form, status=400 if form.is_bound else 200)


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    try:
        services.revoke_token(token, by=request.user)
    except services.ApiTokenError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Der Zugang „%(name)s“ ist widerrufen und kann nicht mehr benutzt werden.")
            % {"name": token.name},
        )
    return redirect("api:token_list")
