"""Background tasks for staff, in the Wagtail admin ("Failed tasks").

A task that failed for good (its last try spent, or a bug) is listed with
what it was for (the e-mail's template and addressee, the refund), when it
failed, how many tries it took and its last error; "Try again" queues it
with all its tries back. Tasks still being tried are listed too, with their
next try. Only holders of ``tasks.retry`` (managers) see the screen; the
arguments themselves (e-mail contents, login codes) are never shown.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from accounts.network.rights import may
from portal.worker import task_retry_now

PAGE_SIZE = 50

# What each task is, in words staff use.
LABELS = {
    "portal.emails.email_send": gettext_lazy("E-mail"),
    "accounts.customers.emails.customer_email_send": gettext_lazy("E-mail"),
    "portal.emails.email_message_send": gettext_lazy("Account e-mail"),
    "ordering.payments.tasks.payment_refund_task": gettext_lazy("Card refund"),
    "pages.tasks.documentation_changed": gettext_lazy("Documentation alert"),
    "accounts.customers.tasks.maintenance_reminders_send": gettext_lazy(
        "Maintenance reminders"
    ),
    "accounts.callbacks.tasks.callbacks_check": gettext_lazy("Callback check"),
    "accounts.customers.tasks.pending_photos_purge": gettext_lazy(
        "Unsaved photos clean-up"
    ),
    "portal.tasks.scheduled_pages_publish": gettext_lazy("Scheduled publication"),
    "portal.tasks.task_results_prune": gettext_lazy("Old tasks clean-up"),
    "pages.tasks.search_misses_forget": gettext_lazy(
        "Old searches that found nothing clean-up"
    ),
    "ordering.invoicing.tasks.monthly_invoices_issue": gettext_lazy("Monthly invoices"),
    "ordering.invoicing.tasks.invoice_reminders_send": gettext_lazy(
        "Payment reminders"
    ),
    "ordering.invoicing.tasks.invoice_transmit": gettext_lazy(
        "Invoice sent to the e-invoicing platform"
    ),
}
VIEWS = {
    "failed": (gettext_lazy("Failed"), {"status": TaskResultStatus.FAILED}),
    "retrying": (
        gettext_lazy("Being tried again"),
        {"status": TaskResultStatus.READY, "worker_ids__len__gt": 0},
    ),
}


def describe(row: DBTaskResult) -> dict:
    kwargs = (row.args_kwargs or {}).get("kwargs", {})
    what = ""
    if "template" in kwargs:
        what = kwargs["template"].rsplit("/", 1)[-1].replace("_", " ")
    elif "subject" in kwargs:
        what = kwargs["subject"]
    elif "payment_id" in kwargs:
        what = _("payment %(id)s") % {"id": kwargs["payment_id"]}
    elif "invoice_id" in kwargs:
        what = _("invoice %(id)s") % {"id": kwargs["invoice_id"]}
    error_first_line = (row.traceback or "").strip().splitlines()[-1:] or [""]
    return {
        "row": row,
        "label": LABELS.get(row.task_path, row.task_path.rsplit(".", 1)[-1]),
        "what": what[:120],
        "to": ", ".join(kwargs.get("to", []))[:200],
        "tries": len(row.worker_ids),
        "error": error_first_line[0][:200],
    }


def _require_right(request: HttpRequest) -> None:
    if not may(request.user, "tasks.retry"):
        raise PermissionDenied


def task_list(request: HttpRequest) -> HttpResponse:
    _require_right(request)
    view = request.GET.get("view", "failed")
    if view not in VIEWS:
        view = "failed"
    rows = DBTaskResult.objects.filter(**VIEWS[view][1]).order_by("-enqueued_at")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "portal/admin/tasks.html",
        {
            "page_title": _("Background tasks"),
            "header_icon": "warning",
            "views": [
                (key, label, DBTaskResult.objects.filter(**flt).count())
                for key, (label, flt) in VIEWS.items()
            ],
            "view": view,
            "page": page,
            "tasks": [describe(row) for row in page.object_list],
        },
    )


@require_POST
def task_retry(request: HttpRequest, task_id: str) -> HttpResponse:
    _require_right(request)
    row = DBTaskResult.objects.filter(pk=task_id).first()
    if row is None:
        raise Http404
    if task_retry_now(row):
        messages.success(
            request, _("“%(task)s” is queued again.") % {"task": describe(row)["label"]}
        )
    else:
        messages.warning(request, _("This task had already been queued again."))
    return redirect("portal_tasks")
