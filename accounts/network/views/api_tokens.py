"""API tokens: a person lists theirs, creates one (its secret shown once),
revokes one after confirming.

Tokens are fetched through ``api_tokens_visible_to``: only one's own, so
another person's token answers 404, staff included. Customers have no API:
the pages answer 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.network import services
from accounts.network.forms import ApiTokenForm
from accounts.network.selectors import api_tokens_visible_to


def _require_api_user(request: HttpRequest) -> None:
    if not services.may_use_api(request.user):
        raise Http404


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The person's tokens and the form for a new one. A new token's secret
    is on the answer to the form and nowhere else: not in the session, not
    in the database, so a reload cannot show it again."""
    _require_api_user(request)
    form = ApiTokenForm(request.POST or None)
    created, secret = None, None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except services.ApiTokenError as error:
            form.add_error("name", str(error))
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "tokens": api_tokens_visible_to(request.user),
            "created_id": created.pk if created else None,
            "secret": secret,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_api_user(request)
    token = get_object_or_404(
        api_tokens_visible_to(request.user), pk=pk, revoked_at__isnull=True
    )
    if request.method == "POST":
        services.api_token_revoke(token=token, by=request.user)
        messages.success(
            request,
            _("The token “%(name)s” is revoked: programs using it are refused.")
            % {"name": token.name},
        )
        return redirect("api_tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})
