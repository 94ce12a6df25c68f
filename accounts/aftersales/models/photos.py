"""Pictures a technician takes on a service visit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage


def _photo_path(photo: "VisitPhoto", filename: str) -> str:
    # Never the uploaded name: it may say who the customer is.
    return f"visits/{photo.organisation_id}/{photo.token}.jpg"


class VisitPhoto(models.Model):
    """A picture of a visit, re-encoded and kept in private storage.

    Like an installation photo, it waits without a visit until the form is
    recorded: a form sent back with an error keeps it.
    """

    token = models.CharField(max_length=32, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    visit = models.ForeignKey(
        "aftersales.ServiceVisit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    image = models.FileField(upload_to=_photo_path, storage=private_storage)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.token
