"""The Customer installations tab: the list, the form, a record, its photos.

Every object is fetched through ``installations_visible_to`` or
``photos_visible_to``: another organisation's answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.customers.forms import InstallationForm, InstallationSearchForm
from accounts.customers.models import Installation, InstallationPhoto
from accounts.customers.schedule import DUE_SOON_DAYS
from accounts.customers.selectors import (
    customers_visible_to_organisation,
    installation_search,
    installations_visible_to,
    phone_matches,
)
from accounts.customers.services.installation_photos import photo_remove, photos_add
from accounts.customers.services.installations import (
    Recorded,
    installation_discard_draft,
    installation_record,
    installation_save_draft,
)
from accounts.customers.services.installers import (
    DuplicateSerialError,
    InstallationError,
    can_record_installations,
)
from accounts.network.rights import active_organisation_of, may, may_any
from portal.pagination import searched_page

PAGE_SIZE = 25
LOOKUP_SHOWN = 8
# What a draft keeps of a posted form: never the CSRF token or the buttons.
NOT_KEPT = {"csrfmiddlewaretoken", "action", "photo", "remove_photo", "looked_up"}


def require_installations(request: HttpRequest) -> None:
    """The tab is for the network's members and the call center; anyone else
    is shown nothing."""
    if not may_any(
        request.user, "installations.view_own", "installations.view_network"
    ):
        raise Http404


def _organisation_recording(request: HttpRequest):
    """The installer the user records for; 403 for buyers, 404 for others."""
    organisation = active_organisation_of(request.user)
    if organisation is None:
        raise Http404
    if not can_record_installations(request.user):
        raise PermissionDenied(_("Only technicians and owners record installations."))
    return organisation


@login_required
def installations(request: HttpRequest) -> HttpResponse:
    """The installer's recorded installations, searchable, and their drafts."""
    require_installations(request)
    visible = installations_visible_to(request.user)
    form = InstallationSearchForm(request.GET or None, installations=visible)
    filters = {}
    if form.is_valid():
        appliance = form.cleaned_data["appliance"]
        filters = {
            "query": form.cleaned_data["q"].strip(),
            "appliance_id": appliance.pk if appliance else None,
            "due_within_days": DUE_SOON_DAYS if form.cleaned_data["due"] else None,
            "recorded_from": form.cleaned_data["recorded_from"],
        }
    found = installation_search(visible, **filters)
    query = filters.get("query", "")
    page = searched_page(found, request, query=query, per_page=PAGE_SIZE)
    drafts = (
        visible.filter(status=Installation.Status.DRAFT)
        .select_related("recorded_by")
        .order_by("-updated_at")[:20]
        if may(request.user, "installations.view_own")
        else []
    )
    return render(
        request,
        "customers/installations.html",
        {
            "active_tab": "installations",
            "form": form,
            "page": page,
            "filtered": any(v for v in filters.values()),
            "drafts": drafts,
            "can_record": can_record_installations(request.user),
        },
    )


def _draft_of(request: HttpRequest, pk: int | None) -> Installation | None:
    if pk is None:
        return None
    return get_object_or_404(
        installations_visible_to(request.user).filter(status=Installation.Status.DRAFT),
        pk=pk,
    )


def _kept_photos(request: HttpRequest, organisation, draft) -> tuple[list, int]:
    """Photos already uploaded with this form, less those the user removed,
    and how many of those sent back are gone (a form left unsaved too long)."""
    tokens = set(request.POST.getlist("photo"))
    removed = set(request.POST.getlist("remove_photo"))
    mine = Q(installation__isnull=True, uploaded_by=request.user)
    if draft is not None:
        mine |= Q(installation=draft)
    photos = list(
        InstallationPhoto.objects.filter(
            mine, organisation=organisation, token__in=tokens
        ).order_by("created_at", "pk")
    )
    for photo in [p for p in photos if p.token in removed]:
        photo_remove(photo=photo, by=request.user)
    return [p for p in photos if p.token not in removed], len(tokens) - len(photos)


def _lookup(organisation, text: str):
    """The installer's customers whose email or phone matches what was typed."""
    text = text.strip()
    if len(text) < 3:
        return []
    match = Q(email__iexact=text) | phone_matches(text)
    return list(
        customers_visible_to_organisation(organisation)
        .filter(match, erased_at__isnull=True)
        .order_by("last_name", "first_name")[:LOOKUP_SHOWN]
    )


def _draft_data(request: HttpRequest) -> dict:
    return {
        key: values if len(values) > 1 or key == "consumables" else values[0]
        for key, values in request.POST.lists()
        if key not in NOT_KEPT
    }


@login_required
def installation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The installation form, new or resumed from a draft.

    Buttons: find a customer, show the appliance's consumables, save as
    draft, record. Whatever the button, what was typed and the photos sent
    come back on the page; only "record" creates the customer's record.
    """
    organisation = _organisation_recording(request)
    draft = _draft_of(request, pk)
    served = customers_visible_to_organisation(organisation)
    context = {"active_tab": "installations", "draft": draft, "matches": None}
    if request.method != "POST":
        form = InstallationForm(
            served_customers=served, initial=draft.draft_data if draft else None
        )
        context["photos"] = list(draft.photos.all()) if draft else []
        context["chosen_customer"] = _chosen(form, served)
        return _render_form(request, form, context)

    action = _action(request.POST)
    photos, photo_errors = _photos_posted(request, organisation, draft)
    if action == "draft":
        return _draft_saved(request, organisation, draft, photos, photo_errors)
    if action in {"find", "appliance"}:
        # Finding a customer or showing the consumables is not a submission:
        # the form comes back as typed, with no "required" errors yet.
        form = InstallationForm(served_customers=served, initial=_draft_data(request))
    else:
        form = InstallationForm(request.POST, request.FILES, served_customers=served)
    context.update(photos=photos, photo_errors=photo_errors)
    if action == "find":
        typed = request.POST.get("customer_lookup", "")
        context.update(matches=_lookup(organisation, typed), looked_up=typed.strip())
    elif action == "record" and form.is_valid() and not photo_errors:
        recorded = _recorded(request, form, organisation, draft, photos)
        if recorded is not None:
            _report(request, recorded)
            return redirect("installation_detail", pk=recorded.installation.pk)
    context["chosen_customer"] = _chosen(form, served)
    status = 200 if action in {"find", "appliance"} else 400
    return _render_form(request, form, context, status=status)


def _photos_posted(request: HttpRequest, organisation, draft) -> tuple[list, list]:
    """The form's photos after this post (kept, less removed, plus uploads) and
    what to say about those refused or lost."""
    kept, lost = _kept_photos(request, organisation, draft)
    added = photos_add(
        organisation=organisation,
        by=request.user,
        kept=kept,
        uploads=request.FILES.getlist("photos"),
    )
    errors = list(added.refused)
    if lost:
        errors.insert(
            0,
            ngettext(
                "A photo sent earlier with this form is no longer kept (forms "
                "left unsaved lose their photos): add it again.",
                "%(count)s photos sent earlier with this form are no longer kept "
                "(forms left unsaved lose their photos): add them again.",
                lost,
            )
            % {"count": lost},
        )
    return added.photos, errors


def _draft_saved(request, organisation, draft, photos, photo_errors) -> HttpResponse:
    draft = installation_save_draft(
        organisation=organisation,
        by=request.user,
        installation=draft,
        form_data=_draft_data(request),
        photos=photos,
    )
    messages.success(request, _("Draft saved. Finish it from the installations tab."))
    for error in photo_errors:  # the draft page must say what was refused
        messages.error(request, error)
    return redirect("installation_draft", pk=draft.pk)


def _recorded(request, form, organisation, draft, photos) -> Recorded | None:
    """Record the installation; None with the refusal on the form."""
    try:
        return installation_record(
            organisation=organisation,
            by=request.user,
            details=form.details(),
            draft=draft,
            photos=photos,
        )
    except DuplicateSerialError as error:
        form.add_error("serial_number", str(error))
    except InstallationError as error:
        form.add_error(None, str(error))
    return None


def _action(data) -> str:
    """The button pressed. Enter presses the form's first one, "enter": in the
    customer search with a text not searched yet it finds, elsewhere it records."""
    action = data.get("action", "record")
    if action != "enter":
        return action
    typed = data.get("customer_lookup", "").strip()
    if typed and typed != data.get("looked_up", "").strip():
        return "find"
    return "record"


def _chosen(form: InstallationForm, served):
    raw = form.data.get("customer") if form.is_bound else form.initial.get("customer")
    if not raw or not str(raw).isdigit():
        return None
    return served.filter(pk=raw).first()


def _report(request: HttpRequest, recorded: Recorded) -> None:
    messages.success(request, _("Installation recorded."))
    if recorded.joined_existing_customer:
        messages.info(
            request,
            _(
                "This email already had an Oxyplus customer record: the "
                "installation was added to it."
            ),
        )
    if recorded.invited:
        messages.info(
            request,
            _("The customer was emailed a link to their customer space."),
        )
    if recorded.link_requested:
        messages.info(
            request,
            _(
                "This email address is already known to Oxyplus. For the "
                "customer's privacy, the installation keeps the details you "
                "entered, and we emailed the customer to ask whether it may "
                "join their existing record."
            ),
        )


def _render_form(request, form, context, status=200) -> HttpResponse:
    context["form"] = form
    context["consumable_rows"] = [
        {
            "row": row,
            "checked": str(row.part_id) in (form["consumables"].value() or []),
            "quantity": form.quantity_of(row.part_id, row.quantity_per_change),
        }
        for row in form.rows
    ]
    return render(request, "customers/installation_form.html", context, status=status)


@login_required
def installation_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete a draft and its photos."""
    _organisation_recording(request)
    draft = _draft_of(request, pk)
    if request.method == "POST":
        installation_discard_draft(installation=draft, by=request.user)
        messages.success(request, _("Draft deleted."))
        return redirect("installations")
    return render(
        request,
        "customers/installation_discard.html",
        {"active_tab": "installations", "draft": draft},
    )
