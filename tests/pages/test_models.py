"""The documentation tree: where each page may go, admin creation, workflow."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pages.models import (
    ConsumablesTablePage,
    DocumentationIndexPage,
    FaultCodeIndexPage,
    FaultCodePage,
    HomePage,
    ManualPage,
    SafetyNoticeIndexPage,
    TechnicalSheetPage,
)
from tests.accounts.factories import StaffFactory
from tests.ordering.factories import ApplianceFactory
from tests.pages.factories import fault_code, site_with_documentation, step, stream


class DocumentationTreeTests(WagtailPageTestCase):
    def setUp(self):
        super().setUp()
        self.tree = site_with_documentation()
        self.appliance = ApplianceFactory(name="OsmoPure 100", reference="OSP-100")
        self.user = StaffFactory(email="admin@oxyplus.test", is_superuser=True)
        self.client.force_login(self.user)

    def test_allowed_children(self):
        self.assertAllowedSubpageTypes(
            HomePage, {DocumentationIndexPage, SafetyNoticeIndexPage}
        )
        self.assertAllowedSubpageTypes(
            DocumentationIndexPage,
            {TechnicalSheetPage, ManualPage, FaultCodeIndexPage, ConsumablesTablePage},
        )
        self.assertAllowedSubpageTypes(FaultCodeIndexPage, {FaultCodePage})
        for leaf in (TechnicalSheetPage, ManualPage, FaultCodePage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_allowed_parents(self):
        self.assertAllowedParentPageTypes(FaultCodePage, {FaultCodeIndexPage})
        self.assertAllowedParentPageTypes(TechnicalSheetPage, {DocumentationIndexPage})
        self.assertAllowedParentPageTypes(ManualPage, {DocumentationIndexPage})
        self.assertAllowedParentPageTypes(DocumentationIndexPage, {HomePage})

    def test_single_index_pages_cannot_be_added_twice(self):
        index = self.tree["index"]
        for model in (FaultCodeIndexPage, ConsumablesTablePage):
            self.assertFalse(model.can_create_at(index))
        self.assertFalse(DocumentationIndexPage.can_create_at(self.tree["home"]))

    def test_an_editor_creates_a_technical_sheet_in_the_admin(self):
        self.assertCanCreate(
            self.tree["index"],
            TechnicalSheetPage,
            nested_form_data(
                {
                    "title": "Fiche technique OsmoPure 100",
                    "appliance": self.appliance.pk,
                    "summary": "Osmoseur sous évier.",
                    "body": streamfield(
                        [("paragraph", rich_text("<p>Pression mini 2 bar.</p>"))]
                    ),
                    "maintenance_points": streamfield([]),
                }
            ),
        )
        sheet = TechnicalSheetPage.objects.get(appliance=self.appliance)
        self.assertTrue(sheet.live)
        self.assertIsNotNone(sheet.last_published_at)

    def test_an_editor_creates_a_fault_code_and_its_code_is_normalised(self):
        data = nested_form_data(
            {
                "title": "Pression d'entrée trop faible",
                "code": "e 21",
                "severity": "medium",
                "symptom": "L'osmoseur s'arrête après quelques secondes.",
                "probable_causes": streamfield([]),
                "resolution_steps": streamfield(
                    [
                        (
                            "step",
                            {
                                "title": "Vérifiez le robinet d'arrivée",
                                "text": rich_text(""),
                                "image": "",
                            },
                        )
                    ]
                ),
                "while_waiting": "",
                "safety_warnings": "",
            }
        )
        data["appliances"] = [self.appliance.pk]
        self.assertCanCreate(self.tree["codes"], FaultCodePage, data)
        page = FaultCodePage.objects.get(title="Pression d'entrée trop faible")
        self.assertEqual(page.code, "E21")
        self.assertEqual(list(page.appliances.all()), [self.appliance])

    def test_a_fault_code_needing_a_technician_says_what_to_do_meanwhile(self):
        page = FaultCodePage(
            title="Surchauffe",
            code="E40",
            symptom="Arrêt",
            technician_required=True,
            resolution_steps=stream(step("Appelez le support")),
        )
        with pytest.raises(Exception) as error:
            page.full_clean()
        self.assertIn("while_waiting", error.value.message_dict)

    def test_a_bad_code_is_refused(self):
        page = FaultCodePage(title="X", code="fuite", symptom="x")
        with pytest.raises(Exception) as error:
            page.full_clean()
        self.assertIn("code", error.value.message_dict)

    def test_every_edit_is_a_revision(self):
        page = fault_code(self.tree["codes"], [self.appliance])
        page.symptom = "Une fuite apparaît sous l'appareil."
        page.save_revision(user=self.user).publish()
        self.assertEqual(page.revisions.count(), 2)
        first = page.revisions.order_by("created_at", "pk").first().as_object()
        self.assertIn("fuites", first.symptom)

    def test_a_fault_code_renders_and_opens_in_the_admin(self):
        page = fault_code(self.tree["codes"], [self.appliance])
        self.assertPageIsRenderable(page, user=self.user)
        self.client.force_login(self.user)
        edit = self.client.get(f"/admin/pages/{page.pk}/edit/")
        self.assertContains(edit, "E12")


class ReviewWorkflowTests(WagtailPageTestCase):
    """Editors draft and submit; only reviewers publish."""

    def setUp(self):
        super().setUp()
        self.tree = site_with_documentation()
        self.appliance = ApplianceFactory()
        self.page = fault_code(self.tree["codes"], [self.appliance])
        self.editor = StaffFactory(email="editor@oxyplus.test")
        self.editor.groups.add(Group.objects.get(name="Content editors"))
        self.reviewer = StaffFactory(email="reviewer@oxyplus.test")
        self.reviewer.groups.add(Group.objects.get(name="Documentation reviewers"))

    def test_the_documentation_goes_through_the_review_workflow(self):
        workflow = self.page.get_workflow()
        self.assertEqual(workflow.name, "Documentation review")
        self.assertEqual(
            list(workflow.tasks.specific()[0].groups.values_list("name", flat=True)),
            ["Documentation reviewers"],
        )

    def test_editors_cannot_publish_reviewers_can(self):
        self.assertFalse(self.page.permissions_for_user(self.editor).can_publish())
        self.assertTrue(self.page.permissions_for_user(self.editor).can_edit())
        self.assertTrue(self.page.permissions_for_user(self.reviewer).can_publish())

    def test_draft_review_published(self):
        page = self.page
        page.symptom = "Nouvelle description des fuites."
        revision = page.save_revision(user=self.editor)
        workflow = Workflow.objects.get(name="Documentation review")
        state = workflow.start(page, self.editor)
        page.refresh_from_db()
        # Submitted: still the old text on the live page.
        self.assertNotIn("Nouvelle", FaultCodePage.objects.get(pk=page.pk).symptom)
        self.assertEqual(state.status, "in_progress")

        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, self.reviewer, "approve")
        state.refresh_from_db()
        self.assertEqual(state.status, "approved")
        live = FaultCodePage.objects.get(pk=page.pk)
        self.assertIn("Nouvelle", live.symptom)
        self.assertEqual(live.live_revision_id, revision.pk)

    def test_scheduled_publication_waits_for_its_date(self):
        from datetime import timedelta

        from django.core.management import call_command
        from django.utils import timezone

        page = self.page
        page.symptom = "Texte programmé."
        page.go_live_at = timezone.now() + timedelta(days=1)
        page.save_revision(user=self.reviewer).publish()
        call_command("publish_scheduled", verbosity=0)
        self.assertNotIn("programmé", FaultCodePage.objects.get(pk=page.pk).symptom)

        # The date comes: the periodic publish_scheduled run publishes it.
        revision = page.revisions.get(approved_go_live_at__isnull=False)
        past = timezone.now() - timedelta(minutes=1)
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()
        call_command("publish_scheduled", verbosity=0)
        self.assertIn("programmé", FaultCodePage.objects.get(pk=page.pk).symptom)
