"""The after-sales rules live in the catalogue and staff edit them in the
Wagtail admin: an appliance's warranty terms (issue 18, item 1) and its
visit checklist (item 2). What a manager saves there is what the warranty
and the technician's visit form use next."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.aftersales.selectors import warranty_of
from accounts.customers.schedule import add_months
from ordering.catalogue.models import ServiceChecklistItem

pytestmark = pytest.mark.django_db


def _appliance_form(appliance, *, checklist, **terms) -> dict:
    return nested_form_data(
        {
            "reference": appliance.reference,
            "kind": appliance.kind,
            "name": appliance.name,
            "description": "",
            "image": "",
            "unit_price": str(appliance.unit_price),
            "vat_rate": str(appliance.vat_rate),
            "replacement_interval_months": "",
            "low_stock_threshold": str(appliance.low_stock_threshold),
            "is_active": "on",
            "compatible_parts": inline_formset([]),
            "checklist_items": inline_formset(checklist),
            **{name: str(value) for name, value in terms.items()},
        }
    )


def test_a_manager_sets_the_warranty_terms_and_the_checklist_in_the_admin(
    client, manager, technician, unit, appliance
):
    unit.installed_on = timezone.localdate() - timedelta(days=30)
    unit.save()
    client.force_login(manager)
    response = client.post(
        reverse("product:edit", args=[appliance.pk]),
        _appliance_form(
            appliance,
            checklist=[
                {"label": "Joints sans fuite", "kind": "check", "unit": ""},
                {"label": "Pression d’entrée", "kind": "measure", "unit": "bar"},
            ],
            warranty_months=36,
            warranty_extension_months=12,
            warranty_max_months=72,
            service_interval_months=12,
            service_window_days=45,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    unit.refresh_from_db()  # its appliance, as saved
    assert warranty_of(unit).ends_on == add_months(unit.installed_on, 36)
    points = ServiceChecklistItem.objects.filter(appliance=appliance)
    assert [(p.label, p.kind, p.unit) for p in points.order_by("sort_order")] == [
        ("Joints sans fuite", "check", ""),
        ("Pression d’entrée", "measure", "bar"),
    ]
    client.force_login(technician)
    form = client.get(reverse("visit_new", args=[unit.pk])).content.decode()
    assert "Joints sans fuite" in form and "Pression d’entrée" in form


@pytest.mark.parametrize("who", ["agent", "editor", "technician"])
def test_only_the_managers_change_the_rules(client, who, request, appliance):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("product:edit", args=[appliance.pk]),
        _appliance_form(
            appliance,
            checklist=[{"label": "Point ajouté", "kind": "check", "unit": ""}],
            warranty_months=99,
        ),
    )
    assert response.status_code in (302, 403)
    appliance.refresh_from_db()
    assert appliance.warranty_months != 99
    assert not ServiceChecklistItem.objects.filter(label="Point ajouté").exists()
