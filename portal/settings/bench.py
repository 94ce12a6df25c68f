"""Benchmarks (``manage.py benchmark``, ``make bench``): the test settings
(DEBUG off, tasks run at once, mail kept in memory), but with the files where
the data was seeded, as in production: a thumbnail's rendition is read back
once made, where the tests' in-memory storage finds no original image and
made every page with pictures try again on every view."""

from portal.settings.base import STORAGES as SEEDED_STORAGES
from portal.settings.test import *
from portal.settings.test import STORAGES

STORAGES = {**STORAGES, "default": SEEDED_STORAGES["default"]}
