"""The portal's own screens in the Wagtail admin: background tasks."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.network.rights import may
from portal import admin_tasks


@hooks.register("register_admin_urls")
def register_task_urls():
    return [
        path("tasks/", admin_tasks.task_list, name="portal_tasks"),
        path(
            "tasks/<uuid:task_id>/retry/",
            admin_tasks.task_retry,
            name="portal_tasks_retry",
        ),
    ]


class TasksMenuItem(MenuItem):
    def is_shown(self, request):
        return may(request.user, "tasks.retry")


@hooks.register("register_settings_menu_item")
def register_tasks_menu_item():
    return TasksMenuItem(
        _("Background tasks"), reverse("portal_tasks"), icon_name="warning", order=900
    )
