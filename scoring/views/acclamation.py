"""The acclamation of the group's leader, which publishes the results, and its minutes PDF."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from emulation_portal.exceptions import ApplicationError
from units.permissions import may
from units.roles import display_name
from units.selectors import organisation

from ..documents import minutes_context, minutes_filename, minutes_pdf
from ..forms import AcclamationForm, members_present_text
from ..models import ScoringMethod
from ..selectors import (
    acclamation_in_force,
    group_head_unit,
    group_member_units,
    ranking_summary,
    scoring_ranking,
)
from ..services.acclamation import acclamation_record
from ..workflow import ScoringStatus
from .tables import ScoringTableMixin, table_url


class AcclamationView(ScoringTableMixin, View):
    """The group's head (or the Department) records the acclamation of the leader, which
    publishes the results; once published, recording again is a correction with a reason."""

    template_name = "scoring/acclamation_form.html"

    @cached_property
    def correcting(self) -> bool:
        return self.table.status == ScoringStatus.PUBLISHED

    def _refused(self):
        perm = "scoring.correct_acclamation" if self.correcting else "scoring.record_acclamation"
        if not may(self.request.user, perm, self.table):
            return self.refuse(_("You cannot record the acclamation of this table."))
        return None

    def _form(self, data=None, ranking=None):
        table = self.table
        initial = {}
        if data is None:
            current = acclamation_in_force(table) if self.correcting else None
            if current is not None:
                initial = {
                    name: getattr(current, name)
                    for name in (
                        "held_on",
                        "place",
                        "city",
                        "chair",
                        "chair_position",
                        "secretary",
                        "secretary_position",
                        "attendees",
                        "ballots_for",
                        "ballots_total",
                    )
                }
                initial["leader"] = current.leader_id
                initial["members_present"] = members_present_text(current.members_present)
                initial["certificate_units"] = [u.pk for u in current.certificate_units.all()]
            else:
                first = next((row for row in ranking or [] if row.rank == 1), None)
                head = group_head_unit(table)
                user = self.request.user
                initial = {
                    "leader": first.unit.pk if first else None,
                    "held_on": timezone.localdate(),
                    "city": organisation().place,
                    "chair": display_name(user),
                    "chair_position": f"{head.head_title} {head.name}" if head else "",
                    "attendees": "\n".join(f"- {unit.name};" for unit in group_member_units(table)),
                    # By the ranking: the two units after the leader (DOMAIN §4.3).
                    "certificate_units": [
                        row.unit.pk
                        for row in sorted(
                            (r for r in ranking or [] if r.rank and r is not first),
                            key=lambda r: r.rank,
                        )[:2]
                    ],
                }
        return AcclamationForm(
            data,
            initial=initial,
            members=group_member_units(table),
            ballot=table.method == ScoringMethod.BALLOT,
            correcting=self.correcting,
        )

    def get(self, request, pk):
        refused = self._refused()
        if refused:
            return refused
        ranking = scoring_ranking(self.table)
        return self._render(self._form(ranking=ranking), ranking)

    def post(self, request, pk):
        self._refused()
        form = self._form(request.POST)
        ranking = scoring_ranking(self.table)
        if not form.is_valid():
            return self._render(form, ranking, status=400)
        data = form.cleaned_data
        try:
            acclamation_record(
                table=self.table,
                actor=request.user,
                leader_id=data["leader"],
                held_on=data["held_on"],
                place=data["place"],
                city=data["city"],
                chair=data["chair"],
                chair_position=data["chair_position"],
                secretary=data["secretary"],
                secretary_position=data["secretary_position"],
                attendees=data["attendees"],
                ballots_for=data.get("ballots_for"),
                ballots_total=data.get("ballots_total"),
                correction_reason=data.get("correction_reason", ""),
                members_present=data["members_present"],
                certificate_unit_ids=data["certificate_units"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self._render(form, ranking, status=400)
        if self.correcting:
            messages.success(request, _("The correction of the acclamation was recorded."))
        else:
            messages.success(
                request, _("The acclamation was recorded and the results are published.")
            )
        return redirect(table_url(self.table))

    def _render(self, form, ranking, status=200):
        context = {
            "table": self.table,
            "group": self.table.group,
            "form": form,
            "ranking": ranking,
            "summary": ranking_summary(ranking),
            "correcting": self.correcting,
            "current": acclamation_in_force(self.table) if self.correcting else None,
        }
        return render(self.request, self.template_name, context, status=status)


class MinutesPdfView(ScoringTableMixin, View):
    """The group's minutes as an official PDF, once the acclamation is recorded; for those
    who may see everyone's results."""

    def get(self, request, pk):
        table = self.table
        if not may(request.user, "scoring.view_scoring_results", table):
            raise Http404
        context = minutes_context(table)
        if context is None:
            raise Http404
        disposition = "inline" if request.GET.get("inline") else "attachment"
        response = HttpResponse(minutes_pdf(context), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            disposition == "attachment", minutes_filename(table)
        )
        return response
