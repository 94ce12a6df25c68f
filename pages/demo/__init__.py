"""Demo content of the Wagtail site: the home page, then the documentation.

``seed`` runs first (the site and its root page); ``seed_documentation`` needs
the catalogue of ``ordering.demo``; ``seed_large`` adds the volume the search
benchmarks need. All three are idempotent.
"""

from pages.demo.documentation import seed_documentation
from pages.demo.large import seed_large
from pages.demo.site import seed

__all__ = ["seed", "seed_documentation", "seed_large"]
