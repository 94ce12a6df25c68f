"""What the API tells of an installed unit: the installation with its
consumables, and its after-sales life: its warranty, the technicians'
visits, the warranty claims and the safety notices."""

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import AliasPath

from accounts.aftersales.models import ServiceVisit, WarrantyClaim
from accounts.aftersales.selectors import warranty_of
from accounts.customers.models import Installation
from accounts.customers.selectors import maintenance_schedule
from portal.api.schemas import Row, Text


class ServiceWindowOut(Row):
    due_on: date
    opens_on: date = Field(description="A maintenance visit from this day…")
    closes_on: date = Field(description="…to this day extends the warranty.")


class WarrantyOut(Row):
    under_warranty: bool = Field(alias="is_active")
    starts_on: date | None = Field(description="The installation date.")
    ends_on: date | None
    extensions: int = Field(description="Maintenance visits that extended it.")
    next_service: ServiceWindowOut | None = Field(
        alias="next_window",
        description="The next visit that keeps it; null when it cannot be extended.",
    )


class ChecklistAnswerOut(Row):
    label: str
    kind: str = "check"
    unit: str = ""
    done: bool | None = None
    value: str | None = None


class VisitPartOut(Row):
    reference: str = Field(validation_alias=AliasPath("part", "reference"))
    name: str = Field(validation_alias=AliasPath("part", "name"))
    quantity: int


class VisitOut(Schema):
    kind: ServiceVisit.Kind
    visited_on: date
    organisation: str = Field(
        validation_alias=AliasPath("organisation", "slug"), description="Who came."
    )
    fault_code: str
    fixed: bool | None = Field(description="For a repair: fixed on this visit.")
    checklist: list[ChecklistAnswerOut]
    parts: list[VisitPartOut]
    notes: str

    @staticmethod
    def resolve_parts(visit: ServiceVisit):
        return list(visit.parts.all())


class ClaimOut(Schema):
    rma_number: str | None = Field(description="Given when the claim is approved.")
    status: WarrantyClaim.Status
    filed_at: datetime = Field(alias="created_at")
    fault_on: date
    fault_code: str
    part: str = Field(validation_alias=AliasPath("part", "reference"))
    quantity: int
    remedy: str = Field(description="replacement or credit, once approved.")
    refusal_reason: str
    replacement_order: str | None = None

    @staticmethod
    def resolve_replacement_order(claim: WarrantyClaim):
        order = claim.replacement_order
        return order.number if order is not None else None


class UnitNoticeOut(Row):
    notice: str = Field(validation_alias=AliasPath("notice", "title"))
    notified_at: datetime
    action_due_on: date = Field(alias="due_on")
    read_at: datetime | None
    done_at: datetime | None
    note: str = Field(description="What the installer did.")


# --- Installations ---------------------------------------------------------------


class InstallationFilters(Schema):
    q: Text = Field(
        "",
        max_length=100,
        description="Customer name, town or postcode, or serial number.",
    )
    appliance: Text | None = Field(
        None, max_length=40, description="An appliance reference."
    )
    due_within_days: int | None = Field(
        None,
        ge=0,
        le=3660,
        description="Only installations with a consumable due by then, or overdue.",
    )


class ApplianceOut(Row):
    reference: str
    name: str


class CustomerOut(Row):
    name: str = Field(alias="full_name")
    town: str = Field(alias="city")


class ConsumableOut(Row):
    reference: str = Field(validation_alias=AliasPath("part", "reference"))
    name: str = Field(validation_alias=AliasPath("part", "name"))
    quantity: int
    last_changed_on: date
    interval_months: int | None
    next_change_on: date | None = Field(alias="next_due_on")


class InstallationOut(Row):
    id: int
    organisation: str = Field(
        validation_alias=AliasPath("organisation", "slug"),
        description="The installer's slug.",
    )
    appliance: ApplianceOut
    serial_number: str
    installed_on: date | None
    recorded_at: datetime | None = Field(alias="submitted_at")
    customer: CustomerOut
    consumables: list[ConsumableOut] = Field(
        validation_alias="schedule", description="Soonest change first."
    )
    warranty: WarrantyOut


def installation_row(installation: Installation) -> Installation:
    """The unit with what ``InstallationOut`` reads beyond its own fields:
    its consumables soonest due first, and its warranty."""
    installation.schedule = [
        row.consumable for row in maintenance_schedule(installation)
    ]
    installation.warranty = warranty_of(installation)
    return installation
