"""Scoring in blocs and clusters: the group's table and ranking, a unit's self-score, the
head's check, the acclamation of the leader, the minutes PDF, and the table's editor and Excel
import. Views parse and check permission once; units/scoring.py writes.

Who: a table is seen by its group's members (their unit heads), the Department and the
Minister; anyone else gets a 404. A seen page whose action the user may not take redirects a
GET to the table with a message and answers a POST with 403.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from campaigns.selectors import campaign_current
from emulation_portal.exceptions import ApplicationError

from .group_selectors import group_get_for_user, groups_year
from .models import (
    SENT_SCORE_STATUSES,
    GroupMembership,
    ScoringMethod,
    ScoringStatus,
    ScoringTable,
    UnitScore,
)
from .permissions import may
from .roles import actor_for, display_name
from .scoring import (
    acclamation_record,
    score_correct,
    scoring_table_create,
    scoring_table_items_editable,
    scoring_table_new_version,
    scoring_table_open,
    scoring_table_save,
    scoring_table_version_token,
    unit_score_check,
    unit_score_save_and_send,
)
from .scoring_forms import (
    AcclamationForm,
    CheckForm,
    CorrectionForm,
    ScoringImportConfirmForm,
    ScoringImportForm,
    ScoringItemFormSet,
    ScoringSettingsForm,
    SelfScoreForm,
    item_rows,
    plain,
)
from .scoring_import import (
    CONTENT_TYPE,
    MAX_BYTES,
    scoring_import_apply,
    scoring_import_discard,
    scoring_import_filename,
    scoring_import_preview,
    scoring_import_stash,
    scoring_import_template,
    scoring_import_unstash,
)
from .scoring_minutes import minutes_context, minutes_filename, minutes_pdf
from .scoring_selectors import (
    acclamation_in_force,
    acclamations,
    group_head_unit,
    group_member_units,
    item_sections,
    ranking_summary,
    scoring_items,
    scoring_ranking,
    scoring_table_current,
    scoring_table_get_for_user,
    scoring_versions,
    unit_score_detail,
    unit_score_get,
)


def _table_url(table: ScoringTable) -> str:
    return reverse("units:scoring_table", args=[table.pk])


def table_page_context(user, table: ScoringTable) -> dict:
    """Everything the table page shows, with what the user may do (a fixed number of
    queries)."""
    actor = actor_for(user)
    own_unit_id = actor.unit_id if actor.is_unit_head else None
    can_results = may(user, "units.view_scoring_results", table)
    ranking = scoring_ranking(table)
    own_row = None
    for row in ranking:
        probe = UnitScore(table=table, unit_id=row.unit.pk, status=row.status or "draft")
        row.is_own = row.unit.pk == own_unit_id
        row.show_totals = row.is_sent and (can_results or row.is_own)
        row.can_view = may(user, "units.view_unit_score", probe)
        row.can_check = bool(row.score_id) and may(user, "units.check_unit_score", probe)
        row.can_correct = bool(row.score_id) and may(user, "units.correct_unit_score", probe)
        if row.is_own:
            own_row = row
            row.can_self_score = may(user, "units.self_score", probe)
    can_change = may(user, "units.change_scoring_table", table)
    items_editable = can_change and scoring_table_items_editable(table)
    versions = scoring_versions(table)
    in_force = acclamation_in_force(table) if table.status == ScoringStatus.PUBLISHED else None
    return {
        "table": table,
        "group": table.group,
        "year": table.year,
        "sections": item_sections(scoring_items(table)),
        "ranking": ranking,
        "summary": ranking_summary(ranking),
        "own_row": own_row,
        "can_results": can_results,
        "can_change": can_change,
        "items_editable": items_editable,
        "can_open": can_change and table.status == ScoringStatus.DRAFT,
        "can_new_version": can_change and table.status == ScoringStatus.OPEN and not items_editable,
        "can_acclaim": may(user, "units.record_acclamation", table),
        "can_correct_acclamation": may(user, "units.correct_acclamation", table),
        "acclamation": in_force,
        "acclamations": acclamations(table) if in_force else [],
        "versions": versions,
        "draft_version": next(
            (v for v in versions if v.status == ScoringStatus.DRAFT and v.pk != table.pk), None
        ),
    }


class ScoringTableMixin(LoginRequiredMixin):
    """The table named by ``pk``, if the user may see it (404 otherwise)."""

    @cached_property
    def table(self) -> ScoringTable:
        return scoring_table_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def refuse(self, message: str):
        """A GET the user may not act on goes back to the table; a POST is forbidden."""
        if self.request.method != "GET":
            raise PermissionDenied
        messages.info(self.request, message)
        return redirect(_table_url(self.table))


class GroupScoringView(LoginRequiredMixin, TemplateView):
    """The group's scoring page for the campaign's year: its table, members' totals and ranks,
    or, before there is a table, the way to make one."""

    template_name = "units/scoring/scoring_table.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        year = groups_year(campaign_current())
        if year is None:
            raise Http404
        group = group_get_for_user(user=user, pk=self.kwargs["pk"], year=year)
        table = scoring_table_current(group=group, year=year)
        if table is not None:
            return super().get_context_data(**table_page_context(user, table), **kwargs)
        return super().get_context_data(
            group=group,
            year=year,
            table=None,
            can_create=may(
                user, "units.change_scoring_table", ScoringTable(group=group, year=year)
            ),
            **kwargs,
        )


class ScoringTableView(ScoringTableMixin, TemplateView):
    """One version of a group's table (the same page as the group's)."""

    template_name = "units/scoring/scoring_table.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **table_page_context(self.request.user, self.table), **kwargs
        )


class ScoringTableCreateView(LoginRequiredMixin, View):
    """POST only: the group's head or the Department starts the year's table."""

    http_method_names = ["post"]

    def post(self, request, pk):
        year = groups_year(campaign_current())
        if year is None:
            raise Http404
        group = group_get_for_user(user=request.user, pk=pk, year=year)
        try:
            table = scoring_table_create(group=group, year=year, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("units:scoring", pk=group.pk)
        messages.success(request, _("The table was created: add its items, then open it."))
        return redirect("units:scoring_edit", pk=table.pk)


class ScoringTableEditView(ScoringTableMixin, View):
    """The table's acclamation settings and items, while they may change."""

    template_name = "units/scoring/scoring_table_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        if not may(request.user, "units.change_scoring_table", self.table):
            return self.refuse(_("You cannot change this table."))
        if not scoring_table_items_editable(self.table):
            if request.method != "GET":
                raise PermissionDenied
            messages.info(
                request,
                _(
                    "Units have started scoring against this version: its items can no longer "
                    "change. Make a new version instead."
                ),
            )
            return redirect(_table_url(self.table))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        table = self.table
        settings_form = ScoringSettingsForm(
            initial={
                "version": scoring_table_version_token(table),
                "method": table.method,
                "threshold": plain(table.threshold),
            }
        )
        items = scoring_items(table)
        formset = ScoringItemFormSet(
            prefix="items",
            initial=[
                {
                    "id": item.pk,
                    "position": item.position,
                    "text": item.text,
                    "kind": item.kind,
                    "max_points": plain(item.max_points),
                    "guidance": item.guidance,
                }
                for item in items
            ]
            or [{"position": 1, "kind": "base"}],
        )
        return self._render(settings_form, formset)

    def post(self, request, pk):
        settings_form = ScoringSettingsForm(request.POST)
        formset = ScoringItemFormSet(request.POST, prefix="items")
        if not (settings_form.is_valid() and formset.is_valid()):
            return self._render(settings_form, formset, status=400)
        try:
            scoring_table_save(
                table=self.table,
                actor=request.user,
                method=settings_form.cleaned_data["method"],
                threshold=settings_form.cleaned_data["threshold"],
                items=item_rows(formset),
                version=settings_form.cleaned_data["version"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(settings_form, formset, status=400)
        messages.success(request, _("The scoring table was saved."))
        return redirect(_table_url(self.table))

    def _render(self, settings_form, formset, status=200):
        context = {
            "table": self.table,
            "group": self.table.group,
            "settings_form": settings_form,
            "formset": formset,
        }
        return render(self.request, self.template_name, context, status=status)


class _TableActionView(ScoringTableMixin, View):
    """POST only: one act on the table by its head or the Department."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not may(request.user, "units.change_scoring_table", self.table):
            raise PermissionDenied
        try:
            return self.perform()
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(_table_url(self.table))


class ScoringTableOpenView(_TableActionView):
    def perform(self):
        table = scoring_table_open(table=self.table, actor=self.request.user)
        messages.success(self.request, _("The table is open: members can score themselves."))
        return redirect(_table_url(table))


class ScoringTableNewVersionView(_TableActionView):
    def perform(self):
        table = scoring_table_new_version(table=self.table, actor=self.request.user)
        messages.success(
            self.request,
            _(
                "Version %(version)s is being prepared; scoring goes on against the open "
                "version until you open the new one."
            )
            % {"version": table.version},
        )
        return redirect("units:scoring_edit", pk=table.pk)


# --- Excel import of the items ------------------------------------------------------------


class _ImportMixin(ScoringTableMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        if not may(request.user, "units.change_scoring_table", self.table):
            return self.refuse(_("You cannot change this table."))
        if not scoring_table_items_editable(self.table):
            return self.refuse(
                _(
                    "Units have started scoring against this version: its items can no longer "
                    "change. Make a new version instead."
                )
            )
        return super().dispatch(request, *args, **kwargs)


class ScoringImportView(_ImportMixin, View):
    """GET: the steps and the upload form. POST: the upload, checked and previewed."""

    def get(self, request, pk):
        return self._upload_page(ScoringImportForm())

    def post(self, request, pk):
        form = ScoringImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._upload_page(form, status=400)
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        preview = scoring_import_preview(table=self.table, data=data)
        confirm = None
        if preview.is_valid:
            token = scoring_import_stash(table=self.table, user=request.user, data=data)
            confirm = ScoringImportConfirmForm(
                initial={"token": token, "version": scoring_table_version_token(self.table)}
            )
        context = {
            "table": self.table,
            "group": self.table.group,
            "preview": preview,
            "confirm": confirm,
            "form": ScoringImportForm(),
            "file_name": upload.name,
        }
        return render(
            request,
            "units/scoring/import_preview.html",
            context,
            status=200 if preview.is_valid else 400,
        )

    def _upload_page(self, form, status=200):
        context = {
            "table": self.table,
            "group": self.table.group,
            "form": form,
            "max_megabytes": MAX_BYTES // (1024 * 1024),
        }
        return render(self.request, "units/scoring/import.html", context, status=status)


class ScoringImportTemplateView(_ImportMixin, View):
    def get(self, request, pk):
        response = HttpResponse(
            scoring_import_template(table=self.table), content_type=CONTENT_TYPE
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=scoring_import_filename(table=self.table)
        )
        return response


class ScoringImportConfirmView(_ImportMixin, View):
    """POST only: replace the items by the previewed upload, all of them or none."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = ScoringImportConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("The confirmation was not valid. Nothing was imported; upload again.")
            )
            return redirect("units:scoring_import", pk=pk)
        token = form.cleaned_data["token"]
        data = scoring_import_unstash(table=self.table, user=request.user, token=token)
        if data is None:
            messages.error(
                request,
                _(
                    "This upload was already imported, or a newer one replaced it. Nothing was "
                    "changed."
                ),
            )
            return redirect("units:scoring_import", pk=pk)
        try:
            preview = scoring_import_apply(
                table=self.table,
                actor=request.user,
                data=data,
                version=form.cleaned_data["version"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("units:scoring_import", pk=pk)
        finally:
            scoring_import_discard(table=self.table, user=request.user, token=token)
        messages.success(
            request,
            _("The scoring table now holds the %(count)s items of the file.")
            % {"count": len(preview.rows)},
        )
        return redirect(_table_url(self.table))


# --- A unit's score -----------------------------------------------------------------------


class SelfScoreView(ScoringTableMixin, View):
    """The signed-in head's own unit scores itself, with evidence, then sends it."""

    template_name = "units/scoring/self_score.html"

    @cached_property
    def unit(self):
        actor = actor_for(self.request.user)
        if not actor.is_unit_head:
            raise Http404
        membership = (
            GroupMembership.objects.filter(
                group_id=self.table.group_id, year=self.table.year, unit_id=actor.unit_id
            )
            .select_related("unit")
            .first()
        )
        if membership is None:
            raise Http404
        return membership.unit

    @cached_property
    def unit_score(self) -> UnitScore:
        return unit_score_get(table=self.table, unit_id=self.unit.pk) or UnitScore(
            table=self.table, unit=self.unit
        )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        if not may(request.user, "units.self_score", self.unit_score):
            if request.method != "GET":
                raise PermissionDenied
            messages.info(request, _("Your unit's score cannot be changed now."))
            if self.unit_score.pk:
                return redirect("units:scoring_unit", pk=self.table.pk, unit_pk=self.unit.pk)
            return redirect(_table_url(self.table))
        return super().dispatch(request, *args, **kwargs)

    def _detail(self):
        return unit_score_detail(table=self.table, unit_score=self.unit_score)

    def get(self, request, pk):
        detail = self._detail()
        return self._render(SelfScoreForm(lines=detail.lines), detail)

    def post(self, request, pk):
        detail = self._detail()
        form = SelfScoreForm(request.POST, lines=detail.lines)
        if not form.is_valid():
            return self._render(form, detail, status=400)
        try:
            saved = unit_score_save_and_send(
                table=self.table,
                unit=self.unit,
                actor=request.user,
                rows=form.rows(),
                send="send" in request.POST,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(form, detail, status=400)
        if saved.not_sent_because:
            messages.error(request, saved.not_sent_because)
            return redirect("units:scoring_self", pk=self.table.pk)
        if not saved.sent:
            messages.success(request, _("Your self-score was saved as a draft."))
            return redirect("units:scoring_self", pk=self.table.pk)
        messages.success(request, _("Your self-score was sent to the group's head for checking."))
        return redirect("units:scoring_unit", pk=self.table.pk, unit_pk=self.unit.pk)

    def _render(self, form, detail, status=200):
        context = {
            "table": self.table,
            "group": self.table.group,
            "unit": self.unit,
            "unit_score": self.unit_score,
            "detail": detail,
            "form": form,
            "decimal_separator": get_format("DECIMAL_SEPARATOR"),
        }
        return render(self.request, self.template_name, context, status=status)


class UnitScoreMixin(ScoringTableMixin):
    """A member unit's score in the table: seen by the unit, the group's head and readers;
    404 for anyone else and for a unit outside the group."""

    @cached_property
    def unit(self):
        membership = (
            GroupMembership.objects.filter(
                group_id=self.table.group_id, year=self.table.year, unit_id=self.kwargs["unit_pk"]
            )
            .select_related("unit")
            .first()
        )
        if membership is None:
            raise Http404
        return membership.unit

    @cached_property
    def unit_score(self) -> UnitScore:
        return unit_score_get(table=self.table, unit_id=self.unit.pk) or UnitScore(
            table=self.table, unit=self.unit
        )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(
            request.user, "units.view_unit_score", self.unit_score
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def context(self, **kwargs) -> dict:
        user = self.request.user
        score = self.unit_score
        sent = score.status in SENT_SCORE_STATUSES
        # A unit's draft is its own: the checker sees the points once they are sent.
        show = sent or self._is_own()
        return {
            "table": self.table,
            "group": self.table.group,
            "unit": self.unit,
            "unit_score": score,
            "detail": kwargs.pop("detail", None)
            or unit_score_detail(table=self.table, unit_score=score if show else None),
            "show_points": show,
            "is_own": self._is_own(),
            "can_self_score": may(user, "units.self_score", score),
            "can_check": bool(score.pk) and may(user, "units.check_unit_score", score),
            "can_correct": bool(score.pk) and may(user, "units.correct_unit_score", score),
            "history": list(
                score.history.select_related("history_user").order_by("-history_date")[:50]
            )
            if score.pk
            else [],
            **kwargs,
        }

    def _is_own(self) -> bool:
        actor = actor_for(self.request.user)
        return actor.is_unit_head and actor.unit_id == self.unit.pk


class UnitScoreView(UnitScoreMixin, TemplateView):
    """One unit's points item by item: its own, the checked ones with their reasons, and the
    corrections after publication, with who and when."""

    template_name = "units/scoring/unit_score.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.context(), **kwargs)


class UnitScoreCheckView(UnitScoreMixin, View):
    """The group's head (or the Department) checks a sent score, adjusting with a reason."""

    template_name = "units/scoring/check_form.html"

    def _refused(self):
        if not may(self.request.user, "units.check_unit_score", self.unit_score):
            if self._is_own() and actor_for(self.request.user).is_unit_head:
                message = _("The Department checks the score of the group's head unit.")
            else:
                message = _("This score cannot be checked now.")
            return self.refuse(message)
        return None

    def get(self, request, pk, unit_pk):
        refused = self._refused()
        if refused:
            return refused
        detail = unit_score_detail(table=self.table, unit_score=self.unit_score)
        return self._render(CheckForm(lines=detail.lines), detail)

    def post(self, request, pk, unit_pk):
        self._refused()
        detail = unit_score_detail(table=self.table, unit_score=self.unit_score)
        form = CheckForm(request.POST, lines=detail.lines)
        if not form.is_valid():
            return self._render(form, detail, status=400)
        try:
            unit_score_check(unit_score=self.unit_score, actor=request.user, rows=form.rows())
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(form, detail, status=400)
        messages.success(
            request, _("The score of %(unit)s is checked.") % {"unit": self.unit.display_name}
        )
        return redirect(_table_url(self.table))

    def _render(self, form, detail, status=200):
        context = self.context(
            form=form,
            detail=detail,
            show_points=True,
            decimal_separator=get_format("DECIMAL_SEPARATOR"),
        )
        return render(self.request, self.template_name, context, status=status)


class ScoreCorrectView(UnitScoreMixin, View):
    """After publication: record a correction of one item's points, with its reason."""

    template_name = "units/scoring/correct_form.html"

    def _refused(self):
        if not may(self.request.user, "units.correct_unit_score", self.unit_score):
            return self.refuse(_("This score cannot be corrected."))
        return None

    def get(self, request, pk, unit_pk):
        refused = self._refused()
        if refused:
            return refused
        detail = unit_score_detail(table=self.table, unit_score=self.unit_score)
        return self._render(CorrectionForm(lines=detail.lines), detail)

    def post(self, request, pk, unit_pk):
        self._refused()
        detail = unit_score_detail(table=self.table, unit_score=self.unit_score)
        form = CorrectionForm(request.POST, lines=detail.lines)
        if not form.is_valid():
            return self._render(form, detail, status=400)
        try:
            score_correct(
                unit_score=self.unit_score,
                item_id=form.cleaned_data["item"],
                actor=request.user,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(form, detail, status=400)
        messages.success(request, _("The correction was recorded."))
        return redirect("units:scoring_unit", pk=self.table.pk, unit_pk=self.unit.pk)

    def _render(self, form, detail, status=200):
        context = self.context(form=form, detail=detail, show_points=True)
        return render(self.request, self.template_name, context, status=status)


# --- The acclamation and the minutes ------------------------------------------------------


class AcclamationView(ScoringTableMixin, View):
    """The group's head (or the Department) records the acclamation of the leader, which
    publishes the results; once published, recording again is a correction with a reason."""

    template_name = "units/scoring/acclamation_form.html"

    @cached_property
    def correcting(self) -> bool:
        return self.table.status == ScoringStatus.PUBLISHED

    def _refused(self):
        perm = "units.correct_acclamation" if self.correcting else "units.record_acclamation"
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
            else:
                first = next((row for row in ranking or [] if row.rank == 1), None)
                head = group_head_unit(table)
                user = self.request.user
                initial = {
                    "leader": first.unit.pk if first else None,
                    "held_on": timezone.localdate(),
                    "city": "Hà Nội",
                    "chair": display_name(user),
                    "chair_position": f"{head.head_title} {head.name}" if head else "",
                    "attendees": "\n".join(f"- {unit.name};" for unit in group_member_units(table)),
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
        return redirect(_table_url(self.table))

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
        if not may(request.user, "units.view_scoring_results", table):
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
