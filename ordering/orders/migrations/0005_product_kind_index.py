"""Find appliances by name without reading the whole catalogue (stock search)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ordering", "0004_order_search_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=["kind", "name", "reference"], name="product_kind_name_idx"
            ),
        ),
    ]
