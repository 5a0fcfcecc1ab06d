"""Scoring in blocs and clusters: the group's table and ranking, and the table's editor.
Views parse and check permission once; scoring/services/ writes.

Who: a table is seen by its group's members (their unit heads), the Department and the
Minister; anyone else gets a 404. A seen page whose action the user may not take redirects a
GET to the table with a message and answers a POST with 403 (``ScoringTableMixin``, shared by
every scoring view).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from campaigns.selectors import campaign_current
from emulation_portal.exceptions import ApplicationError
from units.group_selectors import group_get_for_user, groups_year
from units.permissions import may
from units.roles import actor_for

from ..forms import ScoringItemFormSet, ScoringSettingsForm, item_rows, plain
from ..models import ScoringTable, UnitScore
from ..selectors import (
    acclamation_in_force,
    acclamations,
    item_sections,
    ranking_summary,
    scoring_items,
    scoring_ranking,
    scoring_table_current,
    scoring_table_get_for_user,
    scoring_versions,
)
from ..services.tables import (
    scoring_table_create,
    scoring_table_items_editable,
    scoring_table_new_version,
    scoring_table_open,
    scoring_table_save,
    scoring_table_version_token,
)
from ..workflow import ScoringStatus


def table_url(table: ScoringTable) -> str:
    return reverse("scoring:table", args=[table.pk])


def table_page_context(user, table: ScoringTable) -> dict:
    """Everything the table page shows, with what the user may do (a fixed number of
    queries)."""
    actor = actor_for(user)
    own_unit_id = actor.unit_id if actor.is_unit_head else None
    can_results = may(user, "scoring.view_scoring_results", table)
    ranking = scoring_ranking(table)
    own_row = None
    for row in ranking:
        probe = UnitScore(table=table, unit_id=row.unit.pk, status=row.status or "draft")
        row.is_own = row.unit.pk == own_unit_id
        row.show_totals = row.is_sent and (can_results or row.is_own)
        row.can_view = may(user, "scoring.view_unit_score", probe)
        row.can_check = bool(row.score_id) and may(user, "scoring.check_unit_score", probe)
        row.can_correct = bool(row.score_id) and may(user, "scoring.correct_unit_score", probe)
        if row.is_own:
            own_row = row
            row.can_self_score = may(user, "scoring.self_score", probe)
    can_change = may(user, "scoring.change_scoring_table", table)
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
        "can_acclaim": may(user, "scoring.record_acclamation", table),
        "can_correct_acclamation": may(user, "scoring.correct_acclamation", table),
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
        return redirect(table_url(self.table))


class GroupScoringView(LoginRequiredMixin, TemplateView):
    """The group's scoring page for the campaign's year: its table, members' totals and ranks,
    or, before there is a table, the way to make one."""

    template_name = "scoring/table.html"

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
                user, "scoring.change_scoring_table", ScoringTable(group=group, year=year)
            ),
            **kwargs,
        )


class ScoringTableView(ScoringTableMixin, TemplateView):
    """One version of a group's table (the same page as the group's)."""

    template_name = "scoring/table.html"

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
            return redirect("scoring:group", pk=group.pk)
        messages.success(request, _("The table was created: add its items, then open it."))
        return redirect("scoring:edit", pk=table.pk)


class ScoringTableEditView(ScoringTableMixin, View):
    """The table's acclamation settings and items, while they may change."""

    template_name = "scoring/table_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        if not may(request.user, "scoring.change_scoring_table", self.table):
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
            return redirect(table_url(self.table))
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
                    "number": item.number,
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
        return redirect(table_url(self.table))

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
        if not may(request.user, "scoring.change_scoring_table", self.table):
            raise PermissionDenied
        try:
            return self.perform()
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(table_url(self.table))


class ScoringTableOpenView(_TableActionView):
    def perform(self):
        table = scoring_table_open(table=self.table, actor=self.request.user)
        messages.success(self.request, _("The table is open: members can score themselves."))
        return redirect(table_url(table))


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
        return redirect("scoring:edit", pk=table.pk)
