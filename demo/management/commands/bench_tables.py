"""Gather the runs of ``make bench`` into one results file and regenerate the figure tables
of BENCHMARKS.md from it (between its markers), so that the document cannot drift."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo.bench_tables import replace_tables


class Command(BaseCommand):
    help = "Merge bench JSON files into --output and rewrite the tables of --doc."

    def add_arguments(self, parser):
        parser.add_argument("runs", nargs="*", help="JSON files written by `bench`")
        parser.add_argument("--output", required=True, help="the merged results file")
        parser.add_argument("--doc", help="the Markdown file whose tables are regenerated")

    def handle(self, *args, runs, output, doc, **options):
        if runs:
            merged = {"runs": [json.loads(Path(run).read_text(encoding="utf-8")) for run in runs]}
            text = json.dumps(merged, indent=2, ensure_ascii=False) + "\n"
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(text, encoding="utf-8")
        results = json.loads(Path(output).read_text(encoding="utf-8"))
        if doc:
            path = Path(doc)
            try:
                path.write_text(replace_tables(path.read_text(encoding="utf-8"), results))
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stderr.write(f"Tables of {doc} regenerated from {output}")
