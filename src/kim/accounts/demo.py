"""Demo logins, one per role (fictitious people). Only for the demo installation (``make run``)."""

from django.contrib.auth.models import Group
from django.db import transaction

from kim.directory.models import Organisation

from .models import User
from .roles import Role

DEMO_PASSWORD = "kim-demo-2026"

# username, first name, last name, role, organisation
DEMO_USERS = [
    ("anna.berger", "Anna", "Berger", Role.CASE_MANAGER, "Märkischer Kreis"),
    ("jonas.keller", "Jonas", "Keller", Role.COORDINATION, "Märkischer Kreis"),
    ("petra.wolf", "Petra", "Wolf", Role.ADMINISTRATION, "Märkischer Kreis"),
    (
        "lea.hoffmann",
        "Lea",
        "Hoffmann",
        Role.EXTERNAL_PARTNER,
        "AWO Unterbezirk Hagen/Märkischer Kreis",
    ),
    ("thomas.becker", "Thomas", "Becker", Role.STEERING_GROUP_MEMBER, "Jobcenter Märkischer Kreis"),
    ("sabine.kraus", "Sabine", "Kraus", Role.AUDITOR, "Märkischer Kreis"),
    # more case managers, so that caseload, handover and substitution have colleagues
    ("mara.schulte", "Mara", "Schulte", Role.CASE_MANAGER, "Märkischer Kreis"),
    ("deniz.yilmaz", "Deniz", "Yılmaz", Role.CASE_MANAGER, "Märkischer Kreis"),
    ("katrin.vogel", "Katrin", "Vogel", Role.CASE_MANAGER, "Märkischer Kreis"),
]


@transaction.atomic
def load():
    """Create the demo users if missing; an existing user (and its password) stays as it is."""
    users = []
    for username, first, last, role, org_name in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "organisation": Organisation.objects.get(name=org_name),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role.value))
        users.append((user, role))
    return users
