"""Give the staff groups their ordering permissions.

Call center: reads the catalogue and stock, places and follows orders and
records shipments. Managers: also keep the catalogue, prices, stock and
carriers. Content editors: read the catalogue the documentation links to.
"""

from importlib import import_module

from django.db import migrations

_model_perms = import_module("accounts.network.migrations.0002_staff_groups")._model_perms


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")

    def perms(model, actions):
        return _model_perms(apps, "ordering", model, actions)

    call_center = [
        *perms("product", ["view"]),
        *perms("warehouse", ["view"]),
        *perms("stocklevel", ["view"]),
        *perms("pricelist", ["view"]),
        *perms("carrier", ["view"]),
        *perms("order", ["view", "add", "change"]),
        *perms("shipment", ["view", "add", "change"]),
    ]
    managers = [
        *call_center,
        *perms("product", ["add", "change"]),
        *perms("warehouse", ["add", "change"]),
        *perms("stocklevel", ["add", "change"]),
        *perms("pricelist", ["add", "change"]),
        *perms("carrier", ["add", "change"]),
    ]
    for name, granted in [
        ("Call center", call_center),
        ("Managers", managers),
        ("Content editors", perms("product", ["view"])),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staff_groups"),
        ("ordering", "0001_catalogue_stock_orders"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
