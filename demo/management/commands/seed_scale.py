from django.core.management.base import BaseCommand, CommandError

from demo.scale import STAFF_PER_SCALE, UNITS_PER_SCALE, seed_scale
from emulation_portal.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        f"Seed the 2021 campaign at N times ministry scale ({UNITS_PER_SCALE} units, "
        f"{STAFF_PER_SCALE:,} staff per N) on top of the demo data, for the benchmark. "
        "Meant for a scratch database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="N (default 1)")
        parser.add_argument(
            "--without-demo",
            action="store_true",
            help="Only the campaign, units and accounts the scale data needs, not the whole "
            "demo (for the fast tests).",
        )

    def handle(self, *args, scale, without_demo, **options):
        try:
            plan = seed_scale(scale, with_demo=not without_demo)
        except (ApplicationError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale {plan.scale:g}: {plan.units} units and {plan.staff:,} staff in place "
                "(unit heads: scale_head_<unit code>, password as the demo's)."
            )
        )
