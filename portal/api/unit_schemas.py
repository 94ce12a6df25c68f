"""What the API tells of an installed unit's after-sales life: its warranty
and the technicians' visits."""

from datetime import date

from ninja import Field, Schema

from accounts.aftersales.models import ServiceVisit
from accounts.aftersales.warranty import Warranty


class ServiceWindowOut(Schema):
    due_on: date
    opens_on: date = Field(description="A maintenance visit from this day…")
    closes_on: date = Field(description="…to this day extends the warranty.")


class WarrantyOut(Schema):
    under_warranty: bool = Field(alias="is_active")
    starts_on: date | None = Field(description="The installation date.")
    ends_on: date | None
    extensions: int = Field(description="Maintenance visits that extended it.")
    next_service: ServiceWindowOut | None = Field(
        alias="next_window",
        description="The next visit that keeps it; null when it cannot be extended.",
    )

    @staticmethod
    def resolve_is_active(warranty: Warranty) -> bool:
        return warranty.is_active


class ChecklistAnswerOut(Schema):
    label: str
    kind: str = "check"
    unit: str = ""
    done: bool | None = None
    value: str | None = None


class VisitPartOut(Schema):
    reference: str = Field(alias="part.reference")
    name: str = Field(alias="part.name")
    quantity: int


class VisitOut(Schema):
    kind: ServiceVisit.Kind
    visited_on: date
    organisation: str = Field(alias="organisation.slug", description="Who came.")
    fault_code: str
    fixed: bool | None = Field(description="For a repair: fixed on this visit.")
    checklist: list[ChecklistAnswerOut]
    parts: list[VisitPartOut]
    notes: str

    @staticmethod
    def resolve_parts(visit: ServiceVisit):
        return list(visit.parts.all())
