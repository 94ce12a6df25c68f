"""Demo data for accounts: resellers, their teams, staff, customers.

``seed`` creates the three demo resellers with their teams and the staff
users; ``seed_installations`` needs the catalogue of ``ordering.demo`` and
records the resellers' customers and installations; ``seed_installations_large``
adds the volume the benchmarks need on the bench resellers of
``ordering.demo.seed_large``; ``seed_callbacks`` records the callers of the
call center and the callback requests of the demo customers;
``seed_aftersales`` their units' visits and a safety notice. All are
idempotent.
"""

from accounts.demo.aftersales import seed_aftersales
from accounts.demo.callbacks import seed_callbacks
from accounts.demo.installations import seed_installations
from accounts.demo.large import seed_installations_large
from accounts.demo.organisations import DEMO_PASSWORD, RESELLERS, STAFF, seed

__all__ = [
    "DEMO_PASSWORD",
    "RESELLERS",
    "STAFF",
    "seed",
    "seed_aftersales",
    "seed_callbacks",
    "seed_installations",
    "seed_installations_large",
]
