"""A small shared world for the tests that walk every URL: one person per role,
and the same kinds of objects twice, once for reseller A and its customer
(``own``) and once for reseller B and its customer (``other``).

Nobody in ``users`` belongs to B: B's own people (its owner, buyer,
technician, customer) live in ``other`` and only make B's objects. The world
is built from the factories and the services, a handful of rows per kind:
never the demo data.

``url_kwargs(name, objects)`` gives the path parameters of a URL name built
on ``own`` or ``other``; it knows the portal's patterns, the API's and the
Wagtail admin's object pages, and raises ``KeyError`` for any other name, so
a new pattern is noticed by whoever walks the resolver. Patterns whose
parameters are positional regex groups are reached by their objects' own
URLs: a documentation page by ``objects.page.url`` (``wagtail_serve``), the
shared document by ``world.shared.document.url`` (``wagtaildocs_serve``).

Each side also holds: ``owner_user``, ``buyer_user``, ``technician_user``
and ``customer_user`` (its people), ``invitation_token`` (the pending
invitation's secret), ``open_order`` (placed, cancellable),
``customer_order`` (the customer's own order), ``invoice`` (its shipment's,
part paid by ``payment``, part credited by ``credit_note``), ``api_token_secret``,
``technical_sheet``, ``manual``, ``revision`` and ``audit_entry``.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Site, Task, Workflow

from accounts.aftersales.models import UnitNotice, VisitPhoto
from accounts.aftersales.services.claims import claim_file
from accounts.aftersales.services.visits import VisitDetails, visit_record
from accounts.customers.models import AuditEntry, InstallationPhoto
from accounts.network.models import OrganisationAddress, Role, User
from accounts.network.services import ApiTokenError, api_token_create, invitation_create
from ordering.invoicing.models import Invoice
from ordering.invoicing.services import credit_note_issue
from ordering.invoicing.services.payments import payment_record
from ordering.orders import services
from ordering.orders.models import Order
from ordering.shipping import services as shipping_services
from tests.accounts.aftersales.factories import notice_folder, safety_notice
from tests.accounts.factories import (
    CallbackRequestFactory,
    CustomerFactory,
    DraftInstallationFactory,
    InstallationFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    fitted,
)
from tests.conftest import restore_migration_rows
from tests.ordering.factories import (
    ApplianceFactory,
    CarrierFactory,
    CompatibilityFactory,
    PriceListFactory,
    StockLevelFactory,
    WarehouseFactory,
    placed_order,
    stocked,
)
from tests.pages.factories import (
    fault_code,
    manual,
    site_with_documentation,
    technical_sheet,
)

ROLES = (
    "owner",
    "buyer",
    "technician",
    "customer",
    "agent",
    "manager",
    "editor",
    "reviewer",
    "superuser",
    "anonymous",
)
STAFF_GROUPS = {
    "agent": "Call center",
    "manager": "Managers",
    "editor": "Content editors",
    "reviewer": "Documentation reviewers",
}


@dataclass
class World:
    users: dict[str, User | None]
    own: SimpleNamespace
    other: SimpleNamespace
    # role -> the secret of a live API token, for the roles that may hold one.
    tokens: dict[str, str] = field(default_factory=dict)
    # What both sides share: the documentation tree, the Wagtail site.
    shared: SimpleNamespace = field(default_factory=SimpleNamespace)


def _jpeg(colour=(30, 110, 170)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (64, 48), colour).save(out, format="JPEG")
    return out.getvalue()


# The buyers order on account for their workshop (``delivery_address``).
WORKSHOP = services.Delivery(
    name="Atelier", line1="12 rue de la Charité", postcode="69002", city="Lyon"
)


def _side(
    tag: str,
    *,
    shared: SimpleNamespace,
    carrier,
    agent: User,
    people: dict[str, User] | None = None,
) -> SimpleNamespace:
    """One reseller with its people, customer and every kind of object."""
    ns = SimpleNamespace()
    letter = tag.upper()
    ns.organisation = OrganisationFactory(
        name=f"Revendeur {letter}",
        slug=f"revendeur-{tag}",
        may_order_on_account=True,
        price_list=PriceListFactory(name=f"Tarif {letter}"),
    )
    ns.address = OrganisationAddress.objects.create(
        organisation=ns.organisation,
        kind=OrganisationAddress.Kind.DELIVERY,
        label="Atelier",
        line1="12 rue de la Charité",
        postcode="69002",
        city="Lyon",
    )
    people = dict(people or {})
    for role in (Role.OWNER, Role.BUYER, Role.TECHNICIAN):
        if role not in people:
            people[role] = UserFactory(email=f"{role}-{tag}@example.test")
        MembershipFactory(user=people[role], organisation=ns.organisation, role=role)
    ns.owner_user = people[Role.OWNER]
    ns.buyer_user = people[Role.BUYER]
    ns.technician_user = people[Role.TECHNICIAN]
    # A colleague: the member the team pages act on, never the viewer.
    ns.membership = MembershipFactory(
        user=UserFactory(email=f"colleague-{tag}@example.test"),
        organisation=ns.organisation,
        role=Role.BUYER,
    )
    ns.invitation, ns.invitation_token = invitation_create(
        organisation=ns.organisation,
        email=f"invited-{tag}@example.test",
        role=Role.TECHNICIAN,
        invited_by=ns.owner_user,
    )

    # Catalogue: an appliance of this side, a consumable that fits it.
    ns.appliance = stocked(
        ApplianceFactory(name=f"AquaPure {letter}", reference=f"AQP-{letter}"),
        on_hand=10,
    )
    ns.product = stocked(
        reference=f"CAR-{letter}",
        name=f"Cartouche {letter}",
        replacement_interval_months=6,
    )
    CompatibilityFactory(appliance=ns.appliance, part=ns.product)
    ns.stock_level = ns.product.stock_levels.first()

    # Orders: one shipped in part (lines, a shipment, a tracking number), one
    # just placed (cancellable).
    ns.order = placed_order(
        ns.buyer_user,
        [(ns.product, 2), (ns.appliance, 2)],
        key=f"world-{tag}-1",
        delivery=WORKSHOP,
        purchase_order_reference=f"BC-{letter}-1",
        end_customer_name="Mme Girard",
    )
    first_line = ns.order.lines.order_by("pk").first()
    ns.shipment = shipping_services.shipment_create(
        order=ns.order,
        carrier=carrier,
        tracking_number=f"6A{letter}100",
        quantities={first_line.pk: first_line.quantity},
        by=agent,
    )
    ns.tracking_number = ns.shipment.tracking_number
    # Invoiced as it shipped; a transfer paid part of it, a credit note took
    # one unit back.
    ns.invoice = ns.shipment.invoicing.invoice
    ns.payment = payment_record(
        organisation=ns.organisation,
        amount=Decimal("10.00"),
        received_on=date(2026, 3, 1),
        reference=f"VIR-{letter}-0001",
        allocations={ns.invoice.pk: Decimal("10.00")},
        by=None,
    )
    ns.credit_note = credit_note_issue(
        invoice=ns.invoice,
        quantities={ns.invoice.lines.first().pk: 1},
        reason=Invoice.Reason.RETURN,
        by=agent,
    )
    ns.open_order = placed_order(
        ns.buyer_user,
        [(ns.product, 2)],
        key=f"world-{tag}-2",
        delivery=WORKSHOP,
        purchase_order_reference=f"BC-{letter}-2",
        end_customer_name="Mme Girard",
    )

    # The customer, with a customer-space login, and what the reseller did
    # for them.
    ns.customer_user = people.get("customer") or UserFactory(
        email=f"customer-{tag}@example.test"
    )
    ns.customer = CustomerFactory(
        user=ns.customer_user,
        email=ns.customer_user.email,
        first_name="Client",
        last_name=f"Revendeur {letter}",
        consent_recorded_at=timezone.now(),
    )
    ns.installation = InstallationFactory(
        organisation=ns.organisation,
        customer=ns.customer,
        appliance=ns.appliance,
        serial_number=f"SN-{letter}-0001",
        installed_on=date(2026, 1, 15),
        recorded_by=ns.technician_user,
        submitted_at=timezone.now(),
    )
    ns.consumable = fitted(ns.installation, ns.product)
    ns.draft_installation = DraftInstallationFactory(
        organisation=ns.organisation,
        recorded_by=ns.technician_user,
        draft_data={"serial_number": f"SN-{letter}-DRAFT"},
    )
    ns.photo = InstallationPhoto(
        token=f"{tag}" * 4 + "0" * (32 - 4 * len(tag)),
        organisation=ns.organisation,
        installation=ns.installation,
        uploaded_by=ns.technician_user,
        width=64,
        height=48,
        size=0,
    )
    content = _jpeg()
    ns.photo.size = len(content)
    ns.photo.image.save(f"{ns.photo.token}.jpg", ContentFile(content), save=False)
    ns.photo.save()
    ns.customer_order = services.customer_order_place(
        customer=ns.customer,
        by=ns.customer_user,
        installation=ns.installation,
        items=[(ns.product, 1)],
        payment_method=Order.PaymentMethod.BANK_TRANSFER,
        submission_key=f"world-{tag}-web",
    )
    ns.callback = CallbackRequestFactory(
        customer=ns.customer,
        installation=ns.installation,
        owner_organisation=ns.organisation,
        source="reseller",
        reason="fault",
        fault_code="E12",
    )
    # A warranty claim on the unit, with a photo, waiting for a decision.
    ns.claim_part = stocked(reference=f"EV-{letter}", name=f"Électrovanne {letter}")
    CompatibilityFactory(appliance=ns.appliance, part=ns.claim_part)
    ns.claim = claim_file(
        installation=ns.installation,
        by=ns.technician_user,
        part=ns.claim_part,
        quantity=1,
        fault_on=timezone.localdate(),
        symptom=f"Fuite de la vanne {letter}",
        photos=[SimpleUploadedFile("vanne.jpg", _jpeg(), content_type="image/jpeg")],
    )
    ns.claim_photo = ns.claim.photos.get()
    ns.api_token, ns.api_token_secret = api_token_create(
        user=ns.owner_user, name=f"Caisse {letter}"
    )
    ns.visit = visit_record(
        installation=ns.installation,
        by=ns.technician_user,
        details=VisitDetails(
            kind="maintenance",
            visited_on=ns.installation.installed_on,
            signed_by=ns.customer.full_name,
        ),
    )
    ns.visit_photo = VisitPhoto(
        token=f"{tag}v" * 4 + "0" * (32 - 4 * (len(tag) + 1)),
        organisation=ns.organisation,
        visit=ns.visit,
        uploaded_by=ns.technician_user,
        width=64,
        height=48,
        size=len(content),
    )
    ns.visit_photo.image.save(
        f"{ns.visit_photo.token}.jpg", ContentFile(content), save=False
    )
    ns.visit_photo.save()
    ns.audit_entry = AuditEntry.objects.create(
        action=AuditEntry.Action.CUSTOMER_EXPORTED,
        actor=agent,
        subject=ns.customer.full_name,
        customer=ns.customer,
    )

    # Documentation of this side's appliance, in the shared tree.
    ns.technical_sheet = technical_sheet(shared.docs["index"], ns.appliance)
    ns.manual = manual(shared.docs["index"], ns.appliance)
    ns.fault_code = fault_code(
        shared.docs["codes"],
        [ns.appliance],
        code=f"E{10 + ord(letter) - ord('A')}",
        title=f"Fuite {letter}",
        slug=f"fuite-{tag}",
    )
    ns.page = ns.technical_sheet
    # A safety notice on this side's appliance, sent to its unit.
    ns.safety_notice = safety_notice(
        [ns.appliance],
        folder=shared.notices,
        title=f"Avis {letter}",
        slug=f"avis-{tag}",
    )
    ns.unit_notice = UnitNotice.objects.get(
        notice=ns.safety_notice, installation=ns.installation
    )
    ns.revision = ns.page.latest_revision
    return ns


def _staff(role: str) -> User:
    user = StaffFactory(email=f"{role}@oxyplus.test")
    user.groups.add(Group.objects.get(name=STAFF_GROUPS[role]))
    return user


def _failed_task():
    """An invitation e-mail whose tries are spent (Administration, tasks)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, TaskResultStatus

    return DBTaskResult.objects.create(
        status=TaskResultStatus.FAILED,
        args_kwargs={
            "args": [],
            "kwargs": {"template": "accounts/email/invitation", "to": ["x@b.test"]},
        },
        task_path="portal.emails.email_send",
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        worker_ids=["w"],
        exception_class_path="smtplib.SMTPServerDisconnected",
        traceback="smtplib.SMTPServerDisconnected",
    )


def build_world() -> World:
    """Every role, reseller A with its customer, reseller B with its own."""
    restore_migration_rows()
    users: dict[str, User | None] = {
        role: _staff(role) for role in ("agent", "manager", "editor", "reviewer")
    }
    users["superuser"] = User.objects.create_superuser(
        email="admin@oxyplus.test", password="correct-horse-battery-42"
    )
    users["anonymous"] = None

    shared = SimpleNamespace()
    shared.docs = site_with_documentation()
    shared.notices = notice_folder(shared.docs["home"])
    shared.site = Site.objects.get(is_default_site=True)
    shared.warehouse = WarehouseFactory()
    shared.carrier = CarrierFactory()
    shared.collection = Collection.get_first_root_node().add_child(name="Fiches")
    image_model, document_model = get_image_model(), get_document_model()
    shared.image = image_model.objects.create(
        title="Photo de vanne",
        file=ImageFile(io.BytesIO(_jpeg()), name="vanne.jpg"),
    )
    shared.document = document_model.objects.create(
        title="Notice PDF", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="notice.pdf")
    )
    shared.workflow = Workflow.objects.order_by("pk").first()
    shared.task = Task.objects.order_by("pk").first()
    shared.group = Group.objects.get(name="Content editors")
    shared.failed_task = _failed_task()

    own_people = {
        Role.OWNER: UserFactory(email="owner@example.test"),
        Role.BUYER: UserFactory(email="buyer@example.test"),
        Role.TECHNICIAN: UserFactory(email="technician@example.test"),
        "customer": UserFactory(email="customer@example.test"),
    }
    agent = users["agent"]
    own = _side(
        "a", shared=shared, carrier=shared.carrier, agent=agent, people=own_people
    )
    other = _side("b", shared=shared, carrier=shared.carrier, agent=agent)
    for ns in (own, other):
        ns.shared = shared
    users.update(
        owner=own.owner_user,
        buyer=own.buyer_user,
        technician=own.technician_user,
        customer=own.customer_user,
    )
    # The callback queue also holds one nobody owns yet.
    CallbackRequestFactory(
        customer=own.customer, due_at=timezone.now() + timedelta(hours=2)
    )
    StockLevelFactory(product=own.appliance, warehouse=WarehouseFactory(code="nantes"))

    tokens = {}
    for role, user in users.items():
        if user is None:
            continue
        try:
            _token, secret = api_token_create(user=user, name=f"Jeton {role}")
        except ApiTokenError:
            continue
        tokens[role] = secret
    return World(users=users, own=own, other=other, tokens=tokens, shared=shared)


# --- URL parameters -----------------------------------------------------------

Kwargs = Callable[[SimpleNamespace], dict]


def _pk(attribute: str, name: str = "pk") -> Kwargs:
    return lambda o: {name: getattr(o, attribute).pk}


def _admin(prefix: str, kwargs: Kwargs) -> dict[str, Kwargs]:
    """The object pages of a Wagtail ``ModelViewSet`` (``<prefix>:edit``…)."""
    views = ("edit", "delete", "history", "history_results", "usage", "copy")
    return {f"{prefix}:{view}": kwargs for view in (*views, "inspect")}


def _shared(attribute: str, name: str = "pk") -> Kwargs:
    return lambda o: {name: getattr(o.shared, attribute).pk}


URL_KWARGS: dict[str, Kwargs] = {
    # Team and resellers.
    "invitation_accept": lambda o: {"token": o.invitation_token},
    "invitation_renew": lambda o: {"token": o.invitation_token},
    "team": lambda o: {"slug": o.organisation.slug},
    "member_role": lambda o: {"slug": o.organisation.slug, "pk": o.membership.pk},
    "member_remove": lambda o: {"slug": o.organisation.slug, "pk": o.membership.pk},
    "invitation_revoke": lambda o: {
        "slug": o.organisation.slug,
        "pk": o.invitation.pk,
    },
    "invitation_resend": lambda o: {
        "slug": o.organisation.slug,
        "pk": o.invitation.pk,
    },
    "organisation_suspend": lambda o: {"slug": o.organisation.slug},
    "organisation_reactivate": lambda o: {"slug": o.organisation.slug},
    # Installations.
    "installation_draft": _pk("draft_installation"),
    "installation_discard": _pk("draft_installation"),
    "installation_detail": _pk("installation"),
    "unit_notice": _pk("unit_notice"),
    "customer_notice": _pk("unit_notice"),
    "notice_follow": _pk("safety_notice", "page_id"),
    "installation_leave_behind": _pk("installation"),
    "installation_leave_behind_pdf": _pk("installation"),
    "consumable_changed": lambda o: {
        "pk": o.installation.pk,
        "consumable_pk": o.consumable.pk,
    },
    "installation_photo": lambda o: {"token": o.photo.token},
    # Service visits.
    "visit_new": _pk("installation"),
    "visit_report_pdf": _pk("visit"),
    "visit_photo": lambda o: {"token": o.visit_photo.token},
    # Warranty claims.
    "claim_detail": _pk("claim"),
    "claim_new": _pk("installation"),
    "claim_photo": lambda o: {"token": o.claim_photo.token},
    **_admin("warrantyclaim", _pk("claim")),
    **{
        f"warrantyclaim:{view}": _pk("claim")
        for view in ("approve", "refuse", "receive", "close")
    },
    # Customers and callbacks.
    "customer_detail": _pk("customer"),
    "customer_export": _pk("customer"),
    "customer_erase": _pk("customer"),
    "staff_callback_new": _pk("customer"),
    "staff_customer_order": _pk("customer"),
    "callback_detail": _pk("callback"),
    "callback_take": _pk("callback"),
    "callback_complete": _pk("callback"),
    "callback_assign": _pk("callback"),
    "api_token_revoke": _pk("api_token"),
    # The customer space.
    "customer_order": lambda o: {"number": o.customer_order.number},
    "customer_order_pay": lambda o: {"number": o.customer_order.number},
    "customer_installation": _pk("installation"),
    "customer_manual": _pk("installation"),
    "customer_fault_codes": _pk("installation"),
    "customer_fault_code": lambda o: {
        "pk": o.installation.pk,
        "code": o.fault_code.code,
    },
    "customer_visit_ask": lambda o: {
        "pk": o.installation.pk,
        "code": o.fault_code.code,
    },
    "customer_installation_reorder": _pk("installation"),
    # Ordering.
    "product": lambda o: {"reference": o.product.reference},
    "order_credit": lambda o: {"number": o.order.number},
    "order_detail": lambda o: {"number": o.order.number},
    "order_reorder": lambda o: {"number": o.order.number},
    "order_cancel": lambda o: {"number": o.open_order.number},
    "order_pay": lambda o: {"number": o.open_order.number},
    "carrier_webhook": lambda o: {"code": o.shared.carrier.code},
    # Invoices.
    "invoice_detail": lambda o: {"number": o.invoice.number},
    "invoice_pdf": lambda o: {"number": o.invoice.number},
    "invoice_xml": lambda o: {"number": o.invoice.number},
    # Files and the admin's task list.
    "public_media": lambda o: {"name": o.shared.image.file.name},
    "portal_tasks_retry": lambda o: {"task_id": o.shared.failed_task.pk},
    # Documentation.
    "documentation_subscription_toggle": lambda o: {"appliance_id": o.appliance.pk},
    # The API.
    "api:product_get": lambda o: {"reference": o.product.reference},
    "api:order_get": lambda o: {"number": o.order.number},
    "api:order_shipments": lambda o: {"number": o.order.number},
    "api:shipment_get": lambda o: {"shipment_id": o.shipment.pk},
    "api:installation_get": lambda o: {"installation_id": o.installation.pk},
    "api:installation_visits": lambda o: {"installation_id": o.installation.pk},
    "api:installation_claims": lambda o: {"installation_id": o.installation.pk},
    "api:installation_notices": lambda o: {"installation_id": o.installation.pk},
    "api:invoice_get": lambda o: {"number": o.invoice.number},
    "api:invoice_get_pdf": lambda o: {"number": o.invoice.number},
    "api:invoice_get_xml": lambda o: {"number": o.invoice.number},
    # Wagtail: pages, images, documents, collections, workflows.
    "wagtailadmin_explore": lambda o: {"parent_page_id": o.shared.docs["index"].pk},
    "wagtailadmin_explore_results": lambda o: {
        "parent_page_id": o.shared.docs["index"].pk
    },
    "wagtailadmin_choose_page_child": lambda o: {
        "parent_page_id": o.shared.docs["index"].pk
    },
    "wagtailadmin_pages:add_subpage": lambda o: {
        "parent_page_id": o.shared.docs["index"].pk
    },
    "wagtailadmin_pages:add": lambda o: {
        "content_type_app_name": "pages",
        "content_type_model_name": "technicalsheetpage",
        "parent_page_id": o.shared.docs["index"].pk,
    },
    "wagtailadmin_pages:preview_on_add": lambda o: {
        "content_type_app_name": "pages",
        "content_type_model_name": "technicalsheetpage",
        "parent_page_id": o.shared.docs["index"].pk,
    },
    "wagtailadmin_pages:type_use": lambda o: {
        "content_type_app_name": "pages",
        "content_type_model_name": "technicalsheetpage",
    },
    "wagtailadmin_pages:type_use_results": lambda o: {
        "content_type_app_name": "pages",
        "content_type_model_name": "technicalsheetpage",
    },
    "wagtailadmin_pages:choose_parent": lambda o: {
        "app_label": "pages",
        "model_name": "technicalsheetpage",
    },
    **{
        f"wagtailadmin_pages:{view}": _pk("page", "page_id")
        for view in (
            "usage",
            "edit",
            "preview_on_edit",
            "view_draft",
            "delete",
            "unpublish",
            "convert_alias",
            "copy",
            "confirm_workflow_cancellation",
            "set_privacy",
            "lock",
            "unlock",
            "revisions_index",
            "workflow_history",
            "history",
            "history_results",
        )
    },
    "wagtailadmin_pages:move": _pk("page", "page_to_move_id"),
    "wagtailadmin_pages:set_page_position": _pk("page", "page_to_move_id"),
    "wagtailadmin_pages:move_confirm": lambda o: {
        "page_to_move_id": o.page.pk,
        "destination_id": o.shared.docs["codes"].pk,
    },
    **{
        f"wagtailadmin_pages:revisions_{view}": lambda o: {
            "page_id": o.page.pk,
            "revision_id": o.revision.pk,
        }
        for view in ("view", "revert", "unschedule")
    },
    "wagtailadmin_api:pages:detail": _pk("page"),
    "wagtailadmin_api:images:detail": _shared("image"),
    "wagtailadmin_api:documents:detail": _shared("document"),
    "wagtailimages:edit": _shared("image", "image_id"),
    "wagtailimages:delete": _shared("image", "image_id"),
    "wagtailimages:url_generator": _shared("image", "image_id"),
    "wagtailimages:url_generator_output": _shared("image", "image_id"),
    "wagtailimages:image_usage": _shared("image", "image_id"),
    "wagtailimages:edit_multiple": _shared("image", "image_id"),
    "wagtailimages:delete_multiple": _shared("image", "image_id"),
    "wagtailimages:preview": lambda o: {
        "image_id": o.shared.image.pk,
        "filter_spec": "original",
    },
    "wagtailimages_chooser:chosen": lambda o: {"pk": str(o.shared.image.pk)},
    "wagtailimages_chooser:select_format": _shared("image", "image_id"),
    "wagtaildocs:edit": _shared("document", "document_id"),
    "wagtaildocs:delete": _shared("document", "document_id"),
    "wagtaildocs:document_usage": _shared("document", "document_id"),
    "wagtaildocs:edit_multiple": _shared("document", "doc_id"),
    "wagtaildocs:delete_multiple": _shared("document", "doc_id"),
    "wagtaildocs_chooser:chosen": lambda o: {"pk": str(o.shared.document.pk)},
    "wagtailadmin_collections:edit": _shared("collection"),
    "wagtailadmin_collections:delete": _shared("collection"),
    "wagtailadmin_collections:set_privacy": _shared("collection", "collection_id"),
    **{
        f"wagtailadmin_workflows:{view}": _shared("workflow")
        for view in ("enable", "disable", "edit", "usage", "usage_results")
    },
    **{
        f"wagtailadmin_workflows:{view}": _shared("task")
        for view in ("edit_task", "disable_task", "enable_task")
    },
    "wagtailadmin_workflows:task_chosen": _shared("task", "task_id"),
    **_admin("wagtailsites", _shared("site")),
    **_admin("wagtailusers_users", lambda o: {"pk": o.membership.user_id}),
    **_admin("wagtailusers_groups", _shared("group")),
    # The portal's own admin screens (ModelViewSet, one URL prefix per model).
    **_admin("organisation", _pk("organisation")),
    **_admin("membership", _pk("membership")),
    **_admin("invitation", _pk("invitation")),
    **_admin("customer", _pk("customer")),
    **_admin("installation", _pk("installation")),
    **_admin("auditentry", _pk("audit_entry")),
    **_admin("order", _pk("order")),
    **_admin("shipment", _pk("shipment")),
    **_admin("stocklevel", _pk("stock_level")),
    **_admin("product", _pk("product")),
    **_admin("pricelist", lambda o: {"pk": o.organisation.price_list_id}),
    **_admin("warehouse", _shared("warehouse")),
    **_admin("carrier", _shared("carrier")),
    # The invoice the world's shipment issued (invoiced per shipment).
    **_admin("invoice", lambda o: {"pk": o.organisation.invoices.first().pk}),
    "invoice:credit": lambda o: {"pk": o.organisation.invoices.first().pk},
}


def url_kwargs(name: str, objects: SimpleNamespace) -> dict:
    """The path parameters of URL ``name`` on ``objects`` (``world.own`` or
    ``world.other``); ``KeyError`` for a name this module does not know."""
    return URL_KWARGS[name](objects)
