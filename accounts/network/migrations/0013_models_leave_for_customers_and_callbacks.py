"""Customers, installations, the audit log and callbacks leave ``accounts`` for the
``customers`` and ``callbacks`` apps.

The tables stay as they are (``db_table``): only Django's idea of which
app holds each model changes. The models themselves leave the state in
0014, once every foreign key points at their new app."""

from django.db import migrations
from portal.migration_operations import state_only


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0012_products_and_price_lists_from_catalogue'),
    ]

    operations = [
        state_only(
            migrations.RemoveField(
                model_name='callbackrequest',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='callbackrequest',
                name='customer',
            ),
            migrations.RemoveField(
                model_name='callbackrequest',
                name='installation',
            ),
            migrations.RemoveField(
                model_name='callbackrequest',
                name='owner',
            ),
            migrations.RemoveField(
                model_name='callbackrequest',
                name='owner_organisation',
            ),
            migrations.RemoveField(
                model_name='customer',
                name='user',
            ),
            migrations.RemoveField(
                model_name='customerlink',
                name='existing',
            ),
            migrations.RemoveField(
                model_name='installation',
                name='customer',
            ),
            migrations.RemoveField(
                model_name='customerlink',
                name='customer',
            ),
            migrations.RemoveField(
                model_name='customeremail',
                name='customer',
            ),
            migrations.RemoveField(
                model_name='customerlink',
                name='installation',
            ),
            migrations.RemoveField(
                model_name='customerlink',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='installation',
                name='appliance',
            ),
            migrations.RemoveField(
                model_name='installation',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='installation',
                name='recorded_by',
            ),
            migrations.RemoveField(
                model_name='installationphoto',
                name='installation',
            ),
            migrations.RemoveField(
                model_name='installationconsumable',
                name='installation',
            ),
            migrations.RemoveField(
                model_name='installationconsumable',
                name='part',
            ),
            migrations.RemoveField(
                model_name='maintenancereminder',
                name='consumable',
            ),
            migrations.RemoveField(
                model_name='installationphoto',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='installationphoto',
                name='uploaded_by',
            ),
            migrations.DeleteModel(
                name='AuditEntry',
            ),
            migrations.DeleteModel(
                name='CallbackRequest',
            ),
        ),
    ]
