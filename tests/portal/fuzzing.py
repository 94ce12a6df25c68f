"""The machinery of the fuzz tests (``test_fuzz_*.py``): walk every URL
pattern from the resolver, fill its path parameters with real objects and
with nasty values, send nasty query strings and nasty form posts, and keep
every server error with what caused it.

Each request runs in a savepoint that is rolled back: a fuzzed post that
cancels an order or deletes a page leaves the world as it was for the next
one, and on PostgreSQL a failed statement does not poison the test's
transaction.
"""

import logging
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, unquote_to_bytes, urlencode, urljoin, urlsplit

from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern
from django.utils.encoding import repercent_broken_unicode

from tests.world import World, url_kwargs

# Sent in form fields. Percent-encoding is the client's business; what it
# cannot encode (a lone surrogate, bytes that are not UTF-8) travels as the
# raw bytes a browser could send (``RAW_NASTY``).
NASTY = [
    "\x00",
    "x" * 10_000,
    "-1",
    "99999999999999999999",
    "abc",
    "Éé€😀\u202e",
    "//evil.test",
    "not-a-path",
    "",
]
# In query strings every name is sent at once: values short enough for the
# whole query to stay under the portal's limit, so they reach the views.
NASTY_QUERY = [
    "\x00",
    "x" * 300,
    "-1",
    "99999999999999999999",
    "Éé€😀",
    "//evil.test",
    "",
]
# Already percent-encoded: a lone surrogate (bytes that are not UTF-8 are
# decoded the same way, to U+FFFD).
RAW_NASTY = ["%ED%A0%80"]
# One field at a time, the others as the page filled them in.
NASTY_ALONE = ["abc"]


# Put in path parameters, already percent-encoded.
NASTY_PATH = [
    "%00",
    "a%00b",
    "x" * 10_000,
    "-1",
    "0",
    "1e9",
    "99999999999999999999",
    "..%2F..%2Fetc",
    "abc",
    "%C3%89%F0%9F%98%80",
    "%ED%A0%80",
]
# Asked of every page besides the fields of its own forms.
QUERY_NAMES = [
    "q",
    "page",
    "next",
    "status",
    "appliance",
    "installation",
    "fault_code",
    "month",
    "reseller",
    "show",
    "kind",
    "format",
    "start",
    "end",
    "payment",
    "order",
    "due",
    "p",
    "ordering",
    "id",
]


# A formset's TOTAL_FORMS of 10**20 makes Django build its maximum of 1000
# empty forms (a bounded cost, but a second per post): -1 is sent instead.
FORMSET_COUNTS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def _value(name: str, value: str) -> str:
    if name.endswith(FORMSET_COUNTS) and value.isdecimal() and len(value) > 4:
        return "-1"
    return value


def rotated(names: list[str], values: list[str], *, raw: bool = False):
    """As many value lists as values: in the k-th, name i gets value i + k,
    so each name meets each value once, and one request mixes them all."""
    for k in range(len(values)):
        pairs = [
            (n, _value(n, values[(i + k) % len(values)])) for i, n in enumerate(names)
        ]
        if raw:
            yield "&".join(f"{quote(n)}={v}" for n, v in pairs), f"rotation {k}"
        else:
            yield urlencode(pairs), f"rotation {k}"


@contextmanager
def quiet_request_log():
    """Django logs each 4xx answer, with a traceback for each 403: thousands
    of them would slow the run and bury the report. Server errors are still
    logged."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


# --- The URL patterns ------------------------------------------------------------

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass
class Endpoint:
    """One URL pattern, its name (with namespaces) and its path pieces."""

    name: str | None
    pieces: list[tuple[str, bool]]  # (pattern text, is a regex)
    pattern: URLPattern

    @property
    def route(self) -> str:
        return "".join(text for text, _regex in self.pieces)

    @property
    def slots(self) -> list[tuple[str, str]]:
        """The path parameters in order: (name or position, converter)."""
        found = []
        for text, regex in self.pieces:
            if regex:
                for index, (name, _group) in enumerate(_regex_groups(text)):
                    found.append((name or str(index), "regex"))
            else:
                for match in _ROUTE_PARAM.finditer(text):
                    found.append((match["name"], match["converter"] or "str"))
        return found

    def fill(self, values: dict[str, str]) -> str:
        """The path with each parameter replaced by ``values[name]``."""
        out = []
        for text, regex in self.pieces:
            if regex:
                body = text.removeprefix("^").removesuffix("$")
                position = 0
                for index, (name, group) in enumerate(_regex_groups(text)):
                    start = body.index(group, position)
                    value = values.get(name or str(index), "1")
                    body = body[:start] + value + body[start + len(group) :]
                    position = start + len(value)
                out.append(body.replace(".*", "x").replace("\\.", "."))
            else:
                out.append(_ROUTE_PARAM.sub(lambda m: values.get(m["name"], "1"), text))
        return "/" + "".join(out)


def _regex_groups(text: str) -> list[tuple[str | None, str]]:
    """The capturing groups at the top level of a regex: (name, group text)."""
    groups, depth, start = [], 0, None
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0 and start is not None:
                group = text[start : index + 1]
                if not group.startswith("(?:"):
                    named = re.match(r"\(\?P<(\w+)>", group)
                    groups.append((named[1] if named else None, group))
        index += 1
    return groups


def endpoints() -> list[Endpoint]:
    """Every URL pattern of the site, walked from the root resolver."""
    found: list[Endpoint] = []

    def walk(patterns, pieces, namespace):
        for entry in patterns:
            piece = (str(entry.pattern), isinstance(entry.pattern, RegexPattern))
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                walk(
                    entry.url_patterns,
                    [*pieces, piece],
                    f"{namespace}:{inner}"
                    if namespace and inner
                    else inner or namespace,
                )
            else:
                name = entry.name
                if name and namespace:
                    name = f"{namespace}:{name}"
                found.append(Endpoint(name, [*pieces, piece], entry))

    walk(get_resolver().url_patterns, [], None)
    return found


def resolves_to(path: str, endpoint: Endpoint) -> bool:
    """Whether ``path`` (percent-encoded) reaches ``endpoint``'s view."""
    decoded = repercent_broken_unicode(unquote_to_bytes(urlsplit(path).path))
    try:
        match = resolve(decoded.decode())
    except (Resolver404, UnicodeDecodeError):
        return False
    return match.func is endpoint.pattern.callback or (
        endpoint.name is not None and match.view_name == endpoint.name
    )


def real_values(endpoint: Endpoint, world: World, *, side: str = "own") -> dict:
    """Path parameters on real objects, as text; {} when unknown."""
    objects = getattr(world, side)
    if endpoint.name:
        try:
            return {k: str(v) for k, v in url_kwargs(endpoint.name, objects).items()}
        except KeyError:
            pass
    route = endpoint.route
    if route.startswith("documents/^"):
        document = world.shared.document
        return {"0": str(document.pk), "1": document.filename}
    if route.startswith("docs/^"):
        return {"0": objects.page.url_path.split("/", 2)[2]}
    if "revisions/compare" in route:
        return {"pk": str(objects.page.pk), "revision_id_a": "earliest"}
    return {}


# --- Forms in a page ------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(name for name, _value in self.fields))


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(
                action=a.get("action", ""),
                method=(a.get("method") or "get").lower(),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "name" not in a or "disabled" in a:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "image", "reset", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("value"):
            form.fields.append((a["name"], a["value"]))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form:
            self._form.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form:
            chosen = [v for v, selected in self._options if selected]
            if not chosen and self._options:
                chosen = [self._options[0][0]]
            self._form.fields.extend((self._select, v) for v in chosen)
            self._select = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


# --- Sending -------------------------------------------------------------------------


@dataclass
class ServerError:
    method: str
    url: str
    role: str
    field: str
    exception: str

    def __str__(self):
        return (
            f"{self.method} {self.url[:160]} as {self.role} "
            f"[{self.field[:200]}]: {self.exception}"
        )


@dataclass
class Fuzzer:
    """Sends requests as each role's client and keeps every server error."""

    world: World
    clients: dict[str, Client] = field(default_factory=dict)
    errors: list[ServerError] = field(default_factory=list)
    requests: int = 0
    started: float = field(default_factory=time.monotonic)
    posted_as: set = field(default_factory=set)

    def client(self, role: str) -> Client:
        """The role's client, signed in again if a post may have ended its
        session (a password change, a logout, a session list)."""
        client = self.clients.get(role)
        if client is None or role in self.posted_as:
            client = self.clients[role] = Client(raise_request_exception=False)
            if (user := self.world.users[role]) is not None:
                client.force_login(user)
            self.posted_as.discard(role)
        return client

    def send(
        self,
        role: str,
        method: str,
        url: str,
        *,
        data=None,
        body: bytes | None = None,
        content_type: str | None = None,
        field_name: str = "",
        headers: dict | None = None,
    ):
        client = self.client(role)
        if method != "get":
            self.posted_as.add(role)
        kwargs = {"headers": headers or {}}
        if body is not None:
            kwargs.update(data=body, content_type=content_type)
        elif data is not None:
            kwargs["data"] = data
        self.requests += 1
        with transaction.atomic():
            try:
                response = getattr(client, method)(url, **kwargs)
            finally:
                transaction.set_rollback(True)
        error = getattr(response, "exc_info", None)
        if response.status_code >= 500 or error:
            exception = repr(error[1]) if error else f"status {response.status_code}"
            if body is not None:
                field_name = f"{field_name} body={body[:150]!r}"
            self.errors.append(
                ServerError(method.upper(), url, role, field_name, exception[:300])
            )
        return response

    def get_page(self, role: str, url: str):
        return self.send(role, "get", url)

    def fuzz_query(
        self, role: str, url: str, names: list[str], *, method: str = "get"
    ) -> None:
        """Every name at once, with each nasty value: in the query string,
        or as a form body when ``method`` is post."""
        names = list(dict.fromkeys([*names, *QUERY_NAMES]))
        base = url.split("?", 1)[0]
        queries = [
            *rotated(names, NASTY_QUERY),
            *(
                (q, f"*={raw}")
                for raw in RAW_NASTY
                for q, _ in rotated(names, [raw], raw=True)
            ),
        ]
        for query, label in queries:
            if method == "get":
                self.send(role, "get", f"{base}?{query}", field_name=label)
            else:
                self.send(
                    role,
                    "post",
                    base,
                    body=query.encode(),
                    content_type="application/x-www-form-urlencoded",
                    field_name=label,
                )

    def fuzz_form(
        self, role: str, page_url: str, form: Form, *, missing=False, each_field=True
    ):
        """Post the form with nasty values in every field (rotated, so each
        field meets each value), then in each field alone; with
        ``missing``, also once without each of its fields."""
        action = urljoin(page_url, form.action or page_url)
        if urlsplit(action).netloc not in {"", "testserver"}:
            return
        action = urlsplit(action)._replace(scheme="", netloc="").geturl()
        names = [n for n in form.names if n != "csrfmiddlewaretoken"]
        if not names:
            return
        bodies = [
            *rotated(names, NASTY),
            *(
                (q, f"*={raw}")
                for raw in RAW_NASTY
                for q, _ in rotated(names, [raw], raw=True)
            ),
        ]
        for name in names if each_field else []:
            for value in NASTY_ALONE:
                others = urlencode([(n, v) for n, v in form.fields if n != name])
                bodies.append(
                    (f"{others}&{urlencode([(name, value)])}", f"{name}={value!r}")
                )
        if missing:
            for name in names:
                bodies.append(
                    (
                        urlencode([(n, v) for n, v in form.fields if n != name]),
                        f"without {name}",
                    )
                )
        for body, label in bodies:
            self.send(
                role,
                "post",
                action,
                body=body.encode(),
                content_type="application/x-www-form-urlencoded",
                field_name=label,
            )

    def report(self, label: str) -> str:
        seconds = time.monotonic() - self.started
        print(
            f"\nfuzz ({label}): {self.requests} requests, "
            f"{len(self.errors)} server errors, {seconds:.1f} s"
        )
        kinds = {}
        for error in self.errors:
            kinds.setdefault(error.exception.split("(")[0], []).append(error)
        lines = [f"{len(self.errors)} server errors of {len(kinds)} kinds:"]
        for error in self.errors[:80]:
            lines.append(f"  {error}")
        return "\n".join(lines)


# --- Walking pages ----------------------------------------------------------------

RESELLER_SIDE = {"owner", "buyer", "technician", "customer", "anonymous"}


def _one_of_each_side(roles: list[str]) -> list[str]:
    """The first reseller-side role and the first staff role: the two kinds
    of views a page branches into."""
    chosen = []
    for side in (True, False):
        chosen += [role for role in roles if (role in RESELLER_SIDE) == side][:1]
    return chosen


def walk_pages(
    fuzz: Fuzzer,
    endpoints: list[Endpoint],
    *,
    roles: tuple[str, ...],
    ask=lambda endpoint: True,
    post_forms=lambda endpoint: True,
    missing_fields=lambda endpoint: False,
    each_field=True,
    never_posted: frozenset[str] = frozenset(),
) -> int:
    """Open each endpoint on real objects as each role; as the first role of
    each side who may open it, fuzz its query string (when ``ask``) and post
    its forms (when ``post_forms``). Returns how many endpoints somebody
    opened."""
    posted: set = set()
    opened = 0
    for endpoint in endpoints:
        values = real_values(endpoint, fuzz.world)
        if endpoint.slots and not values:
            continue  # test_fuzz_paths fills these with nasty values
        url = endpoint.fill(values)
        if not resolves_to(url, endpoint):
            continue  # shadowed by an earlier pattern: nobody reaches it
        pages, post_only = {}, []
        for side in (True, False):
            for role in [r for r in roles if (r in RESELLER_SIDE) == side]:
                response = fuzz.get_page(role, url)
                if response.status_code in (302, 405):
                    post_only.append(role)
                elif response.status_code == 200:
                    pages[role] = response
                    break  # the first of each side to open it is fuzzed
        opened += bool(pages)
        if pages:
            post_only = []  # its forms are posted below
        for role in _one_of_each_side(post_only) if ask(endpoint) else []:
            fuzz.fuzz_query(role, url, [], method="post")
        for role, response in pages.items():
            html = "html" in response.get("Content-Type", "")
            page_forms = forms_of(response.content.decode()) if html else []
            if ask(endpoint):
                names = [n for f in page_forms if f.method == "get" for n in f.names]
                fuzz.fuzz_query(role, url, names)
            if not post_forms(endpoint):
                continue
            for form in page_forms:
                target = urlsplit(urljoin(url, form.action or url)).path
                key = (role, target, tuple(form.names))
                if form.method != "post" or target in never_posted or key in posted:
                    continue
                posted.add(key)
                fuzz.fuzz_form(
                    role,
                    url,
                    form,
                    missing=missing_fields(endpoint),
                    each_field=each_field,
                )
    return opened
