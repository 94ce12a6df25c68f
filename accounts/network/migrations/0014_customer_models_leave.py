"""The customer models leave ``accounts``'s state, once every foreign key
(``ordering.Order.customer`` included) points at ``customers``. No table changes."""

from django.db import migrations
from portal.migration_operations import state_only


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0013_models_leave_for_customers_and_callbacks'),
        ('ordering', '0011_order_customer_in_customers_app'),
    ]

    operations = [
        state_only(
            migrations.DeleteModel(
                name='Customer',
            ),
            migrations.DeleteModel(
                name='CustomerEmail',
            ),
            migrations.DeleteModel(
                name='CustomerLink',
            ),
            migrations.DeleteModel(
                name='Installation',
            ),
            migrations.DeleteModel(
                name='InstallationConsumable',
            ),
            migrations.DeleteModel(
                name='MaintenanceReminder',
            ),
            migrations.DeleteModel(
                name='InstallationPhoto',
            ),
        ),
    ]
