"""Where readers struggle: documentation that ends in a technician's visit."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReaderStruggle(models.Model):
    """How many times, on one day, a page ended in a visit request or was read
    just before one: one row per page, day and kind, counted up.

    No reader is kept: the editors need to know which pages fail their
    readers, not who read them. A row per day lets the report look back 90
    days and the daily purge forget what is older than 180.
    """

    class Kind(models.TextChoices):
        VISIT_ASKED = "visit_asked", _("Ended in a visit request")
        READ_BEFORE = "read_before", _("Read just before a visit request")

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("what happened"), max_length=12, choices=Kind.choices)
    count = models.PositiveIntegerField(_("times"), default=1)

    class Meta:
        verbose_name = _("page where readers struggled")
        verbose_name_plural = _("pages where readers struggled")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "day", "kind"], name="reader_struggle_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="reader_struggle_day_idx")]

    def __str__(self):
        return f"{self.page_id} {self.day} {self.kind}"
