"""Pages of the reseller network: invitations, teams, suspension, API tokens."""

from django.urls import path

from accounts.network.views import api_tokens
from accounts.network.views import team as views

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(
        "invitations/<str:token>/renew/",
        views.invitation_renew,
        name="invitation_renew",
    ),
    path("access-suspended/", views.access_suspended, name="access_suspended"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/team/", views.team, name="team"),
    path(
        "organisations/<slug:slug>/team/members/<int:pk>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "organisations/<slug:slug>/team/members/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "organisations/<slug:slug>/team/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<slug:slug>/team/invitations/<int:pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "organisations/<slug:slug>/suspend/",
        views.organisation_suspend,
        name="organisation_suspend",
    ),
    path(
        "organisations/<slug:slug>/reactivate/",
        views.organisation_reactivate,
        name="organisation_reactivate",
    ),
    # Personal tokens for the REST API.
    path("account/api-tokens/", api_tokens.api_tokens, name="api_tokens"),
    path(
        "account/api-tokens/<int:pk>/revoke/",
        api_tokens.api_token_revoke,
        name="api_token_revoke",
    ),
]
