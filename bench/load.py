"""Load-test a running portal with wrk: requests per second and latency.

    python bench/load.py http://127.0.0.1:8000

Logs in by itself (the bench buyer of ``seed_demo --scale large`` and the
demo manager, demo password; ``--email``/``--manager`` for others, or
``--session``/``--manager-session`` to pass session cookies), creates an API
token on the buyer's token page and revokes it at the end, then runs wrk at
8 and 32 connections for 15 s on each page. Only the standard library and
``wrk`` (``--wrk`` to point at it) are needed: run it from any machine.

Requests carry ``X-Forwarded-Proto: https``, as nginx sets it, so the
production settings (which redirect plain HTTP) answer; gunicorn trusts
that header from 127.0.0.1 only (``FORWARDED_ALLOW_IPS``). Start the server
with ``PORTAL_API_RATE=1000000/m``, or the API answers 429 after 120 calls.
"""

import argparse
import html
import re
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection, HTTPResponse, HTTPSConnection
from http.cookies import SimpleCookie

DEMO_PASSWORD = "oxyplus-demo"  # noqa: S105 - the demo data's, printed on purpose
FORWARDED = {"X-Forwarded-Proto": "https"}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SECRET_INPUT = re.compile(r'id="id_secret"[^>]*value="([^"]+)"')


class Site:
    """One visitor: a cookie jar that keeps Secure cookies over plain HTTP
    (the proxy, not this script, speaks HTTPS)."""

    def __init__(self, base: str) -> None:
        self.url = urllib.parse.urlsplit(base)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict | None = None
    ) -> tuple[HTTPResponse, str]:
        kind = HTTPSConnection if self.url.scheme == "https" else HTTPConnection
        connection = kind(self.url.netloc, timeout=60)
        headers = {
            **FORWARDED,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            # Django checks the Referer of a form posted over HTTPS.
            "Referer": f"https://{self.url.netloc}{path}",
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, text

    def post_form(self, path: str, fields: dict) -> tuple[HTTPResponse, str]:
        _response, page = self.request("GET", path)
        token = CSRF_INPUT.search(page)
        if token is None:
            sys.exit(f"No form on {path}: is the portal at {self.url.netloc}?")
        return self.request("POST", path, {"csrfmiddlewaretoken": token[1], **fields})

    def login(self, email: str, password: str) -> str:
        response, _page = self.post_form(
            "/accounts/login/", {"login": email, "password": password}
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"Logging in as {email} answered {response.status}.")
        return self.cookies["sessionid"]


def api_token(site: Site, name: str) -> tuple[str, str]:
    """A new token of the logged-in person, and the path that revokes it."""
    response, page = site.post_form("/account/api-tokens/", {"name": name})
    secret = SECRET_INPUT.search(page)
    revoke = re.search(
        r'href="(/account/api-tokens/\d+/revoke/)"[^>]*>[^<]*'
        rf"<span[^>]*> — {re.escape(html.escape(name))}</span>",
        page,
    )
    if response.status != 200 or secret is None or revoke is None:
        sys.exit(f"Creating an API token answered {response.status}.")
    return html.unescape(secret[1]), revoke[1]


def wrk(args, path: str, connections: int, headers: dict[str, str]) -> None:
    command = [
        args.wrk,
        f"--threads={min(connections, args.threads)}",
        f"--connections={connections}",
        f"--duration={args.duration}s",
        "--latency",
        "--timeout=10s",  # wrk's 2 s would drop the slow answers from the figures
        *[f"--header={name}: {value}" for name, value in headers.items()],
        args.base_url.rstrip("/") + path,
    ]
    output = subprocess.run(  # noqa: S603 - wrk, with our own arguments
        command, capture_output=True, text=True, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", output, re.MULTILINE))
    rate = re.search(r"Requests/sec:\s+(\S+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    print(
        f"{path[:40]:<40} {connections:>5} {rate[1] if rate else '?':>10} "
        f"{latency.get('50', '?'):>9} {latency.get('90', '?'):>9} "
        f"{latency.get('99', '?'):>9}"
        + (f"  {errors[1]} answers not 2xx/3xx!" if errors else "")
        + (f"  {timeouts[1]} timed out!" if timeouts and timeouts[1] != "0" else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--email", default="buyer@bench-0001.test")
    parser.add_argument("--manager", default="manager@oxyplus.test")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--session", help="The buyer's sessionid (no login).")
    parser.add_argument("--manager-session", help="The manager's sessionid.")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", default="8,32")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--wrk", default="/usr/bin/wrk")
    args = parser.parse_args()

    buyer, manager = Site(args.base_url), Site(args.base_url)
    buyer_session = args.session or buyer.login(args.email, args.password)
    buyer.cookies["sessionid"] = buyer_session
    manager_session = args.manager_session or manager.login(args.manager, args.password)
    secret, revoke = api_token(buyer, f"wrk load test {int(time.time())}")
    as_buyer = {**FORWARDED, "Cookie": f"sessionid={buyer_session}"}
    targets = [
        # The floor: the whole middleware stack with the session, no query
        # of its own and no template (the benchmark's bare view is only in
        # its own URLconf).
        ("/health/", as_buyer),
        ("/reseller/orders/", as_buyer),
        ("/reseller/stock/?q=AquaPure", as_buyer),
        ("/staff/dashboard/", {**FORWARDED, "Cookie": f"sessionid={manager_session}"}),
        ("/api/v1/orders", {**FORWARDED, "Authorization": f"Bearer {secret}"}),
    ]
    try:
        for path, headers in targets:
            check = Site(args.base_url)
            status = _status(check, path, headers)
            if status != 200:
                sys.exit(f"{path} answered {status}: not measured.")
        print(
            f"{'page':<40} {'conn.':>5} {'req/s':>10} {'p50':>9} {'p90':>9} {'p99':>9}"
        )
        for path, headers in targets:
            for connections in (int(n) for n in args.connections.split(",")):
                wrk(args, path, connections, headers)
    finally:
        buyer.post_form(revoke, {})


def _status(site: Site, path: str, headers: dict[str, str]) -> int:
    kind = HTTPSConnection if site.url.scheme == "https" else HTTPConnection
    connection = kind(site.url.netloc, timeout=60)
    connection.request("GET", path, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


if __name__ == "__main__":
    main()
