from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def documentation(request: HttpRequest) -> HttpResponse:
    """Documentation tab; editors' content arrives with the Documentation issue."""
    return render(request, "pages/documentation.html", {"active_tab": "documentation"})
