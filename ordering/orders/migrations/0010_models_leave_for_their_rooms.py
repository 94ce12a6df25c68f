"""The catalogue, stock, shipping and payment models leave ``ordering`` for their own apps.

The tables stay as they are (``db_table``): only Django's idea of which
app holds each model changes."""


import django.db.models.deletion
from django.db import migrations, models
from portal.migration_operations import state_only


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0012_products_and_price_lists_from_catalogue'),
        ('catalogue', '0001_models_from_ordering'),
        ('ordering', '0009_search_folded_columns'),
        ('pages', '0006_appliances_from_catalogue'),
    ]

    operations = [
        state_only(
            migrations.RemoveField(
                model_name='shipment',
                name='carrier',
            ),
            migrations.RemoveField(
                model_name='compatibility',
                name='appliance',
            ),
            migrations.RemoveField(
                model_name='compatibility',
                name='part',
            ),
            migrations.RemoveField(
                model_name='payment',
                name='order',
            ),
            migrations.RemoveField(
                model_name='pricelistentry',
                name='price_list',
            ),
            migrations.RemoveField(
                model_name='pricelistentry',
                name='product',
            ),
            migrations.RemoveField(
                model_name='product',
                name='image',
            ),
            migrations.AlterField(
                model_name='cartline',
                name='product',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.product'),
            ),
            migrations.AlterField(
                model_name='orderline',
                name='product',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='order_lines', to='catalogue.product'),
            ),
            migrations.RemoveField(
                model_name='stocklevel',
                name='product',
            ),
            migrations.RemoveField(
                model_name='shipment',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='shipment',
                name='order',
            ),
            migrations.RemoveField(
                model_name='shipmentline',
                name='shipment',
            ),
            migrations.RemoveField(
                model_name='trackingevent',
                name='shipment',
            ),
            migrations.RemoveField(
                model_name='shipmentline',
                name='order_line',
            ),
            migrations.RemoveField(
                model_name='stocklevel',
                name='warehouse',
            ),
            migrations.RemoveField(
                model_name='stockreservation',
                name='stock_level',
            ),
            migrations.RemoveField(
                model_name='stockreservation',
                name='order_line',
            ),
            migrations.DeleteModel(
                name='StripeEvent',
            ),
            migrations.DeleteModel(
                name='Carrier',
            ),
            migrations.DeleteModel(
                name='Compatibility',
            ),
            migrations.DeleteModel(
                name='Payment',
            ),
            migrations.DeleteModel(
                name='PriceList',
            ),
            migrations.DeleteModel(
                name='PriceListEntry',
            ),
            migrations.DeleteModel(
                name='Product',
            ),
            migrations.DeleteModel(
                name='Shipment',
            ),
            migrations.DeleteModel(
                name='TrackingEvent',
            ),
            migrations.DeleteModel(
                name='ShipmentLine',
            ),
            migrations.DeleteModel(
                name='Warehouse',
            ),
            migrations.DeleteModel(
                name='StockLevel',
            ),
            migrations.DeleteModel(
                name='StockReservation',
            ),
        ),
    ]
