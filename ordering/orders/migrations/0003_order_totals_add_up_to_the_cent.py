"""Compare order totals to the cent: SQLite adds decimals as floats."""

from decimal import Decimal

from django.db import migrations, models
from django.db.models.functions import Round
from django.db.models.lookups import Exact


class Migration(migrations.Migration):
    dependencies = [
        ("ordering", "0002_staff_permissions"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="order",
            name="order_totals_add_up",
        ),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.CheckConstraint(
                condition=Exact(
                    Round(
                        models.F("total_excl_vat")
                        + models.F("total_vat")
                        - models.F("total_incl_vat"),
                        2,
                    ),
                    Decimal("0"),
                ),
                name="order_totals_add_up",
            ),
        ),
    ]
