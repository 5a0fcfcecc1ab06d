"""Load a list a unit sent, as the registration editor's Excel import does (issue 16)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError
from registrations.imports.lists import (
    COLLECTIVES,
    INITIATIVES,
    KINDS,
    SCORING_ITEMS,
    import_list,
)
from registrations.imports.staff import staff_import_max_bytes, staff_import_too_large_message


class Command(BaseCommand):
    help = (
        "Import a list a unit sent (an .xlsx in the portal's template or the unit's own "
        "layout) into the unit's registration, into its staff's history (past titles, "
        "yearly ratings), or into its bloc's or cluster's scoring table (scoring_items): "
        "checked as the import page checks it, then written all or nothing, "
        "recorded with --user. Exits non-zero when the file cannot be read or a row is "
        "refused; nothing is written then."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument("--unit", required=True, help="the unit's code")
        parser.add_argument(
            "--campaign",
            type=int,
            help="the yearly campaign's year (default: the current one; not read for the "
            "staff's history)",
        )
        parser.add_argument(
            "--kind", choices=KINDS, help="the kind of list (default: recognised from the file)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--user",
            help="the account the change is recorded with (the unit's head; for the staff's "
            "history, also a specialist of the Department)",
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(**options)

    def _handle(self, **options):
        data = self._read(Path(options["file"]))
        try:
            result = import_list(
                unit_code=options["unit"],
                data=data,
                year=options["campaign"],
                kind=options["kind"],
                dry_run=options["dry_run"],
                username=options["user"],
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(self._summary(result, options["dry_run"]))
        if result.refused:
            raise CommandError(_("Some rows are refused. Nothing was written."))

    @staticmethod
    def _read(path: Path) -> bytes:
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        if path.stat().st_size > staff_import_max_bytes():
            raise CommandError(staff_import_too_large_message())
        return path.read_bytes()

    @staticmethod
    def _refused_lines(result) -> list[str]:
        return [
            _("Row %(row)s: %(reason)s") % {"row": r.row, "reason": r.reason}
            for r in result.refused
        ]

    @staticmethod
    def _counts(result) -> dict:
        return {
            "rows": result.rows,
            "matched": result.matched,
            "new": result.new,
            "refused": len(result.refused),
        }

    @staticmethod
    def _summary(result, dry_run: bool) -> str:
        if result.registration is None:
            heading = _("%(unit)s: a list of %(kind)s.") % {
                "unit": result.unit.name,
                "kind": result.kind,
            }
        else:
            heading = _("%(unit)s, %(campaign)s: a list of %(kind)s.") % {
                "unit": result.registration.unit.name,
                "campaign": result.registration.campaign.name,
                "kind": result.kind,
            }
        if result.kind == INITIATIVES:
            return "\n".join([heading, *Command._initiatives_summary(result, dry_run)])
        if result.kind == SCORING_ITEMS:
            return "\n".join([heading, *Command._scoring_summary(result, dry_run)])
        lines = [
            heading,
            _("Rows read: %(rows)s; found in the staff: %(matched)s; refused: %(refused)s.")
            % {"rows": result.rows, "matched": result.matched, "refused": len(result.refused)}
            if result.kind != COLLECTIVES
            else _(
                "Rows read: %(rows)s; sub-units found: %(matched)s; new sub-units: %(new)s; "
                "refused: %(refused)s."
            )
            % Command._counts(result),
            *Command._refused_lines(result),
        ]
        if not result.refused and result.registration is None:
            if result.written:
                done = _("Written: %(new)s records added or changed.")
            elif dry_run:
                done = _("Nothing written (dry run): %(new)s records would be added or changed.")
            else:
                done = _("The file changed nothing: every record is already there.")
            lines.append(done % {"new": result.new})
        elif not result.refused:
            counts = {"added": result.added, "removed": result.removed, "people": result.people}
            if result.kind == COLLECTIVES:
                done = (
                    _(
                        "Written: %(added)s titles added and %(removed)s removed for "
                        "%(people)s sub-units."
                    )
                    if result.written
                    else _(
                        "Nothing written (dry run): %(added)s titles would be added and "
                        "%(removed)s removed for %(people)s sub-units."
                    )
                    if dry_run
                    else _("The file changed nothing.")
                )
            elif result.written:
                done = _(
                    "Written: %(added)s titles added and %(removed)s removed for %(people)s people."
                )
            elif dry_run:
                done = _(
                    "Nothing written (dry run): %(added)s titles would be added and %(removed)s "
                    "removed for %(people)s people."
                )
            else:
                done = _("The file changed nothing.")
            lines.append(done % counts)
        return "\n".join(lines)

    @staticmethod
    def _scoring_summary(result, dry_run: bool) -> list[str]:
        lines = [
            _(
                "Rows read: %(rows)s; items already in the scoring table: %(matched)s; new "
                "items: %(new)s; refused: %(refused)s."
            )
            % Command._counts(result),
            *Command._refused_lines(result),
        ]
        if result.refused:
            return lines
        if result.written:
            lines.append(
                _("Written: the scoring table %(table)s now holds the file's %(rows)s items.")
                % {"table": result.scoring_table, "rows": result.rows}
            )
        else:
            lines.append(
                _("Nothing written (dry run): the file's %(rows)s items would replace the table's.")
                % {"rows": result.rows}
            )
        return lines

    @staticmethod
    def _initiatives_summary(result, dry_run: bool) -> list[str]:
        counts = {**Command._counts(result), "changed": result.changed}
        lines = [
            _(
                "Rows read: %(rows)s; with every author found in the staff: %(matched)s; new "
                "initiatives: %(new)s; refused: %(refused)s."
            )
            % counts,
            *Command._refused_lines(result),
        ]
        if result.refused:
            return lines
        if result.written:
            done = _("Written: %(new)s initiatives added and %(changed)s changed.")
        elif dry_run:
            done = _(
                "Nothing written (dry run): %(new)s initiatives would be added and %(changed)s "
                "changed."
            )
        else:
            done = _("The file changed nothing.")
        lines.append(done % counts)
        return lines
