"""The safety notice pages: the installer's, the customer's, the managers'
follow-up. Thin: each finds the object through its visibility selector (404
otherwise), calls a service, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.aftersales.notices import selectors, services
from accounts.aftersales.notices.forms import NoticeDoneForm
from accounts.network.rights import may
from pages.models import SafetyNoticePage

FOLLOW_PAGE_SIZE = 25


def _unit_notice(request: HttpRequest, pk: int, right: str):
    if not may(request.user, right):
        raise Http404
    return get_object_or_404(
        selectors.unit_notices_visible_to(request.user).select_related(
            "notice", "installation__appliance", "installation__customer", "visit"
        ),
        pk=pk,
    )


@login_required
def unit_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The installer's notice on one unit: read it, then record the action."""
    row = _unit_notice(request, pk, "notices.acknowledge")
    form = NoticeDoneForm(installation_id=row.installation_id)
    if request.method == "POST":
        if request.POST.get("action") == "done":
            form = NoticeDoneForm(request.POST, installation_id=row.installation_id)
            if form.is_valid():
                try:
                    services.unit_notice_done(
                        unit_notice=row,
                        by=request.user,
                        note=form.cleaned_data["note"],
                        visit=form.cleaned_data["visit"],
                    )
                except services.NoticeError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("Action recorded as done."))
                    return redirect("unit_notice", pk=row.pk)
        else:
            services.unit_notice_read(unit_notice=row, by=request.user)
            messages.success(request, _("Notice marked as read."))
            return redirect("unit_notice", pk=row.pk)
    return render(
        request,
        "aftersales/unit_notice.html",
        {
            "active_tab": "home",
            "row": row,
            "notice": row.notice,
            "form": form,
            "overdue": row.done_at is None and row.due_on < timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def customer_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """A notice on the customer's own appliance: what the installer will do."""
    row = _unit_notice(request, pk, "customer_space.use")
    if request.method == "POST":
        services.unit_notice_customer_read(unit_notice=row)
        messages.success(request, _("Notice marked as read."))
        return redirect("customer_home")
    return render(
        request,
        "aftersales/customer_notice.html",
        {"active_tab": "customer", "row": row, "notice": row.notice},
    )


@login_required
def notice_follow_list(request: HttpRequest) -> HttpResponse:
    """Every published notice and how far its units are (managers)."""
    if not may(request.user, "notices.follow"):
        raise Http404
    page = Paginator(selectors.notices_followed(request.user), FOLLOW_PAGE_SIZE)
    return render(
        request,
        "aftersales/notice_follow_list.html",
        {
            "active_tab": "dashboard",
            "page": page.get_page(request.GET.get("page")),
        },
    )


@login_required
def notice_follow(request: HttpRequest, page_id: int) -> HttpResponse:
    """One notice: its figures, per reseller, and its units (overdue first)."""
    if not may(request.user, "notices.follow"):
        raise Http404
    # By "id" (the page's own integer), not "pk" (the parent link): an id
    # beyond any database integer then finds nothing instead of failing.
    notice = get_object_or_404(SafetyNoticePage, id=page_id)
    overdue_only = request.GET.get("overdue") == "1"
    units = Paginator(
        selectors.notice_units(notice, overdue_only=overdue_only), FOLLOW_PAGE_SIZE
    )
    return render(
        request,
        "aftersales/notice_follow.html",
        {
            "active_tab": "dashboard",
            "notice": notice,
            "totals": selectors.notice_totals(notice),
            "resellers": list(selectors.notice_by_reseller(notice)),
            "page": units.get_page(request.GET.get("page")),
            "overdue_only": overdue_only,
            "today": timezone.localdate(),
        },
    )
