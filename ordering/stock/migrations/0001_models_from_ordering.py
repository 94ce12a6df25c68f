"""Warehouses, stock levels and reservations move from ``ordering`` to ``stock``.

The tables stay as they are (``db_table``): only Django's idea of which
app holds each model changes."""


import django.db.models.deletion
from django.db import migrations, models
from portal.migration_operations import content_types_move, state_only


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('ordering', '0009_search_folded_columns'),
        ('catalogue', '0001_models_from_ordering'),
        ('ordering', '0010_models_leave_for_their_rooms'),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='Warehouse',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.SlugField(max_length=20, unique=True, verbose_name='code')),
                    ('name', models.CharField(max_length=100, verbose_name='name')),
                    ('city', models.CharField(blank=True, max_length=100, verbose_name='city')),
                    ('priority', models.PositiveSmallIntegerField(default=10, help_text='Orders are served from the lowest number first.', verbose_name='priority')),
                ],
                options={
                    'verbose_name': 'warehouse',
                    'verbose_name_plural': 'warehouses',
                    'db_table': 'ordering_warehouse',
                    'ordering': ['priority', 'code'],
                },
            ),
            migrations.CreateModel(
                name='StockLevel',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('on_hand', models.PositiveIntegerField(default=0, verbose_name='on hand')),
                    ('reserved', models.PositiveIntegerField(default=0, verbose_name='reserved')),
                    ('restock_date', models.DateField(blank=True, null=True, verbose_name='expected restock date')),
                    ('restock_quantity', models.PositiveIntegerField(blank=True, null=True, verbose_name='expected restock quantity')),
                    ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stock_levels', to='catalogue.product', verbose_name='product')),
                    ('warehouse', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='stock_levels', to='stock.warehouse', verbose_name='warehouse')),
                ],
                options={
                    'verbose_name': 'stock level',
                    'verbose_name_plural': 'stock levels',
                    'db_table': 'ordering_stocklevel',
                    'ordering': ['product', 'warehouse'],
                },
            ),
            migrations.CreateModel(
                name='StockReservation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('quantity', models.PositiveIntegerField()),
                    ('order_line', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reservations', to='ordering.orderline')),
                    ('stock_level', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reservations', to='stock.stocklevel')),
                ],
                options={
                    'db_table': 'ordering_stockreservation',
                    'constraints': [models.UniqueConstraint(fields=('order_line', 'stock_level'), name='reservation_unique')],
                },
            ),
            migrations.AddConstraint(
                model_name='stocklevel',
                constraint=models.UniqueConstraint(fields=('product', 'warehouse'), name='stock_level_unique'),
            ),
            migrations.AddConstraint(
                model_name='stocklevel',
                constraint=models.CheckConstraint(condition=models.Q(('on_hand__gte', 0)), name='stock_on_hand_not_negative'),
            ),
            migrations.AddConstraint(
                model_name='stocklevel',
                constraint=models.CheckConstraint(condition=models.Q(('reserved__gte', 0), ('reserved__lte', models.F('on_hand'))), name='stock_not_over_reserved'),
            ),
        ),
        content_types_move("ordering", "stock", ['warehouse', 'stocklevel', 'stockreservation']),
    ]
