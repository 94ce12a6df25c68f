"""Create the three staff groups with the Wagtail permissions DESIGN.md gives them.

Permissions are normally created after all migrations run; this migration
creates the rows it needs itself so it works on an empty database.
"""

from django.db import migrations

ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")


def _perm(apps, app_label, model, codename, name=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": name or codename.replace("_", " ").capitalize()},
    )
    return permission


def _model_perms(apps, app_label, model, actions):
    return [_perm(apps, app_label, model, f"{a}_{model}") for a in actions]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    access_admin = _perm(apps, *ADMIN)

    # Call centre: sees every reseller and its team, invites members.
    call_center_perms = [
        access_admin,
        *_model_perms(apps, "accounts", "organisation", ["view"]),
        *_model_perms(apps, "accounts", "membership", ["view"]),
        *_model_perms(apps, "accounts", "invitation", ["view", "add"]),
    ]
    call_center, _ = Group.objects.get_or_create(name="Call center")
    call_center.permissions.add(*call_center_perms)

    # Managers: the same, plus creating, editing and suspending resellers.
    managers, _ = Group.objects.get_or_create(name="Managers")
    managers.permissions.add(
        *call_center_perms,
        *_model_perms(apps, "accounts", "organisation", ["add", "change"]),
        *_model_perms(apps, "accounts", "membership", ["change"]),
        *_model_perms(apps, "accounts", "invitation", ["change", "delete"]),
    )

    # Content editors: the documentation tree, its images and documents.
    editors, _ = Group.objects.get_or_create(name="Content editors")
    editors.permissions.add(access_admin)
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in ["add_page", "change_page", "publish_page", "lock_page",
                         "unlock_page"]:
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page=root_page,
                permission=_perm(apps, "wagtailcore", "page", codename),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model in [("wagtailimages", "image"),
                                 ("wagtaildocs", "document")]:
            for action in ["add", "change", "choose"]:
                GroupCollectionPermission.objects.get_or_create(
                    group=editors,
                    collection=root_collection,
                    permission=_perm(apps, app_label, model, f"{action}_{model}"),
                )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(
        name__in=["Call center", "Managers", "Content editors"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
