"""Installations' appliances and parts, and organisations' price lists, point at ``catalogue``.

The tables stay as they are (``db_table``): only Django's idea of which
app holds each model changes."""


import django.db.models.deletion
from django.db import migrations, models
from portal.migration_operations import state_only


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0011_email_tasks_in_portal'),
        ('catalogue', '0001_models_from_ordering'),
    ]

    operations = [
        state_only(
            migrations.AlterField(
                model_name='installation',
                name='appliance',
                field=models.ForeignKey(blank=True, limit_choices_to={'kind': 'appliance'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='installations', to='catalogue.product', verbose_name='appliance'),
            ),
            migrations.AlterField(
                model_name='installationconsumable',
                name='part',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.product', verbose_name='consumable'),
            ),
            migrations.AlterField(
                model_name='organisation',
                name='price_list',
                field=models.ForeignKey(blank=True, help_text='Empty: catalogue prices.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisations', to='catalogue.pricelist', verbose_name='price list'),
            ),
        ),
    ]
