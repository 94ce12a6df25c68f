"""Views of the documentation that are not plain page renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ordering.catalogue.models import Product
from pages import services
from pages.models import DocumentationIndexPage
from pages.selectors import can_read_documentation, subscribed_appliance_ids
from portal.redirects import next_url


def _require_reader(request: HttpRequest) -> None:
    if not can_read_documentation(request.user):
        raise Http404


@login_required
def documentation(request: HttpRequest) -> HttpResponse:
    """The Documentation tab opens the documentation index page."""
    _require_reader(request)
    index = DocumentationIndexPage.objects.live().first()
    if index is None:
        return render(
            request, "pages/documentation.html", {"active_tab": "documentation"}
        )
    # Keep the filter: fault code pages link here with ?q=<appliance>.
    query = request.GET.urlencode()
    return redirect(index.get_url(request) + (f"?{query}" if query else ""))


@login_required
def subscriptions(request: HttpRequest) -> HttpResponse:
    """Which appliances' documentation changes the reseller hears about."""
    _require_reader(request)
    appliances = Product.objects.filter(
        kind=Product.Kind.APPLIANCE, is_active=True
    ).order_by("name", "pk")
    if request.method == "POST":
        # Ids come from the checkboxes; anything else names no appliance.
        ids = [v for v in request.POST.getlist("appliance") if v.isdecimal()]
        chosen = appliances.filter(pk__in=ids)
        services.subscriptions_set(user=request.user, appliances=list(chosen))
        messages.success(request, _("Your documentation alerts are saved."))
        return redirect("documentation_subscriptions")
    return render(
        request,
        "pages/subscriptions.html",
        {
            "appliances": appliances,
            "subscribed": subscribed_appliance_ids(user=request.user),
            "active_tab": "documentation",
        },
    )


@require_POST
@login_required
def subscription_toggle(request: HttpRequest, appliance_id: int) -> HttpResponse:
    """Follow or stop following one appliance, from its technical sheet."""
    _require_reader(request)
    appliance = Product.objects.filter(
        kind=Product.Kind.APPLIANCE, is_active=True, pk=appliance_id
    ).first()
    if appliance is None:
        raise Http404
    following = services.subscription_toggle(user=request.user, appliance=appliance)
    if following:
        messages.success(
            request,
            _("You will get an email when the documentation of %(appliance)s changes.")
            % {"appliance": appliance.name},
        )
    else:
        messages.success(
            request,
            _("You will no longer get emails about %(appliance)s.")
            % {"appliance": appliance.name},
        )
    return redirect(next_url(request, reverse("documentation_subscriptions")))
