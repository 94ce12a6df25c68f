"""Endpoints that Stripe and the carriers call (written with the tests)."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def stripe_webhook(request):
    return HttpResponse(status=501)


@csrf_exempt
@require_POST
def carrier_webhook(request, code):
    return HttpResponse(status=501)
