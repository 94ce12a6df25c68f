"""Place one-line orders through the API from many clients at once: orders per
second, latency, and whether the stock still adds up.

    python bench/place.py http://127.0.0.1:8000

Logs in as the bench buyer of ``seed_demo --scale large`` (``--email``),
makes an API token, picks the 50 products with the most units available
(``--products``), then runs wrk with 50 connections for 15 s, each request
``POST /api/v1/orders`` of one unit of the next product on account, with its
own ``Idempotency-Key`` and a purchase-order reference naming the run. Then
it reads back, through the API, how many orders of the run exist and how many
units the products lost: both must equal, and every answer must be 201.
Start the server with ``PORTAL_API_RATE=1000000/m`` (README, Benchmarks);
each run leaves its orders in the database (cancel or reseed afterwards).
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.client import HTTPConnection, HTTPSConnection

from load import DEMO_PASSWORD, FORWARDED, Site, api_token

# wrk counts each thread's answers; done() adds them up and prints one line.
SCRIPT = """
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  run, created, other, n = args[1], 0, 0, 0
  body, references = args[2], {}
  for i = 3, #args do references[#references + 1] = args[i] end
end
function request()
  n = n + 1
  wrk.headers["Idempotency-Key"] = run .. "-" .. id .. "-" .. n
  -- Each thread goes round the products from its own starting point.
  local reference = references[(id * 7 + n) % #references + 1]
  return wrk.format("POST", nil, nil, string.format(body, reference))
end
function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local c, o = 0, 0
  for _, t in ipairs(threads) do c = c + t:get("created"); o = o + t:get("other") end
  io.write(string.format("RESULT %d %d %d %.1f %.1f %.1f %.1f\\n",
    c, o, summary.duration, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def api(site: Site, token: str, path: str) -> dict | list:
    kind = HTTPSConnection if site.url.scheme == "https" else HTTPConnection
    connection = kind(site.url.netloc, timeout=60)
    connection.request(
        "GET", path, headers={**FORWARDED, "Authorization": f"Bearer {token}"}
    )
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        sys.exit(f"GET {path} answered {response.status}.")
    return json.loads(body)


def available(site: Site, token: str, reference: str) -> int:
    quoted = urllib.parse.quote(reference, safe="")
    return api(site, token, f"/api/v1/products/{quoted}")["available"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--email", default="buyer@bench-0001.test")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument(
        "--products",
        type=int,
        default=50,
        help="How many products the orders go round (1: all the same).",
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--wrk", default="/usr/bin/wrk")
    args = parser.parse_args()

    site = Site(args.base_url)
    site.login(args.email, args.password)
    run = f"bench-{int(time.time())}"
    secret, revoke = api_token(site, run)
    try:
        listed = api(site, secret, "/api/v1/products?page_size=200")["items"]
        listed.sort(key=lambda product: -product["available"])
        references = [product["reference"] for product in listed[: args.products]]
        before = {ref: available(site, secret, ref) for ref in references}
        # The body, with %s where each request puts its product's reference.
        body = json.dumps(
            {
                "lines": [{"reference": "REFERENCE", "quantity": 1}],
                "purchase_order_reference": run,
            }
        ).replace("REFERENCE", "%s")
        result = _wrk(args, secret, [run, body, *references])
        created, other, micros, p50, p95, p99, worst = result.split()[1:]
        seconds = int(micros) / 1_000_000
        # Requests wrk cut at the end may still have placed their order.
        time.sleep(2)
        placed = api(site, secret, f"/api/v1/orders?q={run}&page_size=1")["count"]
        lost = sum(before[ref] - available(site, secret, ref) for ref in references)
        print(
            f"{args.connections} clients, {seconds:.1f} s, {len(references)} products"
        )
        print(
            f"orders answered 201: {created} ({int(created) / seconds:.1f}/s), "
            f"other answers: {other}"
        )
        print(f"latency ms: p50 {p50}, p95 {p95}, p99 {p99}, max {worst}")
        print(
            f"orders of the run in the database: {placed}; units the products "
            f"lost: {lost}; stock {'exact' if placed == lost else 'WRONG'}"
        )
    finally:
        site.post_form(revoke, {})


def _wrk(args, secret: str, script_args: list[str]) -> str:
    """wrk's RESULT line (see SCRIPT)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(SCRIPT)
        script.flush()
        output = subprocess.run(  # noqa: S603 - wrk, with our own arguments
            [
                args.wrk,
                f"--threads={args.threads}",
                f"--connections={args.connections}",
                f"--duration={args.duration}s",
                "--timeout=10s",
                f"--script={script.name}",
                "--header=Content-Type: application/json",
                f"--header=Authorization: Bearer {secret}",
                *[f"--header={k}: {v}" for k, v in FORWARDED.items()],
                args.base_url.rstrip("/") + "/api/v1/orders",
                "--",
                *script_args,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return next(line for line in output.splitlines() if line.startswith("RESULT"))


if __name__ == "__main__":
    main()
