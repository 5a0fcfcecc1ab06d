import json
from pathlib import Path

from django.core.management.base import BaseCommand

from demo.bench_uploads import IMPORTS, measure_one, run


class Command(BaseCommand):
    help = (
        "Measure each Excel import's preview on a small workbook that unpacks to a sheet of "
        "blank rows (BENCHMARKS.md, Hostile uploads): seconds and memory added, one child "
        "process per import. Reads the demo's data; writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unzipped-bytes", type=int, default=190_000_000, help="size of the sheet's XML"
        )
        parser.add_argument(
            "--numbered", action="store_true", help="blank rows numbered 2, 3, ... instead"
        )
        parser.add_argument("--imports", nargs="+", choices=IMPORTS, default=list(IMPORTS))
        parser.add_argument("--folder", type=Path, default=Path("/tmp/portal-bench-uploads"))
        parser.add_argument("--timeout", type=int, default=600, help="seconds per import")
        parser.add_argument("--output", help="Write the JSON here (default: standard output).")
        parser.add_argument("--one", choices=IMPORTS, help="(internal) the child's import")
        parser.add_argument("--file", type=Path, help="(internal) the child's file")

    def handle(self, *args, one, file, output, **options):
        if one:
            self.stdout.write(json.dumps(measure_one(one, file), ensure_ascii=False))
            return
        results = run(
            unzipped_bytes=options["unzipped_bytes"],
            numbered=options["numbered"],
            imports=options["imports"],
            folder=options["folder"],
            timeout=options["timeout"],
            log=lambda message: self.stderr.write(message),
        )
        text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)
