"""Give the staff groups their rights on callbacks, dashboards and credits.

The call center and managers see, take and close every callback request and
place orders for customers; managers also see the network's dashboards and
credit a sale to another reseller.
"""

from importlib import import_module

from django.db import migrations

_staff_groups = import_module("accounts.network.migrations.0002_staff_groups")
_model_perms, _perm = _staff_groups._model_perms, _staff_groups._perm


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")

    def perms(model, actions):
        return _model_perms(apps, "accounts", model, actions)

    call_center = [
        *perms("callbackrequest", ["view", "add", "change"]),
        *perms("customeremail", ["view"]),
    ]
    managers = [
        *call_center,
        _perm(apps, "accounts", "organisation", "view_network_dashboard"),
        _perm(apps, "accounts", "organisation", "reassign_credit"),
    ]
    for name, granted in [("Call center", call_center), ("Managers", managers)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_callbacks_commission_audit")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
