"""Products, compatibility and price lists move from ``ordering`` to ``catalogue``.

The tables stay as they are (``db_table``): only Django's idea of which
app holds each model changes."""


import django.db.models.deletion
import modelcluster.fields
import portal.choices
import portal.folding
from decimal import Decimal
from django.db import migrations, models
from portal.migration_operations import content_types_move, state_only


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('ordering', '0009_search_folded_columns'),
        # After the last migration of the old layout in every app it touches.
        ('accounts', '0011_email_tasks_in_portal'),
        ('pages', '0005_responsible_editor_is_documentation_staff'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='PriceList',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                    ('discount_percent', models.DecimalField(decimal_places=2, default=Decimal('0'), help_text='Applied to the catalogue price of every product not listed.', max_digits=5, verbose_name='discount (%)')),
                ],
                options={
                    'verbose_name': 'price list',
                    'verbose_name_plural': 'price lists',
                    'db_table': 'ordering_pricelist',
                    'ordering': ['name'],
                    'constraints': [models.CheckConstraint(condition=models.Q(('discount_percent__gte', 0), ('discount_percent__lt', 100)), name='price_list_discount_is_a_percentage')],
                },
            ),
            migrations.CreateModel(
                name='Product',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reference', models.CharField(max_length=40, unique=True, verbose_name='reference')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('name_folded', models.GeneratedField(db_persist=True, expression=portal.folding.Fold('name'), output_field=models.TextField())),
                    ('kind', models.CharField(choices=[('appliance', 'Appliance'), ('consumable', 'Consumable'), ('spare_part', 'Spare part'), ('accessory', 'Accessory')], max_length=12, verbose_name='kind')),
                    ('description', models.TextField(blank=True, verbose_name='description')),
                    ('unit_price', models.DecimalField(decimal_places=2, help_text='Catalogue price in euros, before any reseller discount.', max_digits=10, verbose_name='unit price excl. VAT')),
                    ('vat_rate', models.DecimalField(decimal_places=2, default=Decimal('20.00'), max_digits=4, verbose_name='VAT rate (%)')),
                    ('replacement_interval_months', models.PositiveSmallIntegerField(blank=True, help_text='For consumables: how often the customer should change it.', null=True, verbose_name='replacement interval (months)')),
                    ('low_stock_threshold', models.PositiveIntegerField(default=5, help_text='At or below this total quantity, stock is shown as low.', verbose_name='low stock threshold')),
                    ('is_active', models.BooleanField(default=True, help_text='Inactive products cannot be ordered.', verbose_name='active')),
                    ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='image')),
                ],
                options={
                    'verbose_name': 'product',
                    'verbose_name_plural': 'products',
                    'db_table': 'ordering_product',
                    'ordering': ['reference'],
                },
                bases=(portal.choices.ChoiceLabels, models.Model),
            ),
            migrations.CreateModel(
                name='PriceListEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('unit_price', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='unit price excl. VAT')),
                    ('price_list', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='catalogue.pricelist')),
                    ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.product', verbose_name='product')),
                ],
                options={
                    'verbose_name': 'specific price',
                    'verbose_name_plural': 'specific prices',
                    'db_table': 'ordering_pricelistentry',
                },
            ),
            migrations.CreateModel(
                name='Compatibility',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('quantity_per_change', models.PositiveSmallIntegerField(default=1, verbose_name='quantity per change')),
                    ('appliance', modelcluster.fields.ParentalKey(limit_choices_to={'kind': 'appliance'}, on_delete=django.db.models.deletion.CASCADE, related_name='compatible_parts', to='catalogue.product', verbose_name='appliance')),
                    ('part', models.ForeignKey(limit_choices_to=models.Q(('kind', 'appliance'), _negated=True), on_delete=django.db.models.deletion.CASCADE, related_name='fits', to='catalogue.product', verbose_name='consumable or part')),
                ],
                options={
                    'verbose_name': 'compatible part',
                    'verbose_name_plural': 'compatible parts',
                    'db_table': 'ordering_compatibility',
                    'ordering': ['appliance', 'part__reference'],
                },
            ),
            migrations.AddIndex(
                model_name='product',
                index=models.Index(fields=['kind', 'name', 'reference'], name='product_kind_name_idx'),
            ),
            migrations.AddConstraint(
                model_name='product',
                constraint=models.CheckConstraint(condition=models.Q(('unit_price__gte', 0)), name='product_price_not_negative'),
            ),
            migrations.AddConstraint(
                model_name='product',
                constraint=models.CheckConstraint(condition=models.Q(('vat_rate__gte', 0), ('vat_rate__lt', 100)), name='product_vat_rate_is_a_percentage'),
            ),
            migrations.AddConstraint(
                model_name='pricelistentry',
                constraint=models.UniqueConstraint(fields=('price_list', 'product'), name='price_list_entry_unique'),
            ),
            migrations.AddConstraint(
                model_name='pricelistentry',
                constraint=models.CheckConstraint(condition=models.Q(('unit_price__gte', 0)), name='price_list_entry_not_negative'),
            ),
            migrations.AddConstraint(
                model_name='compatibility',
                constraint=models.UniqueConstraint(fields=('appliance', 'part'), name='compatibility_unique_pair'),
            ),
            migrations.AddConstraint(
                model_name='compatibility',
                constraint=models.CheckConstraint(condition=models.Q(('quantity_per_change__gte', 1)), name='compatibility_quantity_positive'),
            ),
        ),
        content_types_move("ordering", "catalogue", ['product', 'compatibility', 'pricelist', 'pricelistentry']),
    ]
