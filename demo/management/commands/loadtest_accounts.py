"""Accounts for the load test (tests/load/), all with the demo's password, written as JSON.

Unit heads: the account of each unit ``seed_scale`` made (one per unit), or, on the demo data
alone, a new ``lt_<code>`` head for each registering unit. Reviewers and leaders: the demo's
and ``--reviewers``/``--ministers`` more. Idempotent. Only for a scratch database.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from campaigns.selectors import campaign_current
from demo.loader import DEMO_PASSWORD
from demo.scale import SCALE_HEAD_PREFIX
from registrations.selectors.deadlines import registering_units
from reports.models import GeneratedReport, ReportStatus
from units.models import Role, UserRole

PREFIX = "lt_"


class Command(BaseCommand):
    help = "Create the load test's accounts and write them, with the password, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--reviewers", type=int, default=10, help="besides the demo's two")
        parser.add_argument("--ministers", type=int, default=2, help="besides the demo's one")
        parser.add_argument("--output", help="Write the accounts as JSON to this path.")

    @transaction.atomic
    def handle(self, *args, reviewers, ministers, output=None, **options):
        User = get_user_model()
        # One hash for every new account: hashing is deliberately slow.
        self.hashed = make_password(DEMO_PASSWORD)
        unit_heads = list(
            User.objects.filter(
                username__startswith=SCALE_HEAD_PREFIX, portal_role__role=Role.UNIT_HEAD
            )
            .order_by("username")
            .values_list("username", flat=True)
        ) or [
            self._account(f"{PREFIX}{unit.code.lower()}", Role.UNIT_HEAD, unit)
            for unit in registering_units().order_by("code")
        ]
        accounts = {
            Role.UNIT_HEAD.value: unit_heads,
            Role.REVIEWER.value: ["reviewer", "reviewer2"]
            + [
                self._account(f"{PREFIX}reviewer_{n:02}", Role.REVIEWER)
                for n in range(1, reviewers + 1)
            ],
            Role.MINISTER.value: ["minister"]
            + [
                self._account(f"{PREFIX}minister_{n:02}", Role.MINISTER)
                for n in range(1, ministers + 1)
            ],
        }
        campaign = campaign_current()
        summary = {
            "password": DEMO_PASSWORD,
            **accounts,
            "campaign_year": campaign.year if campaign else None,
            "done_reports": GeneratedReport.objects.filter(
                campaign=campaign, status=ReportStatus.DONE
            ).count(),
        }
        if output:
            Path(output).write_text(json.dumps(summary, indent=2), encoding="utf-8")
        self.stdout.write(", ".join(f"{len(names)} {role}" for role, names in accounts.items()))

    def _account(self, username: str, role: str, unit=None) -> str:
        user, _created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.gov.vn", "password": self.hashed},
        )
        UserRole.objects.update_or_create(user=user, defaults={"role": role, "unit": unit})
        return username
