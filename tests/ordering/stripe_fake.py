"""A local stand-in for Stripe's HTTP API, for the real ``stripe`` library.

It serves the few endpoints the portal calls (Checkout Sessions, Payment
Intents, Refunds) on 127.0.0.1, answers with JSON shaped like Stripe's
objects, replays a request sent again with the same ``Idempotency-Key``
and records every request so a test can say what reached "Stripe".
"""

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

API_VERSION = "2026-10-28.endive"


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, str]  # flat, as Stripe receives them: "a[0][b]": "1"
    headers: dict[str, str]


class StripeError(Exception):
    def __init__(self, status: int, message: str, *, param=None, code=None, kind=None):
        super().__init__(message)
        self.status = status
        self.body = {
            "error": {
                "type": kind or "invalid_request_error",
                "message": message,
                "param": param,
                "code": code,
            }
        }


class StripeFake:
    """Start with ``start()``; ``url`` is what ``base_addresses["api"]`` takes."""

    def __init__(self, api_key: str = "sk_test_fake"):
        self.api_key = api_key
        self.requests: list[RecordedRequest] = []
        self.sessions: dict[str, dict] = {}
        self.intents: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self._replies: dict[str, tuple[str, str, dict, int, dict]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- life cycle -----------------------------------------------------------

    def start(self) -> "StripeFake":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- what tests read and set ----------------------------------------------

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        """Requests received for ``path`` (a prefix ending in ``/`` matches
        every object under it)."""
        return [
            r
            for r in self.requests
            if r.method == method
            and (r.path == path or (path.endswith("/") and r.path.startswith(path)))
        ]

    def complete_session(self, session_id: str, *, intent_status="succeeded") -> dict:
        """The payer went through the Checkout page: the session gets its
        payment intent, in ``intent_status``. Returns the session object."""
        with self._lock:
            session = self.sessions[session_id]
            intent = self._intent_create(
                amount=session["amount_total"],
                currency=session["currency"],
                status=intent_status,
                metadata=session["payment_intent_metadata"],
            )
            session.update(
                status="complete",
                payment_status="paid" if intent_status == "succeeded" else "unpaid",
                payment_intent=intent["id"],
            )
            return _public_session(session)

    def expire_session(self, session_id: str) -> dict:
        with self._lock:
            session = self.sessions[session_id]
            session["status"] = "expired"
            return _public_session(session)

    def set_intent_status(self, intent_id: str, status: str) -> dict:
        with self._lock:
            self.intents[intent_id]["status"] = status
            return dict(self.intents[intent_id])

    # --- the API --------------------------------------------------------------

    def handle(self, method: str, path: str, params: dict, headers: dict):
        """Answer one request: (status, JSON body, extra headers)."""
        with self._lock:
            self.requests.append(RecordedRequest(method, path, params, headers))
            if headers.get("Authorization") != f"Bearer {self.api_key}":
                error = StripeError(
                    401, "Invalid API Key provided.", kind="invalid_request_error"
                )
                return error.status, error.body, {}
            key = headers.get("Idempotency-Key")
            if method == "POST" and key:
                replay = self._replies.get(key)
                if replay is not None:
                    if replay[:3] != (method, path, params):
                        error = StripeError(
                            400,
                            "Keys for idempotent requests can only be used with "
                            "the same parameters they were first used with.",
                            kind="idempotency_error",
                        )
                        return error.status, error.body, {}
                    return replay[3], replay[4], {"Idempotent-Replayed": "true"}
            try:
                status, body = 200, self._route(method, path, params)
            except StripeError as error:
                status, body = error.status, error.body
            if method == "POST" and key:
                self._replies[key] = (method, path, params, status, body)
            return status, body, {}

    def _route(self, method: str, path: str, params: dict) -> dict:
        if method == "POST" and path == "/v1/checkout/sessions":
            return _public_session(self._session_create(params))
        if method == "GET" and (
            m := re.fullmatch(r"/v1/checkout/sessions/(\w+)", path)
        ):
            return _public_session(self._find(self.sessions, m[1], "checkout.session"))
        if method == "GET" and (m := re.fullmatch(r"/v1/payment_intents/(\w+)", path)):
            return dict(self._find(self.intents, m[1], "payment_intent"))
        if method == "POST" and path == "/v1/refunds":
            return self._refund_create(params)
        raise StripeError(404, f"Unrecognized request URL ({method}: {path}).")

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_test_{next(self._ids):06d}"

    @staticmethod
    def _find(objects: dict, object_id: str, kind: str) -> dict:
        if object_id not in objects:
            raise StripeError(
                404,
                f"No such {kind}: '{object_id}'",
                param="id",
                code="resource_missing",
            )
        return objects[object_id]

    def _session_create(self, params: dict) -> dict:
        for required in ("mode", "success_url", "line_items[0][quantity]"):
            if not params.get(required):
                raise StripeError(
                    400,
                    f"Missing required param: {required}.",
                    param=required,
                    code="parameter_missing",
                )
        amount, currencies = 0, set()
        for index in itertools.count():
            prefix = f"line_items[{index}]"
            if f"{prefix}[quantity]" not in params:
                break
            quantity = int(params[f"{prefix}[quantity]"])
            amount += quantity * int(params[f"{prefix}[price_data][unit_amount]"])
            currencies.add(params[f"{prefix}[price_data][currency]"])
        if len(currencies) != 1:
            raise StripeError(400, "All line items must use one currency.")
        session_id = self._new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params["mode"],
            "status": "open",
            "payment_status": "unpaid",
            # Since API 2022-08-01 the intent exists only once the payer acts.
            "payment_intent": None,
            "amount_total": amount,
            "currency": currencies.pop(),
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "metadata": _sub_dict(params, "metadata"),
            "payment_intent_metadata": _sub_dict(
                params, "payment_intent_data[metadata]"
            ),
            "success_url": params["success_url"],
            "cancel_url": params.get("cancel_url"),
            "url": f"https://checkout.stripe.test/c/pay/{session_id}",
            "expires_at": int(time.time()) + 24 * 3600,
            "livemode": False,
        }
        self.sessions[session_id] = session
        return session

    def _intent_create(self, *, amount, currency, status, metadata) -> dict:
        intent = {
            "id": self._new_id("pi"),
            "object": "payment_intent",
            "amount": amount,
            "amount_received": amount if status == "succeeded" else 0,
            "currency": currency,
            "status": status,
            "metadata": metadata,
            "latest_charge": self._new_id("ch"),
            "livemode": False,
        }
        self.intents[intent["id"]] = intent
        return intent

    def _refund_create(self, params: dict) -> dict:
        intent_id = params.get("payment_intent")
        if not intent_id:
            raise StripeError(
                400,
                "One of the following params should be provided for this "
                "request: payment_intent or charge.",
                code="parameter_missing",
            )
        intent = self._find(self.intents, intent_id, "payment_intent")
        if intent["status"] != "succeeded":
            raise StripeError(
                400,
                "This PaymentIntent does not have a successful charge to refund.",
                param="payment_intent",
            )
        if intent.get("amount_refunded") == intent["amount"]:
            raise StripeError(
                400,
                f"Charge {intent['latest_charge']} has already been refunded.",
                code="charge_already_refunded",
            )
        amount = int(params.get("amount") or intent["amount"])
        intent["amount_refunded"] = intent.get("amount_refunded", 0) + amount
        refund = {
            "id": self._new_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": intent["currency"],
            "payment_intent": intent_id,
            "charge": intent["latest_charge"],
            "status": "succeeded",
            "created": int(time.time()),
        }
        self.refunds[refund["id"]] = refund
        return refund


def _sub_dict(params: dict, name: str) -> dict:
    prefix = f"{name}["
    return {
        key[len(prefix) : -1]: value
        for key, value in params.items()
        if key.startswith(prefix)
        and key.endswith("]")
        and "[" not in key[len(prefix) :]
    }


def _public_session(session: dict) -> dict:
    return {k: v for k, v in session.items() if k != "payment_intent_metadata"}


def _handler_for(fake: StripeFake) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method: str) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            query = body if method == "POST" else url.query
            params = dict(parse_qsl(query, keep_blank_values=True))
            status, payload, extra = fake.handle(
                method, url.path, params, dict(self.headers.items())
            )
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", f"req_{uuid.uuid4().hex[:14]}")
            self.send_header("Stripe-Version", API_VERSION)
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802
            self._answer("GET")

        def do_POST(self):  # noqa: N802
            self._answer("POST")

        def log_message(self, format, *args):  # quiet test output
            pass

    return Handler


def stripe_event(event_type: str, obj: dict, *, event_id: str | None = None) -> dict:
    """A webhook event as Stripe sends it, about ``obj``."""
    return {
        "id": event_id or f"evt_test_{time.monotonic_ns()}",
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "type": event_type,
        "data": {"object": obj},
    }


def signed_webhook(payload: dict, secret: str) -> tuple[bytes, str]:
    """The body and ``Stripe-Signature`` header Stripe would send."""
    body = json.dumps(payload).encode()
    timestamp = int(time.time())
    signature = hmac.new(
        secret.encode(), f"{timestamp}.{body.decode()}".encode(), hashlib.sha256
    ).hexdigest()
    return body, f"t={timestamp},v1={signature}"
