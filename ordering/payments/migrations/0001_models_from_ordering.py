"""Payments and handled Stripe events move from ``ordering`` to ``payments``.

The tables stay as they are (``db_table``): only Django's idea of which
app holds each model changes."""


import django.db.models.deletion
import portal.choices
from django.db import migrations, models
from portal.migration_operations import content_types_move, state_only


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('ordering', '0009_search_folded_columns'),
        ('ordering', '0010_models_leave_for_their_rooms'),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='StripeEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('event_id', models.CharField(max_length=255, unique=True)),
                    ('type', models.CharField(max_length=100)),
                    ('received_at', models.DateTimeField(auto_now_add=True)),
                ],
                options={
                    'db_table': 'ordering_stripeevent',
                },
            ),
            migrations.CreateModel(
                name='Payment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount')),
                    ('currency', models.CharField(default='EUR', max_length=3, verbose_name='currency')),
                    ('status', models.CharField(choices=[('pending', 'Awaiting payment'), ('processing', 'Processing'), ('succeeded', 'Paid'), ('failed', 'Failed'), ('expired', 'Expired'), ('refunded', 'Refunded')], default='pending', max_length=12, verbose_name='status')),
                    ('checkout_session_id', models.CharField(max_length=255, unique=True)),
                    ('checkout_url', models.URLField(blank=True, max_length=1000)),
                    ('payment_intent_id', models.CharField(blank=True, db_index=True, max_length=255)),
                    ('refund_id', models.CharField(blank=True, max_length=255)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('order', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='ordering.order')),
                ],
                options={
                    'verbose_name': 'payment',
                    'verbose_name_plural': 'payments',
                    'db_table': 'ordering_payment',
                    'ordering': ['-created_at'],
                },
                bases=(portal.choices.ChoiceLabels, models.Model),
            ),
        ),
        content_types_move("ordering", "payments", ['payment', 'stripeevent']),
    ]
