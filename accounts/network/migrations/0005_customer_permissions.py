"""Give the staff groups their rights on customers and installations.

Call center and managers see every customer, installation and the audit log,
and export a customer's data; only managers erase a customer (the
``delete_customer`` permission: the record stays, anonymised).
"""

from importlib import import_module

from django.db import migrations

_model_perms = import_module("accounts.network.migrations.0002_staff_groups")._model_perms


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")

    def perms(model, actions):
        return _model_perms(apps, "accounts", model, actions)

    call_center = [
        *perms("customer", ["view"]),
        *perms("installation", ["view"]),
        *perms("auditentry", ["view"]),
    ]
    for name, granted in [
        ("Call center", call_center),
        ("Managers", [*call_center, *perms("customer", ["delete"])]),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_customers_installations")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
