"""Every periodic job of the portal, in one list an operator cannot miss.

``manage.py run_scheduler`` (one process per installation, see
deploy/Procfile and deploy/oxyplus-scheduler.service) queues each job's task
at its time; the task workers run it, with their retries. Each task is safe
to run twice, so a second scheduler started by mistake costs a little work,
never a doubled e-mail: reminders, callback checks and publication all look
at what is already done. Times are in Europe/Paris (TIME_ZONE).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks task
    cron: str  # minute hour day month day-of-week
    why: str


JOBS = [
    Job(
        "callbacks",
        "accounts.callbacks.tasks.callbacks_check",
        "*/5 * * * *",
        "remind owners of callbacks due soon; mark missed ones",
    ),
    Job(
        "scheduled-publication",
        "portal.tasks.scheduled_pages_publish",
        "* * * * *",
        "publish documentation pages whose go-live time has come",
    ),
    Job(
        "maintenance-reminders",
        "accounts.customers.tasks.maintenance_reminders_send",
        "30 7 * * *",
        "remind customers of consumables due; tell their installers",
    ),
    Job(
        "safety-notice-reminders",
        "accounts.aftersales.tasks.safety_notice_reminders_send",
        "45 7 * * *",
        "remind installers of safety notices past due, once per unit",
    ),
    Job(
        "monthly-invoices",
        "ordering.invoicing.tasks.monthly_invoices_issue",
        "20 2 1 * *",
        "invoice last month's deliveries of resellers invoiced monthly",
    ),
    Job(
        "invoice-reminders",
        "ordering.invoicing.tasks.invoice_reminders_send",
        "10 8 * * *",
        "e-mail resellers their overdue invoices: due, +15 and +30 days, once each",
    ),
    Job(
        "pending-photos",
        "accounts.customers.tasks.pending_photos_purge",
        "17 * * * *",
        "delete photos of installation forms never saved",
    ),
    Job(
        "pending-visit-photos",
        "accounts.aftersales.tasks.pending_visit_photos_purge",
        "23 * * * *",
        "delete photos of service visit forms never recorded",
    ),
    Job(
        "search-misses",
        "pages.tasks.search_misses_forget",
        "50 3 * * *",
        "forget searches that found nothing, not typed again for 180 days",
    ),
    Job(
        "task-results",
        "portal.tasks.task_results_prune",
        "40 3 * * *",
        "delete finished tasks older than PORTAL_TASK_RESULTS_KEEP_DAYS",
    ),
]
