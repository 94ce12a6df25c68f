"""A fault on the customer's own appliance: the code typed or picked, the
steps safe for them, and a visit asked for in one click."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.aftersales.triage import visit_ask
from accounts.callbacks.services import (
    CallbackError,
    DuplicateCallbackError,
    moment_display,
)
from accounts.customer_space.access import (
    customer_or_404,
    fault_codes_of,
    installation_or_404,
    space_context,
)
from pages.demand import page_read_remember, pages_read_just_before
from pages.search import fault_code_normalise

MAX_PHONE = 30


def _fault(installation, code: str):
    page = fault_codes_of(installation).filter(code=fault_code_normalise(code)).first()
    if page is None:
        raise Http404
    return page


@login_required
def customer_fault_codes(request: HttpRequest, pk: int) -> HttpResponse:
    """The appliance's fault codes by symptom, and a box for the code shown."""
    customer_or_404(request)
    installation = installation_or_404(request, pk)
    typed = request.GET.get("code", "").replace("\x00", "").strip()[:20]
    if typed:
        page = (
            fault_codes_of(installation)
            .filter(code=fault_code_normalise(typed))
            .first()
        )
        if page is not None:
            return redirect("customer_fault_code", pk=pk, code=page.code)
        messages.warning(
            request,
            _("No fault code “%(code)s” is documented for your appliance.")
            % {"code": typed},
        )
    return render(
        request,
        "customer_space/fault_codes.html",
        space_context(
            installation=installation,
            codes=fault_codes_of(installation),
            typed=typed,
        ),
    )


@login_required
def customer_fault_code(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """What the code means and the steps the customer may do alone."""
    customer = customer_or_404(request)
    installation = installation_or_404(request, pk)
    page = _fault(installation, code)
    page_read_remember(request, page.pk)
    return render(
        request,
        "customer_space/fault_code.html",
        space_context(
            installation=installation,
            page=page,
            steps=page.customer_steps(),
            phone=customer.phone,
        ),
    )


@login_required
@require_POST
def customer_visit_ask(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """One click: a callback about this fault, to the installer."""
    customer_or_404(request)
    installation = installation_or_404(request, pk)
    page = _fault(installation, code)
    phone = request.POST.get("phone", "").replace("\x00", "")[:MAX_PHONE]
    try:
        callback = visit_ask(
            installation=installation,
            fault=page,
            by=request.user,
            phone=phone,
            read_before=pages_read_just_before(request),
        )
    except DuplicateCallbackError as error:
        messages.info(request, str(error))
    except CallbackError as error:
        messages.error(request, str(error))
        return redirect("customer_fault_code", pk=pk, code=page.code)
    else:
        who = (
            callback.owner_organisation.name
            if callback.owner_organisation
            else _("Oxyplus customer service")
        )
        messages.success(
            request,
            _("%(who)s will call you back by %(due)s to arrange the visit.")
            % {"who": who, "due": moment_display(callback.due_at)},
        )
    return redirect("customer_installation", pk=pk)
