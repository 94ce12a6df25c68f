"""Carriers, shipments and tracking events move from ``ordering`` to ``shipping``.

The tables stay as they are (``db_table``): only Django's idea of which
app holds each model changes."""


import django.db.models.deletion
import modelcluster.fields
import portal.choices
from django.conf import settings
from django.db import migrations, models
from portal.migration_operations import content_types_move, state_only


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('ordering', '0009_search_folded_columns'),
        ('ordering', '0010_models_leave_for_their_rooms'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='Carrier',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=100, verbose_name='name')),
                    ('code', models.SlugField(help_text="Used in the address of the carrier's event endpoint.", max_length=30, unique=True, verbose_name='code')),
                    ('tracking_url_pattern', models.CharField(help_text="The carrier's page, with {number} where the number goes.", max_length=300, verbose_name='tracking link pattern')),
                    ('webhook_secret', models.CharField(blank=True, help_text='Shared with the carrier to sign the events it pushes (HMAC).', max_length=100, verbose_name='webhook secret')),
                ],
                options={
                    'verbose_name': 'carrier',
                    'verbose_name_plural': 'carriers',
                    'db_table': 'ordering_carrier',
                    'ordering': ['name'],
                },
            ),
            migrations.CreateModel(
                name='Shipment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('tracking_number', models.CharField(max_length=60, verbose_name='tracking number')),
                    ('status', models.CharField(choices=[('in_transit', 'In transit'), ('delivered', 'Delivered')], default='in_transit', max_length=12, verbose_name='status')),
                    ('shipped_at', models.DateTimeField(verbose_name='shipped')),
                    ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered')),
                    ('carrier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='shipping.carrier', verbose_name='carrier')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('order', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='shipments', to='ordering.order', verbose_name='order')),
                ],
                options={
                    'verbose_name': 'shipment',
                    'verbose_name_plural': 'shipments',
                    'db_table': 'ordering_shipment',
                    'ordering': ['-shipped_at', '-id'],
                },
                bases=(portal.choices.ChoiceLabels, models.Model),
            ),
            migrations.CreateModel(
                name='ShipmentLine',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('quantity', models.PositiveIntegerField(verbose_name='quantity')),
                    ('order_line', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='shipment_lines', to='ordering.orderline', verbose_name='order line')),
                    ('shipment', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='shipping.shipment')),
                ],
                options={
                    'verbose_name': 'shipped line',
                    'verbose_name_plural': 'shipped lines',
                    'db_table': 'ordering_shipmentline',
                },
            ),
            migrations.CreateModel(
                name='TrackingEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('occurred_at', models.DateTimeField(verbose_name='time')),
                    ('status', models.CharField(choices=[('picked_up', 'Picked up'), ('in_transit', 'In transit'), ('out_for_delivery', 'Out for delivery'), ('delivered', 'Delivered'), ('exception', 'Delivery problem')], max_length=20, verbose_name='status')),
                    ('location', models.CharField(blank=True, max_length=120, verbose_name='place')),
                    ('description', models.CharField(blank=True, max_length=300, verbose_name='details')),
                    ('carrier_event_id', models.CharField(blank=True, editable=False, help_text="The carrier's id of the event, so a resent event is stored once.", max_length=100, null=True)),
                    ('shipment', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='tracking_events', to='shipping.shipment')),
                ],
                options={
                    'verbose_name': 'tracking event',
                    'verbose_name_plural': 'tracking events',
                    'db_table': 'ordering_trackingevent',
                    'ordering': ['-occurred_at', '-id'],
                },
                bases=(portal.choices.ChoiceLabels, models.Model),
            ),
            migrations.AddIndex(
                model_name='shipment',
                index=models.Index(fields=['tracking_number'], name='shipment_track_idx'),
            ),
            migrations.AddConstraint(
                model_name='shipment',
                constraint=models.UniqueConstraint(fields=('carrier', 'tracking_number'), name='shipment_tracking_unique'),
            ),
            migrations.AddConstraint(
                model_name='shipmentline',
                constraint=models.CheckConstraint(condition=models.Q(('quantity__gte', 1)), name='shipment_line_quantity_positive'),
            ),
            migrations.AddConstraint(
                model_name='trackingevent',
                constraint=models.UniqueConstraint(fields=('shipment', 'carrier_event_id'), name='tracking_event_once'),
            ),
        ),
        content_types_move("ordering", "shipping", ['carrier', 'shipment', 'shipmentline', 'trackingevent']),
    ]
