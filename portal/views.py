from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where everybody lands after login: the reseller space or the staff desk."""
    if request.user.is_staff:
        return render(request, "portal/staff_home.html", {"active_tab": "home"})
    return render(
        request,
        "portal/reseller_home.html",
        {"membership": request.membership, "active_tab": "home"},
    )
