"""The Wagtail site: its home page and the default Site."""

from collections.abc import Callable

from wagtail.models import Page, Site

from pages.models import HomePage


def seed(*, log: Callable[[str], None]) -> HomePage:
    """The site's home page under Wagtail's root, and the default Site on it."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial "Welcome" page is replaced by ours.
        for child in root.get_children().exact_type(Page):
            if child.slug == "home":
                Site.objects.filter(root_page=child).delete()
                child.delete()
        home = HomePage(
            title="Oxyplus",
            slug="home",
            introduction="<p>Portail du réseau de revendeurs Oxyplus.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        log("Created the Wagtail home page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Oxyplus",
        )
        log("Created the default Wagtail site")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Oxyplus"
        site.save()
        log("Pointed the default Wagtail site at the home page")
    return home
