"""Team management, invitations and the staff list of resellers.

Views parse, call a service or selector, and render. Objects are always
fetched through a ``…_visible_to(user)`` selector, so another organisation's
object answers 404.
"""

from collections.abc import Callable
from functools import partial

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.network import services
from accounts.network.forms import (
    InvitationAcceptForm,
    InvitationForm,
    RoleForm,
    SuspendForm,
)
from accounts.network.models import Organisation, Role
from accounts.network.rights import may
from accounts.network.selectors import (
    invitations_open,
    invitations_visible_to,
    memberships_visible_to,
    organisations_managed_by,
    organisations_visible_to,
    team_members,
)
from accounts.network.suspension import suspension_noted


def _visible_organisation(request: HttpRequest, slug: str) -> Organisation:
    return get_object_or_404(organisations_visible_to(request.user), slug=slug)


def _require_manager(request: HttpRequest, organisation: Organisation) -> None:
    """403 for colleagues who are not owners; checked after every 404 lookup,
    so that another organisation's objects are never confirmed to exist."""
    if not organisations_managed_by(request.user).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("Only the organisation's owners manage its team."))


def _team_url(organisation: Organisation) -> str:
    return reverse("team", args=[organisation.slug])


@login_required
def team(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _visible_organisation(request, slug)
    _require_manager(request, organisation)
    form = InvitationForm(request.POST or None)
    question = None  # about a pending invitation for the same address
    if request.method == "POST" and form.is_valid():
        invitation, question = _invite(request, organisation, form)
        if invitation is not None:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link is valid for 7 days.")
                % {"email": invitation.email},
            )
            return redirect(_team_url(organisation))
    members = Paginator(team_members(organisation=organisation), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/team.html",
        {
            "organisation": organisation,
            "members": members,
            "invitations": invitations_open(organisation=organisation),
            "form": form,
            "question": question,
            "active_tab": "team",
        },
        status=409 if question else 400 if form.errors else 200,
    )


def _invite(request: HttpRequest, organisation: Organisation, form: InvitationForm):
    """The invitation sent, or the question to ask first (an invitation is
    already pending for the address), or neither with the error on the form."""
    try:
        invitation, _token = services.invitation_create(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
            # Only the confirmation step's button sends it.
            replace=request.POST.get("replace") == "1",
        )
    except services.InvitationPendingError as pending:
        return None, {
            "text": str(pending),
            "invitation": pending.pending,
            "email": form.cleaned_data["email"],
            "role": pending.role,
            "replace": isinstance(pending, services.InvitationReplaceError),
        }
    except services.TeamError as error:
        form.add_error("email", str(error))
        return None, None
    return invitation, None


def _team_object(request: HttpRequest, slug: str, pk: int, visible_to: Callable):
    """The organisation and one of its members or invitations, each looked up
    through its visibility selector before the owner check."""
    organisation = _visible_organisation(request, slug)
    found = get_object_or_404(
        visible_to(request.user), organisation=organisation, pk=pk
    )
    _require_manager(request, organisation)
    return organisation, found


def _apply(request: HttpRequest, change: Callable[[], object], success: str) -> bool:
    """Run a team service; report its refusal or its success as a message."""
    try:
        change()
    except services.TeamError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


@login_required
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, membership = _team_object(request, slug, pk, memberships_visible_to)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        _apply(
            request,
            partial(
                services.membership_change_role,
                membership=membership,
                role=role,
                by=request.user,
            ),
            _("%(name)s now has the role %(role)s.")
            % {"name": membership.user, "role": Role(role).label},
        )
        return redirect(_team_url(organisation))
    return render(
        request,
        "accounts/member_role.html",
        {"organisation": organisation, "membership": membership, "form": form},
    )


@login_required
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, membership = _team_object(request, slug, pk, memberships_visible_to)
    if request.method == "POST":
        removed = _apply(
            request,
            partial(services.membership_remove, membership=membership, by=request.user),
            _("%(name)s was removed from the team and can no longer log in.")
            % {"name": membership.user},
        )
        if removed and membership.user_id == request.user.pk:
            return redirect("account_login")
        return redirect(_team_url(organisation))
    return render(
        request,
        "accounts/member_remove.html",
        {"organisation": organisation, "membership": membership},
    )


@login_required
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, invitation = _team_object(request, slug, pk, invitations_visible_to)
    if request.method == "POST":
        _apply(
            request,
            partial(services.invitation_revoke, invitation=invitation, by=request.user),
            _("The invitation for %(email)s was withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
        return redirect(_team_url(organisation))
    return render(
        request,
        "accounts/invitation_revoke.html",
        {"organisation": organisation, "invitation": invitation},
    )


@login_required
@require_POST
def invitation_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, invitation = _team_object(request, slug, pk, invitations_visible_to)
    _apply(
        request,
        partial(services.invitation_resend, invitation=invitation, by=request.user),
        _("A new invitation was sent to %(email)s; the previous link no longer works.")
        % {"email": invitation.email},
    )
    return redirect(_team_url(organisation))


# Why an invitation link cannot be used: the page to show and its status.
LINK_REFUSED = {
    "invalid": ("accounts/invitation_invalid.html", 404),
    "unusable": ("accounts/invitation_unusable.html", 410),
    # Accepting would mix two identities, or move someone between resellers.
    "signed_in": ("accounts/invitation_signed_in.html", 409),
    # Only the address's owner reads this page: the inviter was told nothing
    # about who holds an account.
    "account_exists": ("accounts/invitation_account_exists.html", 409),
}


def _link_refusal(request: HttpRequest, invitation) -> str | None:
    if invitation is None:
        return "invalid"
    if not invitation.is_pending:
        return "unusable"
    if request.user.is_authenticated:
        return "signed_in"
    if services.invitation_address_has_account(invitation=invitation):
        return "account_exists"
    return None


def _link_refused(request: HttpRequest, refusal: str, context: dict) -> HttpResponse:
    template, status = LINK_REFUSED[refusal]
    return render(request, template, context, status=status)


def _welcome(request: HttpRequest, user, organisation: Organisation) -> HttpResponse:
    """The new member is signed in and lands on the portal's home."""
    messages.success(
        request,
        _("Welcome to the %(organisation)s team on the Oxyplus portal.")
        % {"organisation": organisation},
    )
    return perform_login(
        request, user, email_verification="none", redirect_url=reverse("home")
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token=token)
    context = {"invitation": invitation, "token": token}
    refusal = _link_refusal(request, invitation)
    if refusal:
        return _link_refused(request, refusal, context)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except services.InvitationUnusableError:
            invitation.refresh_from_db()
            return _link_refused(request, "unusable", context)
        except services.AddressHasAccountError:
            return _link_refused(request, "account_exists", context)
        except services.TeamError as error:
            form.add_error(None, str(error))
        else:
            return _welcome(request, user, invitation.organisation)
    context["form"] = form
    return render(
        request,
        "accounts/invitation_accept.html",
        context,
        status=400 if form.errors else 200,
    )


@require_POST
def invitation_renew(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token=token)
    if invitation is None:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"invitation": None, "token": token},
            status=404,
        )
    try:
        services.invitation_request_renewal(token=token)
    except services.InvitationUnusableError:
        messages.info(
            request,
            _("This invitation was already used: log in, or reset your password."),
        )
    except services.TeamError as error:
        messages.info(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Your request was sent to %(organisation)s. You will receive a new "
                "invitation by email."
            )
            % {"organisation": invitation.organisation},
        )
    return redirect("invitation_accept", token=token)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Managers: every reseller, searchable, with its team size."""
    if not may(request.user, "resellers.manage"):
        raise PermissionDenied(_("The list of resellers is for Oxyplus managers."))
    query = request.GET.get("q", "").strip()[:100]
    organisations = organisations_visible_to(request.user).annotate(
        member_count=Count("memberships", filter=Q(memberships__user__is_active=True))
    )
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query)
            | Q(legal_identifier__icontains=query)
            | Q(territory__postcode_prefix__startswith=query)
        ).distinct()
    page = Paginator(organisations.order_by("name"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/organisation_list.html",
        {"page": page, "query": query, "active_tab": "organisations"},
    )


def _organisation_for_status_change(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(organisations_visible_to(request.user), slug=slug)
    if not may(request.user, "resellers.manage"):
        raise PermissionDenied(_("Only managers suspend or reactivate a reseller."))
    return organisation


@login_required
def organisation_suspend(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_status_change(request, slug)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.organisation_suspend(
            organisation=organisation,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(
            request,
            _("%(organisation)s is suspended; its members were signed out.")
            % {"organisation": organisation},
        )
        return redirect(_team_url(organisation))
    return render(
        request,
        "accounts/organisation_suspend.html",
        {"organisation": organisation, "form": form},
    )


@login_required
@require_POST
def organisation_reactivate(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_status_change(request, slug)
    services.organisation_reactivate(organisation=organisation, by=request.user)
    messages.success(
        request,
        _("%(organisation)s is active again.") % {"organisation": organisation},
    )
    return redirect(_team_url(organisation))


def access_suspended(request: HttpRequest) -> HttpResponse:
    """Why a suspended reseller's member was signed out or refused at login,
    and whom to contact; the note in their session names the organisation."""
    organisation = suspension_noted(request.session)
    if organisation is None:
        return redirect("account_login")
    return render(
        request, "accounts/suspended.html", {"organisation": organisation}, status=403
    )
