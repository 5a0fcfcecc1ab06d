import json
from pathlib import Path

from django.core.management.base import BaseCommand

from demo.bench import run_bench


class Command(BaseCommand):
    help = (
        "Measure the journeys' pages against a floor, the year-end report and the staff "
        "import, on data seeded by seed_scale (BENCHMARKS.md). Writes to the database: "
        "use a scratch one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, required=True, help="N the data was seeded at")
        parser.add_argument("--output", help="Write the JSON here (default: standard output).")
        parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
        parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
        parser.add_argument("--import-rows", type=int, default=20_000)

    def handle(self, *args, scale, output, requests, warmup, import_rows, **options):
        results = run_bench(
            scale=scale,
            requests=requests,
            warmup=warmup,
            import_rows=import_rows,
            log=lambda message: self.stderr.write(message),
        )
        text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
        if output:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Written to {output}")
        else:
            self.stdout.write(text)
