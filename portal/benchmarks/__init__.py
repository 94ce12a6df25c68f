"""Benchmarks: time the reseller and staff pages on the data set in the database.

Meant to run after ``seed_demo --scale large``. Each case is requested
through Django's test client as the buyer of the busiest reseller, with the
whole middleware stack; beside it, a bare view renders a template to a
response of the same byte length through the same stack, so the ratio shows
what the page itself adds to Django's own cost. Timings never fail the
command: they are printed next to the targets.

To measure another page, add a ``Case`` to ``CASES`` in
``portal.benchmarks.cases``; ``manage.py benchmark`` runs them.
"""
