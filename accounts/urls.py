from django.urls import path

from . import views

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(
        "invitations/<str:token>/renew/",
        views.invitation_renew,
        name="invitation_renew",
    ),
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
    path("reseller/installations/", views.installations, name="installations"),
]
