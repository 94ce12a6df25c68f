"""Demo resellers, their teams and the staff users."""

from collections.abc import Callable
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.network.models import (
    Membership,
    Organisation,
    OrganisationAddress,
    Role,
    User,
)

DEFAULT_COMMISSION = Organisation._meta.get_field("commission_rate").default

DEMO_PASSWORD = "oxyplus-demo"  # noqa: S105 (demo data only, printed on purpose)

RESELLERS = [
    {
        "slug": "aqua-services-lyon",
        "name": "Aqua Services Lyon",
        "legal_identifier": "81234567800012",
        "domain": "aqua-lyon.test",
        "territory": ["69", "01", "38"],
        "address": ("12 rue de la Charité", "69002", "Lyon"),
        "on_account": True,
        # % of the web and call-center sales credited to the reseller.
        "commission_rate": Decimal("8.00"),
        "people": [
            (Role.OWNER, "Claire", "Martin"),
            (Role.BUYER, "Julien", "Bernard"),
            (Role.TECHNICIAN, "Karim", "Haddad"),
        ],
    },
    {
        "slug": "confort-eau-bretagne",
        "name": "Confort Eau Bretagne",
        "legal_identifier": "82345678900023",
        "domain": "confort-bretagne.test",
        "territory": ["29", "35", "56", "22"],
        "address": ("4 quai Duguay-Trouin", "35000", "Rennes"),
        "on_account": False,
        "commission_rate": Decimal("5.00"),
        "people": [
            (Role.OWNER, "Maëlle", "Le Goff"),
            (Role.BUYER, "Yann", "Kerjean"),
            (Role.TECHNICIAN, "Erwan", "Le Bihan"),
        ],
    },
    {
        "slug": "thermoplus-provence",
        "name": "ThermoPlus Provence",
        "legal_identifier": "83456789000034",
        "domain": "thermoplus-provence.test",
        "territory": ["13", "83", "84"],
        "address": ("27 boulevard Longchamp", "13001", "Marseille"),
        "on_account": True,
        "commission_rate": Decimal("6.50"),
        "people": [
            (Role.OWNER, "Sophie", "Garcia"),
            (Role.BUYER, "Nicolas", "Roux"),
            (Role.TECHNICIAN, "Mehdi", "Benali"),
        ],
    },
]

STAFF = [
    ("agent@oxyplus.test", "Lucie", "Moreau", "Call center"),
    ("manager@oxyplus.test", "Thomas", "Petit", "Managers"),
    ("editor@oxyplus.test", "Camille", "Durand", "Content editors"),
    ("reviewer@oxyplus.test", "Julien", "Lefebvre", "Documentation reviewers"),
]


def _user(email: str, first_name: str, last_name: str, **extra) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email, DEMO_PASSWORD, first_name=first_name, last_name=last_name, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, True


def seed(*, log: Callable[[str], None]) -> list[tuple[str, str]]:
    """Create what is missing and return (email, description) for each login."""
    logins = []
    for spec in RESELLERS:
        organisation, created = Organisation.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "legal_identifier": spec["legal_identifier"],
                "email": f"contact@{spec['domain']}",
                "may_order_on_account": spec["on_account"],
                "commission_rate": spec["commission_rate"],
            },
        )
        if (
            not created
            and organisation.commission_rate == DEFAULT_COMMISSION
            and spec["commission_rate"] != DEFAULT_COMMISSION
        ):
            # Seeded before the demo resellers had rates of their own; a rate
            # staff set since is left as it is.
            Organisation.objects.filter(pk=organisation.pk).update(
                commission_rate=spec["commission_rate"]
            )
        if created:
            line1, postcode, city = spec["address"]
            for kind in OrganisationAddress.Kind.values:
                organisation.addresses.create(
                    kind=kind, line1=line1, postcode=postcode, city=city
                )
            for prefix in spec["territory"]:
                organisation.territory.create(postcode_prefix=prefix)
            # modelcluster keeps the child rows in memory until the parent saves.
            organisation.save()
            log(f"Created reseller {organisation}")
        for role, first_name, last_name in spec["people"]:
            email = f"{role}@{spec['domain']}"
            user, created = _user(email, first_name, last_name)
            if created:
                Membership.objects.create(
                    user=user, organisation=organisation, role=role
                )
            logins.append((email, f"{Role(role).label} — {organisation}"))
    for email, first_name, last_name, group_name in STAFF:
        user, created = _user(email, first_name, last_name, is_staff=True)
        if created:
            user.groups.add(Group.objects.get(name=group_name))
        logins.append((email, f"staff — {group_name}"))
    admin, _created = _user(
        "admin@oxyplus.test", "Admin", "Oxyplus", is_staff=True, is_superuser=True
    )
    logins.append((admin.email, "staff — superuser"))
    return logins
