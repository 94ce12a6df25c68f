"""The registry field names the registry and its town only: the invoice adds
the SIREN after it, so the old default printed the SIREN twice
("RCS Lyon 512 345 678 512345678"). A settings row still holding that
default is corrected; a value a manager typed is kept."""

from django.db import migrations, models

OLD_DEFAULT = "RCS Lyon 512 345 678"


def correct_the_default(apps, schema_editor):
    settings = apps.get_model("invoicing", "InvoicingSettings")
    settings.objects.filter(registry=OLD_DEFAULT).update(registry="RCS Lyon")


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0002_issued_documents_never_change")]

    operations = [
        migrations.AlterField(
            model_name="invoicingsettings",
            name="registry",
            field=models.CharField(
                default="RCS Lyon",
                help_text="The registry and its town, as in RCS Lyon: the SIREN "
                "follows it.",
                max_length=80,
                verbose_name="trade registry",
            ),
        ),
        migrations.RunPython(correct_the_default, migrations.RunPython.noop),
    ]
