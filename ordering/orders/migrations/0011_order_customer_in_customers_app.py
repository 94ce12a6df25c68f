"""``Order.customer`` points at the customer model in its new app, ``customers``.

Same table, same column: only Django's idea of the model changes."""

import django.db.models.deletion
from django.db import migrations, models
from portal.migration_operations import state_only


class Migration(migrations.Migration):

    dependencies = [
        ("customers", "0001_models_from_accounts"),
        ('ordering', '0010_models_leave_for_their_rooms'),
    ]

    operations = [
        state_only(
            migrations.AlterField(
                model_name='order',
                name='customer',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='customers.customer', verbose_name='customer'),
            ),
        ),
    ]
