"""Clusterable models that cost a plain model's time to read from the database.

``modelcluster``'s ``ClusterableModel`` lets a new instance take its child
rows as keyword arguments (``Product(name=…, compatibilities=[…])``). To
tell them from fields, its constructor lists every relation of the model on
each instance, rows read from the database included: about 60 µs for a
product or an organisation, which have many relations. A list of 200 products
spent 12 ms there. Rows read from the database come as positional values,
never with child rows, so they skip that scan; any keyword argument takes
``modelcluster``'s path as before.
"""

from django.db import models
from modelcluster.models import ClusterableModel as BaseClusterableModel


class ClusterableModel(BaseClusterableModel):
    class Meta:
        abstract = True

    def __init__(self, *args, **kwargs):
        if kwargs:
            super().__init__(*args, **kwargs)
        else:
            models.Model.__init__(self, *args)
