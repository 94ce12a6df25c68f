"""Documents of the documentation (PDF, drawings), kept in private storage."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document

from portal.storage import private_storage


class TechnicalDocument(AbstractDocument):
    """Wagtail documents kept in private storage: only the serve view reads them."""

    file = models.FileField(
        upload_to="documents", storage=private_storage, verbose_name=_("file")
    )
    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
