"""Documentation pages' appliances point at ``catalogue``.

The tables stay as they are (``db_table``): only Django's idea of which
app holds each model changes."""


import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models
from portal.migration_operations import state_only


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0001_models_from_ordering'),
        ('pages', '0005_responsible_editor_is_documentation_staff'),
    ]

    operations = [
        state_only(
            migrations.AlterField(
                model_name='documentationsubscription',
                name='appliance',
                field=models.ForeignKey(limit_choices_to={'kind': 'appliance'}, on_delete=django.db.models.deletion.CASCADE, related_name='documentation_subscriptions', to='catalogue.product'),
            ),
            migrations.AlterField(
                model_name='faultcodepage',
                name='appliances',
                field=modelcluster.fields.ParentalManyToManyField(limit_choices_to={'kind': 'appliance'}, related_name='fault_codes', to='catalogue.product', verbose_name='appliances concerned'),
            ),
            migrations.AlterField(
                model_name='manualpage',
                name='appliance',
                field=models.ForeignKey(limit_choices_to={'kind': 'appliance'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.product', verbose_name='appliance'),
            ),
            migrations.AlterField(
                model_name='technicalsheetpage',
                name='appliance',
                field=models.ForeignKey(limit_choices_to={'kind': 'appliance'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.product', verbose_name='appliance'),
            ),
        ),
    ]
