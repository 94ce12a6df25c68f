from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    """Orders and tracking tab; ordering arrives with the Orders issue."""
    return render(request, "ordering/orders.html", {"active_tab": "orders"})


@login_required
def stock(request: HttpRequest) -> HttpResponse:
    """Stock tab; availability arrives with the Orders issue."""
    return render(request, "ordering/stock.html", {"active_tab": "stock"})
