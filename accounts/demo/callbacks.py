"""The demo callback requests: promises kept, kept late, missed, still to keep.

Each request is recorded through ``callback_request`` as the person who
asked (the customer from their space, a reseller, an agent during a call),
given out, taken and closed through the other callback services, so owners,
sources and the rules on who may do what are the portal's own. The service
is told when each one was asked (``now=``); what the clock sets on its own
(when it was taken, marked missed, the owner reminded) is dated afterwards.

Dates are counted back from the day the demo is seeded: five weeks of
decided promises, about three in four kept, for the dashboards; a few due
within the next two working days for the queues. A promise not kept by its
due time is marked missed, as the periodic check would have done, so no
request is left open past its due time. Calls made by staff or resellers
fall on working days; customers ask whenever they like.

Also the callers: people who first phoned the call center, before any
installer met them. ``ordering.demo.channels`` sells them an appliance.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.callbacks.models import CallbackRequest
from accounts.callbacks.services import (
    CallbackDetails,
    callback_assign,
    callback_complete,
    callback_due_at,
    callback_request,
    callback_take,
)
from accounts.callbacks.working_hours import is_working_day
from accounts.customers.models import Customer, CustomerEmail, Installation
from accounts.network.models import Membership, Organisation, Role, User
from accounts.network.rights import may

Log = Callable[[str], None]
Status = CallbackRequest.Status
Reason = CallbackRequest.Reason
Slot = CallbackRequest.Slot

ASL, CEB, TPP = "aqua-services-lyon", "confort-eau-bretagne", "thermoplus-provence"
AGENTS = {"agent": "agent@oxyplus.test", "manager": "manager@oxyplus.test"}
RESELLER_ROLES = {"owner": Role.OWNER, "technician": Role.TECHNICIAN}
# Stories of a promise already decided; the others are still to keep.
DECIDED = {"kept", "late", "missed"}


@dataclass(frozen=True)
class DemoCaller:
    first_name: str
    last_name: str
    line1: str
    postcode: str
    city: str
    email: str  # identifies the demo row
    phone: str
    first_call: int  # days ago


@dataclass(frozen=True)
class DemoCallback:
    # What the customer asked, as the person who recorded it wrote it down;
    # it identifies the demo row.
    details: str
    # The serial of the appliance concerned, or a caller's email.
    customer: str
    # Who recorded it, which gives its source: "customer" (from their space),
    # "agent" or "manager" (the call center), "owner" or "technician" of the
    # customer's installer (a reseller).
    by: str
    reason: str
    asked: int  # days ago
    at: int  # minutes after midnight
    story: str  # kept, late, missed, open, in_progress
    fault_code: str = ""
    about_appliance: bool = True
    # Who calls back: "agent", "manager", a reseller's slug, or "" for the
    # call center's shared queue. Given out by the manager when the person
    # asking may not choose it.
    owner: str = ""
    # Who takes and closes it, when not the usual person (the owning agent,
    # the owning reseller's technician, the agent for the shared queue):
    # "owner" is the owning reseller's owner.
    worked_by: str = ""
    # The preferred day, in working days after the day asked; for requests
    # still to keep, after today. None: the default promise.
    preferred_in: int | None = None
    slot: str = Slot.ANY
    # When the call was made: kept, hours after it was asked; late, hours
    # after the due time; moved to the next opening of the call center.
    done: float = 1
    outcome: str = ""


# fmt: off
CALLERS = [
    DemoCaller("Hélène", "Marchand", "5 rue Thiers", "56000", "Vannes",
               "helene.marchand@example.fr", "06 47 81 26 53", first_call=23),
    DemoCaller("François", "Lemaire", "48 rue Oberkampf", "75011", "Paris",
               "francois.lemaire@example.fr", "06 03 58 14 92", first_call=24),
    DemoCaller("Pascal", "Vidal", "16 avenue de Verdun", "84200", "Carpentras",
               "pascal.vidal@example.fr", "06 85 30 67 21", first_call=9),
    DemoCaller("Amandine", "Rey", "3 rue Lesdiguières", "38000", "Grenoble",
               "amandine.rey@example.fr", "07 69 24 15 80", first_call=3),
]

K = DemoCallback
CALLBACKS = [
    # --- Decided: kept, kept late, missed.
    K("Fuite sous l'adoucisseur, code E12 à l'afficheur. Le client a fermé le "
      "by-pass.", "AQ3-1154820", "agent", Reason.FAULT, asked=34, at=9 * 60 + 40,
      story="kept", fault_code="E12", owner=ASL, done=1,
      outcome="Rappelé dans l'heure par Karim : passage fixé le lendemain matin. "
              "Joint de tête de vanne remplacé sur place, plus de fuite."),
    K("Mon osmoseur affiche E32 et l'eau a un goût de calcaire.", "OS1-2207841",
      "customer", Reason.FAULT, asked=32, at=20 * 60 + 15, story="kept",
      fault_code="E32", preferred_in=1, slot=Slot.MORNING, owner="agent",
      done=14,
      outcome="TDS mesuré à 95 ppm par la cliente : membrane en fin de vie. "
              "Aqua Services Lyon la changera à l'entretien annuel."),
    K("Quand faut-il changer le kit de cartouches de l'osmoseur ?", "OS2-0155903",
      "customer", Reason.MAINTENANCE, asked=32, at=21 * 60 + 5, story="kept",
      preferred_in=1, slot=Slot.AFTERNOON, owner="agent", done=18,
      outcome="Kit DF3 à changer maintenant (18 mois). Le client le commande sur "
              "son espace client."),
    K("Cliente sans adresse électronique : la rappeler pour fixer le "
      "changement des cartouches.", "FP3-0641182", "owner", Reason.MAINTENANCE,
      asked=30, at=11 * 60 + 5, story="kept", owner=ASL, worked_by="owner",
      done=4,
      outcome="Visite d'entretien fixée. La cliente préfère être appelée le "
              "matin."),
    K("Client sans adresse électronique, cartouches à changer : le rappeler "
      "pour les lui commander.", "FP3-0652277", "technician",
      Reason.MAINTENANCE, asked=26, at=16 * 60 + 30, story="kept", done=17,
      outcome="Les trois cartouches de la station commandées pour le client, "
              "paiement par virement. Il les posera lui-même."),
    K("L'ampoule UV ne s'allume plus depuis la coupure de courant d'hier.",
      "UV4-0366540", "customer", Reason.FAULT, asked=25, at=8 * 60 + 30,
      story="kept", fault_code="U01", owner="agent", done=2,
      outcome="Lampe grillée, pas le ballast. Confort Eau Bretagne la remplace "
              "sous 48 h."),
    K("Conseil avant achat : purificateur pour une chambre de 40 m², enfant "
      "allergique.", "helene.marchand@example.fr", "agent", Reason.OTHER,
      asked=23, at=14 * 60 + 20, story="kept", owner="agent", done=20,
      outcome="AirPure 200 conseillé pour 40 m². Fiche technique envoyée ; la "
              "cliente rappellera pour commander."),
    K("Eau de nouveau calcaire depuis une semaine, code E03.", "AQ5-0561388",
      "agent", Reason.FAULT, asked=20, at=10 * 60 + 20, story="late",
      fault_code="E03", owner=TPP, done=26,
      outcome="Rappelé en retard, le technicien était en intervention. Dureté "
              "résiduelle réglée avec le client, contrôle TH à la prochaine "
              "visite."),
    K("Le voyant filtre reste allumé alors que le filtre HEPA est neuf.",
      "AP2-0184290", "customer", Reason.FAULT, asked=18, at=12 * 60 + 30,
      story="kept", fault_code="A07", owner="agent", done=3,
      outcome="Remise à zéro du compteur expliquée (appui de 5 s sur la touche "
              "filtre). Voyant éteint."),
    K("Déménagement le mois prochain : dépose et repose de l'osmoseur dans le "
      "nouvel appartement.", "OS1-2198470", "manager", Reason.INSTALLATION,
      asked=16, at=15 * 60 + 40, story="late", owner=CEB, worked_by="owner",
      done=22,
      outcome="Dépose et repose chiffrées, intervention planifiée le lendemain "
              "du déménagement."),
    K("Entretien annuel du chauffe-eau : anode à contrôler.", "TP2-0397714",
      "owner", Reason.MAINTENANCE, asked=13, at=9 * 60 + 30, story="kept",
      owner=TPP, done=1.5,
      outcome="Rendez-vous pris pour l'entretien du chauffe-eau et de "
              "l'adoucisseur le même jour."),
    K("Alarme H08 sur le chauffe-eau installé la semaine dernière.",
      "TP2-0418833", "customer", Reason.FAULT, asked=10, at=19 * 60 + 50,
      story="kept", fault_code="H08", owner=TPP, done=15,
      outcome="Tuyau des condensats pincé derrière le chauffe-eau, redressé "
              "par le client au téléphone. Plus d'alarme."),
    K("La lampe UV a plus d'un an, le voyant U02 clignote.", "UV4-0371062",
      "customer", Reason.FAULT, asked=10, at=18 * 60 + 45, story="kept",
      fault_code="U02", preferred_in=1, slot=Slot.MORNING, owner="agent",
      done=15,
      outcome="Lampe en fin de vie : la cliente la commande sur son espace et "
              "la change elle-même, notice envoyée."),
    K("Où en sont les filtres commandés sur le site ?", "AP4-0077310", "agent",
      Reason.ORDER, asked=8, at=11 * 60 + 15, story="missed",
      about_appliance=False, owner="agent"),
    K("Merci de me renvoyer la facture de l'installation.", "OS1-2209156",
      "customer", Reason.OTHER, asked=7, at=20 * 60 + 5, story="missed",
      about_appliance=False),
    K("Le robinet du jardin donne toujours de l'eau dure : by-pass à "
      "vérifier ?", "AQ5-0572194", "manager", Reason.INSTALLATION, asked=7,
      at=10 * 60, story="kept", owner=ASL, done=5,
      outcome="Normal : le robinet extérieur a été laissé en eau dure à la pose, "
              "comme demandé. Expliqué à la cliente."),
    K("Fuite au carter de la station de filtration, code F02.", "FP3-0660419",
      "agent", Reason.FAULT, asked=6, at=16 * 60 + 20, story="late",
      fault_code="F02", owner=TPP, done=20,
      outcome="Rappelée en retard. Joint torique du carter remplacé sur place, "
              "plus de fuite."),
    K("Odeur de cuisine persistante malgré le purificateur, code A02.",
      "AP4-0069824", "customer", Reason.FAULT, asked=5, at=21 * 60 + 30,
      story="kept", fault_code="A02", owner="agent", done=13,
      outcome="Filtre charbon saturé : le client le commande en ligne."),
    # --- Still to keep, due within the next two working days.
    K("Le voyant du filtre HEPA du purificateur de la chambre est allumé.",
      "AP2-0193377", "customer", Reason.FAULT, asked=0, at=8 * 60 + 10,
      story="open", fault_code="A01", preferred_in=1, slot=Slot.AFTERNOON),
    K("Le purificateur fait un bruit de frottement la nuit (code A05).",
      "AP4-0081956", "agent", Reason.FAULT, asked=1, at=15 * 60, story="open",
      fault_code="A05", owner=CEB, preferred_in=1, slot=Slot.MORNING),
    K("La cliente demande la facture de sa commande de sel.", "AQ3-1176502",
      "manager", Reason.ORDER, asked=0, at=9 * 60 + 25, story="open",
      about_appliance=False, owner="agent", preferred_in=0),
    K("Pose du stérilisateur UV commandé au centre d'appels à planifier.",
      "pascal.vidal@example.fr", "agent", Reason.INSTALLATION, asked=0,
      at=10 * 60 + 5, story="open", owner=TPP, preferred_in=2),
    K("Eau de puits : analyse bactériologique à planifier après la pose du "
      "stérilisateur.", "UV4-0388215", "technician", Reason.MAINTENANCE,
      asked=1, at=17 * 60 + 10, story="in_progress", owner=ASL,
      worked_by="owner", preferred_in=2),
    K("L'osmoseur coule en continu à l'égout, code E34.", "OS1-2186355",
      "customer", Reason.FAULT, asked=0, at=7 * 60 + 45, story="in_progress",
      fault_code="E34", owner="agent", preferred_in=0, slot=Slot.AFTERNOON),
    K("Dégivrage très long le matin, code H11 : le client s'inquiète de sa "
      "facture d'électricité.", "TP7-0096125", "agent", Reason.FAULT, asked=0,
      at=11 * 60 + 40, story="in_progress", fault_code="H11", owner="manager",
      preferred_in=1),
]
# fmt: on


def _working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _working_days_after(day: date, count: int) -> date:
    """The ``count``-th working day after ``day``; 0: ``day`` if it is one."""
    if count == 0 and is_working_day(day):
        return day
    for _step in range(max(count, 1)):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return day


def _at(day: date, minutes: int) -> datetime:
    """``minutes`` after midnight on ``day``, French time."""
    midnight = datetime.combine(day, datetime.min.time())
    return timezone.make_aware(midnight + timedelta(minutes=minutes))


def _working_moment(moment: datetime) -> datetime:
    """``moment`` if the call center is open then, else the next opening."""
    opens, closes = settings.PORTAL_CALLBACK_WORKING_HOURS
    local = timezone.localtime(moment)
    if is_working_day(local.date()) and opens <= local.hour < closes:
        return moment
    day = local.date()
    if local.hour >= opens or not is_working_day(day):
        day = _working_days_after(day, 1)
    return _at(day, opens * 60 + 5 + (local.hour * 7 + local.minute) % 50)


def _asked_at(spec: DemoCallback, *, today: date, now: datetime) -> datetime:
    """When it was asked: staff and resellers call on working days; a
    request of today not made yet at this hour was made the day before."""
    day = today - timedelta(days=spec.asked)
    while True:
        if spec.by != "customer":
            day = _working_day_on_or_before(day)
        asked = _at(day, spec.at)
        if asked <= now - timedelta(minutes=5):
            return asked
        day -= timedelta(days=1)


def seed_callbacks(*, log: Log) -> None:
    """The demo callers and callback requests not there yet."""
    today, now = timezone.localdate(), timezone.now()
    _seed_callers(today=today, log=log)
    existing = set(
        CallbackRequest.objects.filter(
            details__in=[spec.details for spec in CALLBACKS]
        ).values_list("details", flat=True)
    )
    todo = [spec for spec in CALLBACKS if spec.details not in existing]
    if not todo:
        return
    recorder = _Recorder(todo, today=today, now=now, log=log)
    dated = sorted(
        ((_asked_at(spec, today=today, now=now), spec) for spec in todo),
        key=lambda item: item[0],
    )
    stories = [recorder.record(spec, asked_at=at) for at, spec in dated]
    stories = [story for story in stories if story]
    if stories:
        told = ", ".join(
            f"{stories.count(story)} {story.replace('_', ' ')}"
            for story in ["open", "in_progress", "kept", "late", "missed"]
        )
        log(f"Recorded {len(stories)} demo callback requests ({told})")


def _seed_callers(*, today: date, log: Log) -> None:
    known = set(
        Customer.objects.filter(
            email__in=[caller.email for caller in CALLERS]
        ).values_list("email", flat=True)
    )
    created = 0
    for index, caller in enumerate(CALLERS):
        if caller.email in known:
            continue
        customer = Customer(
            first_name=caller.first_name,
            last_name=caller.last_name,
            email=caller.email,
            phone=caller.phone,
            line1=caller.line1,
            postcode=caller.postcode,
            city=caller.city,
        )
        customer.full_clean()
        customer.save()
        # Recorded by the agent at the start of the first call that day.
        day = _working_day_on_or_before(today - timedelta(days=caller.first_call))
        at = _at(day, 9 * 60 + 2 + index)
        Customer.objects.filter(pk=customer.pk).update(created_at=at, updated_at=at)
        created += 1
    if created:
        log(f"Created {created} demo callers of the call center")


class _Recorder:
    """Records one demo request as its story went, and dates each step."""

    def __init__(self, todo: list[DemoCallback], *, today, now, log: Log):
        self.today, self.now, self.log = today, now, log
        serials = [spec.customer for spec in todo if "@" not in spec.customer]
        self.installations = {
            i.serial_number: i
            for i in Installation.objects.filter(
                status=Installation.Status.SUBMITTED, serial_number__in=serials
            ).select_related("customer__user", "organisation")
        }
        self.callers = {
            c.email: c
            for c in Customer.objects.filter(
                email__in=[spec.customer for spec in todo if "@" in spec.customer]
            )
        }
        self.staff = {
            name: user
            for name, email in AGENTS.items()
            if (user := User.objects.filter(email=email).first()) is not None
        }
        demo = [ASL, CEB, TPP]
        self.organisations = {
            o.slug: o for o in Organisation.objects.filter(slug__in=demo)
        }
        self.members = {
            (m.organisation.slug, m.role): m.user
            for m in Membership.objects.filter(
                organisation__slug__in=demo, role__in=RESELLER_ROLES.values()
            ).select_related("user", "organisation")
        }

    def _person(self, name: str, organisation: Organisation | None) -> User | None:
        if name in AGENTS:
            return self.staff.get(name)
        if organisation is None:
            return None
        return self.members.get((organisation.slug, RESELLER_ROLES[name]))

    def record(self, spec: DemoCallback, *, asked_at: datetime) -> str:
        """Returns the story recorded, or "" when its people are missing."""
        installation = self.installations.get(spec.customer)
        customer = (
            installation.customer if installation else self.callers.get(spec.customer)
        )
        installer = installation.organisation if installation else None
        if spec.by == "customer":
            by = customer.user if customer else None
        else:
            by = self._person(spec.by, installer)
        owner = self.staff.get(spec.owner)
        owner_organisation = self.organisations.get(spec.owner)
        if spec.worked_by:
            worker = self._person(spec.worked_by, owner_organisation)
        elif owner_organisation is not None:
            worker = self._person("technician", owner_organisation)
        else:
            worker = owner or self.staff.get("agent")
        manager = self.staff.get("manager")  # gives out what the asker may not
        if customer is None or None in (by, worker, manager):
            self.log(f"People missing for a demo callback of {spec.customer}: skipped")
            return ""
        details = CallbackDetails(
            reason=spec.reason,
            installation=installation if spec.about_appliance else None,
            fault_code=spec.fault_code,
            details=spec.details,
            preferred_on=self._preferred_on(spec, asked_at=asked_at),
            preferred_slot=spec.slot,
        )
        # Whom the person asking may give it to; the manager gives out the rest.
        assigns = may(by, "callbacks.assign")
        mine = assigns or (
            spec.by in RESELLER_ROLES and owner_organisation == installer
        )
        callback = callback_request(
            customer=customer,
            by=by,
            details=details,
            owner=owner if assigns else None,
            owner_organisation=owner_organisation if mine else None,
            now=asked_at,
        )
        if (callback.owner, callback.owner_organisation) != (owner, owner_organisation):
            callback = callback_assign(
                callback=callback,
                by=manager,
                owner=owner,
                owner_organisation=owner_organisation,
            )
        self._play(spec, callback, worker=worker, asked_at=asked_at)
        self._log_promise_email(callback, customer=customer, asked_at=asked_at)
        return spec.story

    def _preferred_on(self, spec: DemoCallback, *, asked_at: datetime):
        """The preferred day; one still to keep falls due in the future."""
        if spec.preferred_in is None:
            return None
        if spec.story in DECIDED:
            return _working_days_after(
                timezone.localtime(asked_at).date(), spec.preferred_in
            )
        day = _working_days_after(self.today, spec.preferred_in)
        while callback_due_at(
            asked_at=asked_at, preferred_on=day, preferred_slot=spec.slot
        ) <= self.now + timedelta(minutes=30):
            day = _working_days_after(day, 1)  # today's slot is over
        return day

    def _play(self, spec, callback: CallbackRequest, *, worker: User, asked_at):
        due, now = callback.due_at, self.now
        missed_at = due + timedelta(minutes=5)  # the periodic check's next run
        changes: dict = {}
        if spec.story == "in_progress":
            callback_take(callback=callback, by=worker)
            changes["started_at"] = min(asked_at + timedelta(minutes=35), now)
        elif spec.story in {"missed", "late"}:
            CallbackRequest.objects.filter(pk=callback.pk).update(
                status=Status.MISSED, missed_at=missed_at
            )
        if spec.story == "kept":
            called = _working_moment(asked_at + timedelta(hours=spec.done))
            called = max(min(called, due), asked_at + timedelta(minutes=20))
        elif spec.story == "late":
            called = _working_moment(due + timedelta(hours=spec.done))
            called = max(called, missed_at + timedelta(minutes=30))
        if spec.story in {"kept", "late"}:
            callback_complete(
                callback=callback,
                by=worker,
                outcome=spec.outcome,
                now=min(called, now - timedelta(minutes=10)),
            )
        if spec.story in DECIDED:
            # The owner's reminder, an hour before, when it was still to make.
            reminded = due - timedelta(minutes=settings.PORTAL_CALLBACK_REMIND_MINUTES)
            callback.refresh_from_db()
            if asked_at < reminded and (
                callback.done_at is None or callback.done_at > reminded
            ):
                changes["reminder_claimed_at"] = changes["reminder_sent_at"] = reminded
        if changes:
            CallbackRequest.objects.filter(pk=callback.pk).update(**changes)

    @staticmethod
    def _log_promise_email(callback, *, customer: Customer, asked_at) -> None:
        """The customer's timeline shows the promise emailed to them (the
        demo drops the email itself)."""
        if not (customer.email and customer.shares_record):
            return
        with translation.override(settings.LANGUAGE_CODE):
            local = timezone.localtime(callback.due_at)
            due = translation.gettext("%(day)s at %(time)s") % {
                "day": date_format(local, "l j F"),
                "time": date_format(local, "H:i"),
            }
            subject = render_to_string(
                "callbacks/email/callback_promised_subject.txt", {"due": due}
            )
        CustomerEmail.objects.create(
            customer=customer,
            template="callback_promised",
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            sent_at=asked_at + timedelta(minutes=1),
        )
