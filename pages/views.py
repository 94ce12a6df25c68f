"""Views of the documentation that are not plain page renders."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ordering.models import Product
from portal.redirects import next_url

from . import services
from .models import DocumentationIndexPage, FaultCodePage
from .selectors import (
    appliance_docs,
    appliances_documented,
    can_read_documentation,
    consumables_table,
    fault_codes,
    subscribed_appliance_ids,
)

PAGE_SIZE = 25


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


def appliance_library(request: HttpRequest) -> dict:
    """Context of the index page: appliances with their sheet and manual."""
    query = request.GET.get("q", "").strip()[:100]
    paginator = Paginator(appliances_documented(query=query), PAGE_SIZE)
    results = paginator.get_page(request.GET.get("page"))
    return {
        "query": query,
        "results": results,
        "library": appliance_docs(list(results.object_list)),
    }


def _appliance_filter() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=gettext_lazy("Appliance"),
        queryset=Product.objects.filter(kind=Product.Kind.APPLIANCE, is_active=True),
        required=False,
        empty_label=gettext_lazy("All appliances"),
    )


class FaultCodeFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Code or symptom"), required=False)
    appliance = _appliance_filter()
    severity = forms.ChoiceField(
        label=gettext_lazy("Severity"),
        choices=[("", gettext_lazy("All"))] + FaultCodePage.Severity.choices,
        required=False,
    )
    technician = forms.ChoiceField(
        label=gettext_lazy("Technician"),
        choices=[
            ("", gettext_lazy("All")),
            ("yes", gettext_lazy("Technician required")),
            ("no", gettext_lazy("Reseller can fix")),
        ],
        required=False,
    )


def fault_code_list_context(request: HttpRequest, *, index) -> dict:
    form = FaultCodeFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        technician = {"yes": True, "no": False}.get(data["technician"])
        filters = {
            "query": data["q"].strip(),
            "appliance": data["appliance"],
            "severity": data["severity"],
            "technician_required": technician,
        }
    codes = fault_codes(**filters).prefetch_related("appliances")
    results = Paginator(codes, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"form": form, "results": results, "active_tab": "documentation"}


class ConsumablesFilterForm(forms.Form):
    appliance = _appliance_filter()
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("All parts"))]
        + [c for c in Product.Kind.choices if c[0] != Product.Kind.APPLIANCE],
        required=False,
    )
    paper = forms.ChoiceField(
        label=gettext_lazy("Poster size"),
        choices=[("a4", "A4"), ("a3", "A3")],
        required=False,
    )


def consumables_table_context(request: HttpRequest) -> dict:
    form = ConsumablesFilterForm(request.GET or None)
    appliance, kind, paper = None, "", "a4"
    if form.is_valid():
        appliance = form.cleaned_data["appliance"]
        kind = form.cleaned_data["kind"]
        paper = form.cleaned_data["paper"] or "a4"
    groups: dict[int, dict] = {}
    for row in consumables_table(appliance=appliance, kind=kind):
        group = groups.setdefault(
            row.appliance_id, {"appliance": row.appliance, "rows": []}
        )
        group["rows"].append(row)
    return {
        "form": form,
        "groups": list(groups.values()),
        "paper": paper,
        "active_tab": "documentation",
    }


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
