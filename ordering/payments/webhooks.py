"""The endpoint Stripe calls.

Its messages are read by Stripe's and our developers, not by portal users,
so they stay in English and are not translated.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ordering.orders.services.methods import card_payments_enabled
from ordering.payments import stripe as payments
from portal.webhooks import webhook_error


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    if not card_payments_enabled():
        return webhook_error("Card payments are not configured.", 404)
    try:
        handled = payments.webhook_receive(
            payload=request.body,
            signature=request.headers.get("Stripe-Signature", ""),
        )
    except payments.WebhookSignatureError as error:
        return webhook_error(f"Bad signature: {error}", 400)
    except payments.WebhookPayloadError as error:
        return webhook_error(str(error), 400)
    except payments.PaymentProviderError:
        # Stripe delivers the event again later, when we can read the payment.
        return webhook_error("Stripe could not be reached; send the event again.", 503)
    return JsonResponse({"received": True, "duplicate": not handled})
