import copy
from pathlib import Path

import pytest
from django.apps import apps

import ordering.invoicing


@pytest.fixture(autouse=True)
def _invoicing_templates(settings):
    """The invoice template is found through the invoicing app once it is in
    INSTALLED_APPS (it joins with its models); until then, through DIRS.
    Installing an app in a test re-runs every app's ready(), which Wagtail's
    API router refuses."""
    if apps.is_installed("ordering.invoicing"):
        return
    templates = copy.deepcopy(settings.TEMPLATES)
    folder = Path(ordering.invoicing.__file__).parent / "templates"
    templates[0]["DIRS"] = [*templates[0]["DIRS"], folder]
    settings.TEMPLATES = templates
