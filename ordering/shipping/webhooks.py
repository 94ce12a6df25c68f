"""The endpoint carriers call with their tracking events.

Their messages are read by the developers of those services, not by portal
users, so they stay in English and are not translated.
"""

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ordering.shipping.models import Carrier, Shipment, TrackingEvent
from ordering.shipping.services import tracking_event_record
from portal.text import is_storable
from portal.webhooks import webhook_error

# --- Carriers -----------------------------------------------------------------


class TrackingPayloadError(ValueError):
    pass


# Events in one push: a parcel's whole history is a few dozen at most.
MAX_EVENTS = 200


@dataclass(frozen=True)
class CarrierEvent:
    carrier_event_id: str
    occurred_at: datetime
    status: str
    location: str
    description: str


def _carrier_signature_ok(carrier: Carrier, request: HttpRequest) -> bool:
    """``X-Carrier-Signature: sha256=<hex HMAC-SHA256 of the raw body>``."""
    given = request.headers.get("X-Carrier-Signature", "")
    if not carrier.webhook_secret or not given.startswith("sha256="):
        return False
    expected = hmac.new(
        carrier.webhook_secret.encode(), request.body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(
        expected.encode(), given.removeprefix("sha256=").encode()
    )


def _text(event: dict, name: str, where: str, *, required=False, max_length=None):
    value = event.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise TrackingPayloadError(f"{where}.{name} must be a string.")
    if not is_storable(value):
        raise TrackingPayloadError(f"{where}.{name} holds a NUL or a lone surrogate.")
    value = value.strip()
    if required and not value:
        raise TrackingPayloadError(f"{where}.{name} is required.")
    if max_length and len(value) > max_length:
        raise TrackingPayloadError(
            f"{where}.{name} is longer than {max_length} characters."
        )
    return value


def _tracking_payload_parse(body: bytes) -> tuple[str, list[CarrierEvent]]:
    """The tracking number and events of a carrier's push; raise
    ``TrackingPayloadError`` naming the first thing that is wrong."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TrackingPayloadError(f"The body is not JSON: {error}") from error
    except RecursionError as error:
        raise TrackingPayloadError("The body is nested too deeply.") from error
    if not isinstance(data, dict):
        raise TrackingPayloadError("The body must be a JSON object.")
    tracking_number = _text(
        data, "tracking_number", "body", required=True, max_length=60
    )
    raw_events = data.get("events")
    if not isinstance(raw_events, list):
        raise TrackingPayloadError("body.events must be a list.")
    if len(raw_events) > MAX_EVENTS:
        raise TrackingPayloadError(
            f"body.events holds more than {MAX_EVENTS} events: send them in parts."
        )
    events = []
    statuses = TrackingEvent.Status.values
    for index, raw in enumerate(raw_events):
        where = f"events[{index}]"
        if not isinstance(raw, dict):
            raise TrackingPayloadError(f"{where} must be an object.")
        status = _text(raw, "status", where, required=True)
        if status not in statuses:
            raise TrackingPayloadError(
                f"{where}.status {status!r} is not one of {', '.join(statuses)}."
            )
        occurred_text = _text(raw, "occurred_at", where, required=True)
        try:
            occurred_at = datetime.fromisoformat(occurred_text)
        except ValueError:
            occurred_at = None
        if occurred_at is None or occurred_at.utcoffset() is None:
            raise TrackingPayloadError(
                f"{where}.occurred_at {occurred_text!r} is not an ISO 8601 time "
                "with a UTC offset."
            )
        events.append(
            CarrierEvent(
                carrier_event_id=_text(raw, "id", where, required=True, max_length=100),
                occurred_at=occurred_at,
                status=status,
                location=_text(raw, "location", where, max_length=120),
                description=_text(raw, "description", where, max_length=300),
            )
        )
    return tracking_number.replace(" ", ""), events


@csrf_exempt
@require_POST
def carrier_webhook(request: HttpRequest, code: str) -> JsonResponse:
    carrier = Carrier.objects.filter(code=code).first()
    if carrier is None:
        return webhook_error(f"Unknown carrier {code!r}.", 404)
    if not _carrier_signature_ok(carrier, request):
        return webhook_error("Missing or bad X-Carrier-Signature.", 400)
    try:
        tracking_number, events = _tracking_payload_parse(request.body)
    except TrackingPayloadError as error:
        return webhook_error(str(error), 400)
    shipment = Shipment.objects.filter(
        carrier=carrier, tracking_number=tracking_number
    ).first()
    if shipment is None:
        return webhook_error(f"Unknown tracking number {tracking_number!r}.", 404)
    with transaction.atomic():
        created = [
            tracking_event_record(shipment=shipment, **asdict(event))[1]
            for event in events
        ]
    stored = sum(created)
    return JsonResponse({"stored": stored, "duplicates": len(created) - stored})
