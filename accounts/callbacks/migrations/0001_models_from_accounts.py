"""Callback requests move from ``accounts`` to ``callbacks``.

The table stays as it is (``db_table``): only Django's idea of which app
holds the model changes; its content type is renamed in place so permissions,
Wagtail log entries and revisions follow."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from portal.migration_operations import content_types_move, state_only


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0014_customer_models_leave'),
        ('contenttypes', '0002_remove_content_type_name'),
        ("customers", "0001_models_from_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='CallbackRequest',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reason', models.CharField(choices=[('fault', 'A fault or a fault code'), ('maintenance', 'Maintenance or consumables'), ('order', 'An order or a delivery'), ('installation', 'An installation to plan'), ('other', 'Something else')], max_length=15, verbose_name='reason')),
                    ('fault_code', models.CharField(blank=True, max_length=12, verbose_name='fault code')),
                    ('details', models.TextField(blank=True, verbose_name='what it is about')),
                    ('phone', models.CharField(max_length=30, verbose_name='number to call')),
                    ('preferred_on', models.DateField(blank=True, null=True, verbose_name='preferred day')),
                    ('preferred_slot', models.CharField(choices=[('any', 'Any time'), ('morning', 'Morning (9:00–12:00)'), ('afternoon', 'Afternoon (14:00–18:00)')], default='any', max_length=10, verbose_name='preferred time')),
                    ('due_at', models.DateTimeField(verbose_name='call back by')),
                    ('status', models.CharField(choices=[('open', 'Open'), ('in_progress', 'In progress'), ('done', 'Done'), ('missed', 'Missed')], default='open', max_length=12, verbose_name='status')),
                    ('source', models.CharField(choices=[('customer', 'The customer, from their space'), ('reseller', 'A reseller'), ('call_center', 'The call center, during a call')], max_length=12, verbose_name='asked through')),
                    ('created_at', models.DateTimeField(verbose_name='asked')),
                    ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='taken')),
                    ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='called back')),
                    ('missed_at', models.DateTimeField(blank=True, null=True, verbose_name='marked missed')),
                    ('outcome', models.TextField(blank=True, verbose_name='outcome')),
                    ('reminder_claimed_at', models.DateTimeField(blank=True, editable=False, null=True)),
                    ('reminder_sent_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='owner reminded')),
                    ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'callback request',
                    'verbose_name_plural': 'callback requests',
                    'db_table': 'accounts_callbackrequest',
                    'ordering': ['due_at', 'pk'],
                },
            ),
            migrations.AddField(
                model_name='callbackrequest',
                name='customer',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='callbacks', to='customers.customer', verbose_name='customer'),
            ),
            migrations.AddField(
                model_name='callbackrequest',
                name='installation',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='callbacks', to='customers.installation', verbose_name='installation concerned'),
            ),
            migrations.AddField(
                model_name='callbackrequest',
                name='owner',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='callbacks_owned', to=settings.AUTH_USER_MODEL, verbose_name='agent'),
            ),
            migrations.AddField(
                model_name='callbackrequest',
                name='owner_organisation',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='callbacks', to='accounts.organisation', verbose_name='reseller'),
            ),
            migrations.AddIndex(
                model_name='callbackrequest',
                index=models.Index(fields=['status', 'due_at'], name='callback_queue_idx'),
            ),
            migrations.AddIndex(
                model_name='callbackrequest',
                index=models.Index(fields=['owner_organisation', 'status', 'due_at'], name='callback_reseller_idx'),
            ),
            migrations.AddIndex(
                model_name='callbackrequest',
                index=models.Index(fields=['due_at'], name='callback_due_idx'),
            ),
            migrations.AddConstraint(
                model_name='callbackrequest',
                constraint=models.CheckConstraint(condition=models.Q(('owner__isnull', True), ('owner_organisation__isnull', True), _connector='OR'), name='callback_one_owner'),
            ),
            migrations.AddConstraint(
                model_name='callbackrequest',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'done'), _negated=True), ('done_at__isnull', False), _connector='OR'), name='callback_done_has_time'),
            ),
        ),
        content_types_move("accounts", "callbacks", ["callbackrequest"]),
    ]
