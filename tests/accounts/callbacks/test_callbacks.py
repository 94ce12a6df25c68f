"""Callback requests: due times, the status map, missed ones, owner reminders,
and who may see and work on them."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.callbacks.models import CallbackRequest
from accounts.callbacks.services import (
    CallbackDetails,
    CallbackError,
    DuplicateCallbackError,
    IllegalCallbackTransitionError,
    callback_complete,
    callback_due_at,
    callback_reminders_send,
    callback_request,
    callback_take,
    callbacks_mark_missed,
)
from accounts.customers.models import CustomerEmail
from accounts.network.models import Role, User
from tests.accounts.factories import (
    CallbackRequestFactory,
    CustomerFactory,
    InstallationFactory,
    MembershipFactory,
)

PARIS = timezone.get_fixed_timezone(60)  # December: UTC+1


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def installation(organisation):
    return InstallationFactory(organisation=organisation)


@pytest.fixture
def customer(installation):
    customer = installation.customer
    customer.user = User.objects.create_user(email=customer.email)
    customer.save()
    return customer


def ask(customer, by, *, now=None, **details):
    details.setdefault("reason", CallbackRequest.Reason.FAULT)
    return callback_request(
        customer=customer, by=by, details=CallbackDetails(**details), now=now
    )


# --- Due times ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "due"),
    [
        # Wednesday afternoon: the same time on Thursday.
        (paris(2026, 12, 2, 15, 0), paris(2026, 12, 3, 15, 0)),
        # Friday evening and Saturday: the clock starts on Monday at 9:00.
        (paris(2026, 12, 4, 20, 0), paris(2026, 12, 7, 18, 0)),
        (paris(2026, 12, 5, 10, 0), paris(2026, 12, 7, 18, 0)),
        # Christmas Eve at 17:00: one hour left, then Christmas and a weekend.
        (paris(2026, 12, 24, 17, 0), paris(2026, 12, 28, 17, 0)),
        # Early morning: counted from opening time.
        (paris(2026, 12, 2, 7, 0), paris(2026, 12, 2, 18, 0)),
    ],
)
def test_default_due_time_is_one_working_day(asked, due):
    assert (
        callback_due_at(asked_at=asked, preferred_on=None, preferred_slot="any") == due
    )


def test_due_time_follows_the_setting(settings):
    settings.PORTAL_CALLBACK_DUE_WORKING_DAYS = 2
    due = callback_due_at(
        asked_at=paris(2026, 12, 2, 15, 0), preferred_on=None, preferred_slot="any"
    )
    assert due == paris(2026, 12, 4, 15, 0)


def test_a_preferred_slot_sets_the_promise_at_its_end():
    due = callback_due_at(
        asked_at=paris(2026, 12, 2, 15, 0),
        preferred_on=date(2026, 12, 8),
        preferred_slot="morning",
    )
    assert due == paris(2026, 12, 8, 12, 0)


@pytest.mark.parametrize(
    ("asked", "slot", "due"),
    [
        # The report: Friday evening or the weekend, "morning": Monday by 12:00.
        (paris(2026, 12, 4, 20, 0), "morning", paris(2026, 12, 7, 12, 0)),
        (paris(2026, 12, 5, 10, 0), "morning", paris(2026, 12, 7, 12, 0)),
        (paris(2026, 12, 6, 16, 0), "afternoon", paris(2026, 12, 7, 18, 0)),
        # Before the slot begins: that same slot.
        (paris(2026, 12, 2, 7, 30), "morning", paris(2026, 12, 2, 12, 0)),
        (paris(2026, 12, 2, 12, 30), "afternoon", paris(2026, 12, 2, 18, 0)),
        # The slot has begun: the next one, the next working day.
        (paris(2026, 12, 2, 10, 0), "morning", paris(2026, 12, 3, 12, 0)),
        (paris(2026, 12, 2, 15, 0), "afternoon", paris(2026, 12, 3, 18, 0)),
        # Christmas Eve afternoon: Christmas and the weekend are skipped.
        (paris(2026, 12, 24, 15, 0), "morning", paris(2026, 12, 28, 12, 0)),
    ],
)
def test_a_preferred_slot_without_a_day_is_the_next_such_slot(asked, slot, due):
    assert (
        callback_due_at(asked_at=asked, preferred_on=None, preferred_slot=slot) == due
    )


def test_a_customer_asking_for_a_morning_call_on_friday_evening_is_due_monday_noon(
    customer, installation
):
    callback = ask(
        customer,
        customer.user,
        installation=installation,
        preferred_slot=CallbackRequest.Slot.MORNING,
        now=paris(2026, 12, 4, 20, 0),
    )
    assert callback.due_at == paris(2026, 12, 7, 12, 0)
    assert timezone.localtime(callback.due_at).strftime("%A %H:%M") == "Monday 12:00"


# --- Requests -------------------------------------------------------------------------


def test_customer_asks_and_is_emailed_the_promise(
    customer, installation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        callback = ask(customer, customer.user, installation=installation)
    assert callback.source == CallbackRequest.Source.CUSTOMER
    assert callback.status == CallbackRequest.Status.OPEN
    assert callback.owner is None and callback.owner_organisation is None  # queue
    assert callback.phone == customer.phone
    assert callback.due_at > timezone.now()
    assert len(mail.outbox) == 1
    assert "rappel" in mail.outbox[0].subject.lower()  # French by default
    assert CustomerEmail.objects.filter(customer=customer).count() == 1


def test_a_second_request_for_the_same_appliance_is_not_queued(customer, installation):
    first = ask(customer, customer.user, installation=installation)
    with pytest.raises(DuplicateCallbackError) as refused:
        ask(customer, customer.user, installation=installation)
    assert refused.value.existing == first
    assert CallbackRequest.objects.count() == 1


def test_bad_requests_are_refused_and_nothing_is_kept(
    customer, installation, other_organisation
):
    other = InstallationFactory(organisation=other_organisation)
    with pytest.raises(CallbackError):
        ask(customer, customer.user, installation=other)  # not theirs
    with pytest.raises(CallbackError):
        ask(customer, customer.user, reason="gossip")
    with pytest.raises(CallbackError):
        ask(customer, customer.user, preferred_on=date(2020, 1, 1))
    customer.phone = ""
    customer.save()
    with pytest.raises(CallbackError):
        ask(customer, customer.user)
    assert not CallbackRequest.objects.exists()


def test_a_reseller_asks_only_for_its_own_customers(
    technician, installation, other_organisation
):
    callback = ask(
        installation.customer, technician, installation=installation, fault_code="e12"
    )
    assert callback.source == CallbackRequest.Source.RESELLER
    assert callback.fault_code == "E12"
    stranger = MembershipFactory(
        organisation=other_organisation, role=Role.TECHNICIAN
    ).user
    with pytest.raises(CallbackError):
        ask(installation.customer, stranger)


def test_an_agent_sets_the_owner_and_due_time(agent, customer, organisation):
    due = timezone.now() + timedelta(hours=3)
    callback = callback_request(
        customer=customer,
        by=agent,
        details=CallbackDetails(reason="order", phone="04 72 00 00 00"),
        due_at=due,
        owner=agent,
    )
    assert callback.source == CallbackRequest.Source.CALL_CENTER
    assert (callback.owner, callback.due_at) == (agent, due)
    with pytest.raises(CallbackError):
        callback_request(
            customer=customer,
            by=agent,
            details=CallbackDetails(reason="order"),
            owner=agent,
            owner_organisation=organisation,
        )


# --- Status map, missed ---------------------------------------------------------------


def test_open_in_progress_done_and_done_is_final(agent, customer):
    callback = ask(customer, agent)
    callback = callback_take(callback=callback, by=agent)
    assert callback.status == "in_progress" and callback.owner == agent
    with pytest.raises(CallbackError):
        callback_complete(callback=callback, by=agent, outcome="  ")
    callback = callback_complete(
        callback=callback, by=agent, outcome="Filtre changé, client satisfait."
    )
    assert callback.status == "done" and callback.kept
    with pytest.raises(IllegalCallbackTransitionError):
        callback_take(callback=callback, by=agent)


def test_past_due_callbacks_become_missed_and_a_late_call_is_not_kept(agent, customer):
    callback = ask(customer, agent)
    later = callback.due_at + timedelta(minutes=1)
    assert callbacks_mark_missed(now=later) == 1
    assert callbacks_mark_missed(now=later) == 0  # already missed
    callback.refresh_from_db()
    assert callback.status == "missed"
    callback = callback_complete(
        callback=callback, by=agent, outcome="Rappelé en retard.", now=later
    )
    assert callback.status == "done" and not callback.kept


def test_a_reseller_works_only_callbacks_its_team_keeps(
    technician, installation, other_owner
):
    kept = callback_request(
        customer=installation.customer,
        by=technician,
        details=CallbackDetails(reason="fault"),
        owner_organisation=installation.organisation,
    )
    callback_take(callback=kept, by=technician)
    queued = CallbackRequestFactory(  # in the shared queue: nobody owns it
        customer=installation.customer,
        reason="fault",
        phone="0600000000",
        due_at=timezone.now() + timedelta(hours=2),
    )
    with pytest.raises(CallbackError):
        callback_take(callback=queued, by=technician)  # Oxyplus calls
    with pytest.raises(CallbackError):
        callback_take(callback=kept, by=other_owner)


# --- Owner reminders ------------------------------------------------------------------


def test_owners_are_reminded_once_before_the_due_time(agent, customer, settings):
    settings.PORTAL_CALLBACK_REMIND_MINUTES = 60
    mine = callback_request(
        customer=customer,
        by=agent,
        details=CallbackDetails(reason="order"),
        due_at=timezone.now() + timedelta(minutes=30),
        owner=agent,
    )
    callback_request(
        customer=CustomerFactory(),
        by=agent,
        details=CallbackDetails(reason="order"),
        due_at=timezone.now() + timedelta(hours=5),  # not yet
    )
    mail.outbox.clear()
    assert callback_reminders_send() == 1
    assert callback_reminders_send() == 0
    assert [m.to for m in mail.outbox] == [[agent.email]]
    mine.refresh_from_db()
    assert mine.reminder_sent_at is not None


def test_a_failed_reminder_is_sent_on_the_next_run_only(agent, customer, monkeypatch):
    callback_request(
        customer=customer,
        by=agent,
        details=CallbackDetails(reason="order"),
        due_at=timezone.now() + timedelta(minutes=20),
    )
    mail.outbox.clear()
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def broken(self, messages):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    assert callback_reminders_send() == 0
    monkeypatch.setattr(EmailBackend, "send_messages", original)
    assert callback_reminders_send() == 1
    assert callback_reminders_send() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["centre-appels@oxyplus.fr"]  # the shared queue


def test_the_management_command_reminds_and_marks_missed(agent, customer, capsys):
    from django.core.management import call_command

    callback = ask(customer, agent)
    CallbackRequest.objects.filter(pk=callback.pk).update(
        due_at=timezone.now() - timedelta(minutes=5)
    )
    call_command("check_callbacks")
    assert "marked missed: 1" in capsys.readouterr().out
    callback.refresh_from_db()
    assert callback.status == "missed"


# --- Pages ----------------------------------------------------------------------------


def test_the_queue_lists_soonest_first_and_shows_overdue(client, agent, customer):
    late = ask(customer, agent)
    soon = ask(CustomerFactory(), agent)
    CallbackRequest.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(agent)
    page = client.get(reverse("callback_queue")).content.decode()
    assert page.index(late.customer.full_name) < page.index(soon.customer.full_name)
    assert "is-overdue" in page


def test_the_agent_taps_the_number_to_call(client, agent, customer):
    ask(customer, agent, phone="06 11 22 33 44")
    client.force_login(agent)
    queue = client.get(reverse("callback_queue")).content.decode()
    # In international form, so a phone abroad or a softphone dials it too.
    assert '<a href="tel:+33611223344" class="tel">06 11 22 33 44</a>' in queue


def test_the_queue_is_for_the_call_center_only(client, owner, customer):
    client.force_login(owner)
    assert client.get(reverse("callback_queue")).status_code == 404
    client.force_login(customer.user)
    assert client.get(reverse("callback_queue")).status_code == 404


def test_the_queue_costs_the_same_queries_with_more_callbacks(
    client, agent, customer, django_assert_max_num_queries
):
    for _n in range(3):
        ask(CustomerFactory(), agent)
    client.force_login(agent)
    client.get(reverse("callback_queue"))
    for _n in range(20):
        ask(CustomerFactory(), agent)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("callback_queue")).status_code == 200


def test_customer_asks_from_their_space_and_sees_the_promise(
    client, customer, installation
):
    client.force_login(customer.user)
    response = client.post(
        reverse("customer_callback_new"),
        {
            "installation": installation.pk,
            "reason": "maintenance",
            "phone": "06 11 22 33 44",
            "preferred_slot": "any",
        },
    )
    assert response.status_code == 302
    callback = CallbackRequest.objects.get()
    assert callback.phone == "06 11 22 33 44"
    home = client.get(reverse("customer_home")).content.decode()
    assert "06 11 22 33 44" in home
    assert timezone.localtime(callback.due_at).strftime("%H:%M") in home


def test_a_bad_form_keeps_what_the_customer_typed(client, customer):
    client.force_login(customer.user)
    response = client.post(
        reverse("customer_callback_new"),
        {
            "reason": "maintenance",
            "phone": "not a phone",
            "details": "Le voyant clignote",
            "preferred_slot": "any",
        },
    )
    assert response.status_code == 400
    assert "Le voyant clignote" in response.content.decode()
    assert not CallbackRequest.objects.exists()


def test_a_reseller_finds_the_customer_by_serial_number(
    client, technician, installation
):
    client.force_login(technician)
    response = client.post(
        reverse("reseller_callback_new") + "?fault_code=E12",
        {
            "serial_number": installation.serial_number.lower(),
            "reason": "fault",
            "fault_code": "E12",
            "phone": "06 00 00 00 01",
            "preferred_slot": "any",
            "who_calls": "oxyplus",
        },
    )
    assert response.status_code == 302
    callback = CallbackRequest.objects.get()
    assert (callback.customer, callback.installation) == (
        installation.customer,
        installation,
    )
    assert callback.owner_organisation is None


def test_another_resellers_serial_number_is_not_found(
    client, other_owner, installation
):
    client.force_login(other_owner)
    response = client.post(
        reverse("reseller_callback_new"),
        {
            "serial_number": installation.serial_number,
            "reason": "fault",
            "phone": "06 00 00 00 01",
            "preferred_slot": "any",
            "who_calls": "oxyplus",
        },
    )
    assert response.status_code == 400
    assert not CallbackRequest.objects.exists()


def test_another_organisations_callback_answers_404(
    client, technician, other_owner, installation
):
    callback = ask(installation.customer, technician, installation=installation)
    client.force_login(other_owner)
    assert client.get(reverse("callback_detail", args=[callback.pk])).status_code == 404
    assert client.post(reverse("callback_take", args=[callback.pk])).status_code == 404
    client.force_login(technician)
    assert client.get(reverse("callback_detail", args=[callback.pk])).status_code == 200


def test_an_agent_marks_done_from_the_page(client, agent, customer):
    callback = ask(customer, agent)
    client.force_login(agent)
    response = client.post(
        reverse("callback_complete", args=[callback.pk]), {"outcome": ""}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("callback_complete", args=[callback.pk]),
        {"outcome": "Rendez-vous technicien fixé."},
    )
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.status == "done" and callback.outcome.startswith("Rendez-vous")
