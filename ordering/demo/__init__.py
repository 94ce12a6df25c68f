"""Demo data for ordering: a believable catalogue and order history.

``seed`` builds the small demo every developer gets from ``make run``;
``seed_channels`` adds the web and call-center sales to the demo customers
once they exist; ``seed_large`` adds the volume the benchmarks need. All are
idempotent.
"""

from collections.abc import Callable

from ordering.demo import catalogue, history, invoices
from ordering.demo.channels import seed_channels
from ordering.demo.invoices import invoicing_deferred, seed_invoices, seed_payments
from ordering.demo.large import seed_large

__all__ = [
    "invoicing_deferred",
    "seed",
    "seed_channels",
    "seed_invoices",
    "seed_large",
    "seed_payments",
]


def seed(*, log: Callable[[str], None]) -> None:
    """Catalogue, stock, price lists, carriers, a year of archived
    deliveries, then the recent order history."""
    products = catalogue.seed(log=log)
    invoices.seed_archive(products=products, log=log)
    history.seed(products=products, log=log)
