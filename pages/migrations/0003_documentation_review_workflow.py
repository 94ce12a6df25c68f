"""Editors draft, reviewers publish: the documentation's moderation workflow.

Content editors lose the right to publish; a "Documentation reviewers" group
approves through Wagtail's workflow (draft → review → published). Both groups
manage the private technical documents that replaced Wagtail's default model.
"""

import importlib

from django.db import migrations

staff_groups = importlib.import_module("accounts.network.migrations.0002_staff_groups")

PAGE_EDIT = ["add_page", "change_page", "lock_page", "unlock_page"]


def _document_perms(apps):
    return [
        staff_groups._perm(apps, "pages", "technicaldocument", f"{a}_technicaldocument")
        for a in ["add", "change", "choose"]
    ]


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    editors, _ = Group.objects.get_or_create(name="Content editors")
    reviewers, _ = Group.objects.get_or_create(name="Documentation reviewers")
    reviewers.permissions.add(staff_groups._perm(apps, *staff_groups.ADMIN))
    publish = staff_groups._perm(apps, "wagtailcore", "page", "publish_page")
    if root_page is not None:
        GroupPagePermission.objects.filter(
            group=editors, page=root_page, permission=publish
        ).delete()
        for codename in [*PAGE_EDIT, "publish_page"]:
            GroupPagePermission.objects.get_or_create(
                group=reviewers,
                page=root_page,
                permission=staff_groups._perm(apps, "wagtailcore", "page", codename),
            )
    if root_collection is not None:
        for group in (editors, reviewers):
            for permission in [
                *_document_perms(apps),
                *staff_groups._model_perms(
                    apps, "wagtailimages", "image", ["add", "change", "choose"]
                ),
            ]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name="Documentation review",
        defaults={"content_type": task_type, "active": True},
    )
    task.groups.set([reviewers])
    workflow, _ = Workflow.objects.get_or_create(
        name="Documentation review", defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, sort_order=0)
    if root_page is not None:
        # Replaces Wagtail's default "Moderators approval" for the whole tree.
        WorkflowPage.objects.update_or_create(
            page=root_page, defaults={"workflow": workflow}
        )


def remove_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name="Documentation review").delete()
    Task.objects.filter(name="Documentation review").delete()
    Group.objects.filter(name="Documentation reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_documentation_tree"),
        ("accounts", "0002_staff_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
