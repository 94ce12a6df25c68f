"""Customers, installations, photos, reminders, links, e-mails and the audit log
move from ``accounts`` to ``customers``.

The tables stay as they are (``db_table``): only Django's idea of which
app holds each model changes; the content types are renamed in place so
permissions, Wagtail log entries and revisions follow."""

import accounts.customers.models.customers
import django.db.models.deletion
import django.db.models.functions.text
import portal.folding
import portal.storage
from django.conf import settings
from django.db import migrations, models
from portal.migration_operations import content_types_move, state_only


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0013_models_leave_for_customers_and_callbacks'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('catalogue', '0001_models_from_ordering'),
        ('ordering', '0010_models_leave_for_their_rooms'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='Customer',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('first_name', models.CharField(max_length=150, verbose_name='first name')),
                    ('last_name', models.CharField(max_length=150, verbose_name='last name')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                    ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                    ('line1', models.CharField(max_length=200, verbose_name='address')),
                    ('line2', models.CharField(blank=True, max_length=200, verbose_name='address (continued)')),
                    ('postcode', models.CharField(max_length=10, verbose_name='postcode')),
                    ('city', models.CharField(max_length=100, verbose_name='town')),
                    ('country', models.CharField(default='FR', max_length=2, verbose_name='country')),
                    ('search_folded', models.GeneratedField(db_persist=True, expression=portal.folding.Fold(django.db.models.functions.text.Concat('first_name', models.Value(' '), 'last_name', models.Value(' '), 'city', output_field=models.TextField())), output_field=models.TextField())),
                    ('shares_record', models.BooleanField(default=False, help_text='The customer agrees that Oxyplus and their installer share this record, and to receive their customer space and maintenance reminders.', verbose_name='agrees to the shared record')),
                    ('consent_recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='consent recorded')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('erased_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='personal data erased')),
                    ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='customer', to=settings.AUTH_USER_MODEL, verbose_name='customer space login')),
                ],
                options={
                    'verbose_name': 'customer',
                    'verbose_name_plural': 'customers',
                    'db_table': 'accounts_customer',
                    'ordering': ['last_name', 'first_name', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='AuditEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('action', models.CharField(choices=[('customer_exported', 'Customer data exported'), ('customer_erased', 'Customer personal data erased'), ('credit_reassigned', 'Sale credited to another reseller')], max_length=30, verbose_name='action')),
                    ('subject', models.CharField(max_length=200, verbose_name='about')),
                    ('reason', models.TextField(blank=True, verbose_name='reason')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='when')),
                    ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                    ('order', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='audit_entries', to='ordering.order')),
                    ('customer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='audit_entries', to='customers.customer')),
                ],
                options={
                    'verbose_name': 'audit entry',
                    'verbose_name_plural': 'audit log',
                    'db_table': 'accounts_auditentry',
                    'ordering': ['-created_at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='CustomerEmail',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('template', models.CharField(max_length=80)),
                    ('subject', models.CharField(max_length=250, verbose_name='subject')),
                    ('sent_at', models.DateTimeField(verbose_name='sent')),
                    ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='emails', to='customers.customer')),
                ],
                options={
                    'verbose_name': 'email sent to a customer',
                    'verbose_name_plural': 'emails sent to customers',
                    'db_table': 'accounts_customeremail',
                    'ordering': ['-sent_at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='Installation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Recorded')], default='draft', max_length=10, verbose_name='status')),
                    ('serial_number', models.CharField(blank=True, max_length=40, verbose_name='serial number')),
                    ('serial_compact', models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Upper(models.F('serial_number')), models.Value('-'), models.Value('')), models.Value(' '), models.Value('')), models.Value('.'), models.Value('')), models.Value('/'), models.Value('')), output_field=models.CharField(max_length=40))),
                    ('installed_on', models.DateField(blank=True, null=True, verbose_name='installation date')),
                    ('water_hardness', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, verbose_name='water hardness (°f)')),
                    ('water_pressure', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, verbose_name='water pressure (bar)')),
                    ('site_notes', models.TextField(blank=True, verbose_name='site notes')),
                    ('draft_data', models.JSONField(blank=True, default=dict, editable=False)),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='recorded')),
                    ('appliance', models.ForeignKey(blank=True, limit_choices_to={'kind': 'appliance'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='installations', to='catalogue.product', verbose_name='appliance')),
                    ('customer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='installations', to='customers.customer', verbose_name='customer')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='installations', to='accounts.organisation', verbose_name='installer')),
                    ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'installation',
                    'verbose_name_plural': 'installations',
                    'db_table': 'accounts_installation',
                    'ordering': ['-installed_on', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='CustomerLink',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('email', models.EmailField(max_length=254, verbose_name='email address')),
                    ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                    ('state', models.CharField(choices=[('pending', 'Waiting for the customer'), ('accepted', 'Joined by the customer'), ('declined', 'Refused by the customer')], default='pending', max_length=10, verbose_name='state')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='asked')),
                    ('expires_at', models.DateTimeField(verbose_name='expires')),
                    ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='answered')),
                    ('customer', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='links_asked', to='customers.customer', verbose_name="installer's record")),
                    ('existing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links_offered', to='customers.customer', verbose_name='existing record')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='accounts.organisation', verbose_name='installer')),
                    ('installation', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='customer_links', to='customers.installation', verbose_name='installation')),
                ],
                options={
                    'verbose_name': 'request to join a customer record',
                    'verbose_name_plural': 'requests to join a customer record',
                    'db_table': 'accounts_customerlink',
                    'ordering': ['-created_at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='InstallationConsumable',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('quantity', models.PositiveSmallIntegerField(default=1, verbose_name='quantity')),
                    ('last_changed_on', models.DateField(verbose_name='last changed')),
                    ('interval_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='change every (months)')),
                    ('next_due_on', models.DateField(blank=True, null=True, verbose_name='next change')),
                    ('installation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consumables', to='customers.installation')),
                    ('part', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.product', verbose_name='consumable')),
                ],
                options={
                    'verbose_name': 'consumable fitted',
                    'verbose_name_plural': 'consumables fitted',
                    'db_table': 'accounts_installationconsumable',
                    'ordering': ['installation', 'part__name'],
                },
            ),
            migrations.CreateModel(
                name='InstallationPhoto',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('token', models.CharField(editable=False, max_length=32, unique=True)),
                    ('image', models.FileField(storage=portal.storage.private_storage, upload_to=accounts.customers.models.customers._photo_path)),
                    ('width', models.PositiveIntegerField()),
                    ('height', models.PositiveIntegerField()),
                    ('size', models.PositiveIntegerField(verbose_name='size in bytes')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('installation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='customers.installation')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
                    ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'installation photo',
                    'verbose_name_plural': 'installation photos',
                    'db_table': 'accounts_installationphoto',
                    'ordering': ['created_at', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='MaintenanceReminder',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('due_on', models.DateField(verbose_name='due on')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('customer_claimed_at', models.DateTimeField(blank=True, null=True)),
                    ('customer_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent to the customer')),
                    ('reseller_claimed_at', models.DateTimeField(blank=True, null=True)),
                    ('reseller_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent to the installer')),
                    ('consumable', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='customers.installationconsumable')),
                ],
                options={
                    'verbose_name': 'maintenance reminder',
                    'verbose_name_plural': 'maintenance reminders',
                    'db_table': 'accounts_maintenancereminder',
                    'ordering': ['due_on', 'pk'],
                },
            ),
            migrations.AddIndex(
                model_name='customer',
                index=models.Index(fields=['phone'], name='customer_phone_idx'),
            ),
            migrations.AddIndex(
                model_name='customer',
                index=models.Index(fields=['last_name', 'first_name'], name='customer_name_idx'),
            ),
            migrations.AddIndex(
                model_name='customer',
                index=models.Index(fields=['city'], name='customer_city_idx'),
            ),
            migrations.AddConstraint(
                model_name='customer',
                constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), condition=models.Q(('email', ''), _negated=True), name='customer_email_unique'),
            ),
            migrations.AddIndex(
                model_name='customeremail',
                index=models.Index(fields=['customer', '-sent_at'], name='customer_email_idx'),
            ),
            migrations.AddIndex(
                model_name='installation',
                index=models.Index(fields=['organisation', 'status', '-installed_on'], name='installation_org_recent_idx'),
            ),
            migrations.AddIndex(
                model_name='installation',
                index=models.Index(fields=['serial_number'], name='installation_serial_idx'),
            ),
            migrations.AddIndex(
                model_name='installation',
                index=models.Index(fields=['serial_compact'], name='installation_compact_idx'),
            ),
            migrations.AddConstraint(
                model_name='installation',
                constraint=models.UniqueConstraint(condition=models.Q(('status', 'submitted')), fields=('appliance', 'serial_number'), name='installation_serial_unique'),
            ),
            migrations.AddConstraint(
                model_name='installation',
                constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), models.Q(('appliance__isnull', False), ('customer__isnull', False), ('installed_on__isnull', False), models.Q(('serial_number', ''), _negated=True)), _connector='OR'), name='installation_recorded_is_complete'),
            ),
            migrations.AddIndex(
                model_name='installationconsumable',
                index=models.Index(fields=['next_due_on'], name='consumable_due_idx'),
            ),
            migrations.AddConstraint(
                model_name='installationconsumable',
                constraint=models.UniqueConstraint(fields=('installation', 'part'), name='consumable_once_per_installation'),
            ),
            migrations.AddConstraint(
                model_name='maintenancereminder',
                constraint=models.UniqueConstraint(fields=('consumable', 'due_on'), name='one_reminder_per_due_date'),
            ),
        ),
        content_types_move("accounts", "customers", ["customer", "auditentry", "customeremail", "installation", "customerlink", "installationconsumable", "installationphoto", "maintenancereminder"]),
    ]
