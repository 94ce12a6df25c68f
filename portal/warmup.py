"""Load at start-up what Django would otherwise load on a worker's first request.

Called by ``portal.wsgi`` once the application is built. Under gunicorn's
``preload_app`` that is the master, before it forks, so every worker starts
with the URLconf imported (and with it the API's schemas and Wagtail's admin
URLs), the URL resolvers filled in every language, the translation catalogues
and Babel's money formats read, the portal's own templates compiled by the
cached loader, the form widgets' templates too, and the icons the templates
name read from the Heroicons archive: the first request no longer pays more
than a second for them (``manage.py benchmark`` prints that first request).

Nothing here may open a database connection: one opened in the master would
be shared by the forked workers, and their queries would cross on it.
"""

import re
import time
from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver, reverse
from django.utils import translation
from heroicons import IconDoesNotExist

from portal.money import money_format
from portal.templatetags.icons import icon

# ``{% icon "name" %}`` or ``{% icon "name" large=True %}`` with a literal name.
ICON_TAG = re.compile(r'{%\s*icon\s+"([\w-]+)"([^%]*)%}')


def _own_template_files() -> dict[str, Path]:
    """The portal's own templates (not the libraries'), by name."""
    engine = engines["django"].engine
    found = {}
    for directory in [*engine.dirs, *get_app_template_dirs("templates")]:
        directory = Path(directory)
        if "site-packages" in directory.parts or not directory.is_relative_to(
            settings.BASE_DIR
        ):
            continue
        for path in directory.rglob("*"):
            if path.suffix in {".html", ".txt"}:
                found.setdefault(str(path.relative_to(directory)), path)
    return found


class _Widgets(forms.Form):
    """One field of each kind the portal's forms show."""

    text = forms.CharField()
    number = forms.IntegerField()
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    choice = forms.ChoiceField(choices=[("a", "a")])
    tick = forms.BooleanField()
    hidden = forms.CharField(widget=forms.HiddenInput)


def warm_up() -> float:
    """Import the URLconf, fill the resolvers, read the catalogues, compile
    the templates and read the icons; without touching the database.
    Returns the milliseconds it took (the benchmark prints them)."""
    started = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 - imports every app's URL module
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # reads the language's catalogues
            reverse("home")  # fills the resolver's reverse map for the language
            money_format(Decimal(1))  # reads Babel's data for the locale
            str(_Widgets())  # compiles the form renderer's templates
    engine = engines["django"]
    for name, path in _own_template_files().items():
        try:
            engine.get_template(name)  # kept compiled by the cached loader
        except TemplateSyntaxError:
            # The request that uses a broken template will say so, not the start.
            continue
        for icon_name, options in ICON_TAG.findall(path.read_text(encoding="utf-8")):
            try:
                icon(icon_name, large="large" in options)  # kept by an lru_cache
            except IconDoesNotExist:
                continue
    return (time.perf_counter() - started) * 1000
