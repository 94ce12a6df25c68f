"""What readers searched for in the documentation and did not find."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchMiss(models.Model):
    """A header search that found nothing: one row per normalised query text.

    No user, organisation or IP is kept: editors need to know which words
    the documentation lacks, not who typed them.

    Why not ``wagtail.contrib.search_promotions`` (``Query`` and
    ``QueryDailyHits``)? It counts every search, found or not, one row per
    query and day, and its queries are the search promotions' keys: telling
    "found nothing" apart would need a second table anyway, a daily row per
    query grows with time, and the app would add admin screens (promotions)
    editors do not use. One row per query with a count and two dates is all
    the editors' list needs, and is updated with a single statement.
    """

    query = models.CharField(_("search"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("times"), default=1)
    first_searched_at = models.DateTimeField(_("first searched"))
    last_searched_at = models.DateTimeField(_("last searched"), db_index=True)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")

    def __str__(self):
        return self.query
