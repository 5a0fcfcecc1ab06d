"""A member unit's score: its self-score, the page of its points, the check by the group's
head (or the Department) and the corrections after publication."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from emulation_portal.exceptions import ApplicationError
from units.models import GroupMembership
from units.permissions import may
from units.roles import actor_for

from ..forms import CheckForm, CorrectionForm, SelfScoreForm
from ..models import UnitScore
from ..selectors import unit_score_detail, unit_score_get
from ..services.scores import score_correct, unit_score_check, unit_score_save_and_send
from ..workflow import SENT_SCORE_STATUSES
from .tables import ScoringTableMixin, table_url


class SelfScoreView(ScoringTableMixin, View):
    """The signed-in head's own unit scores itself, with evidence, then sends it."""

    template_name = "scoring/self_score.html"

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
        if not may(request.user, "scoring.self_score", self.unit_score):
            if request.method != "GET":
                raise PermissionDenied
            messages.info(request, _("Your unit's score cannot be changed now."))
            if self.unit_score.pk:
                return redirect("scoring:unit", pk=self.table.pk, unit_pk=self.unit.pk)
            return redirect(table_url(self.table))
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
            return redirect("scoring:self", pk=self.table.pk)
        if not saved.sent:
            messages.success(request, _("Your self-score was saved as a draft."))
            return redirect("scoring:self", pk=self.table.pk)
        messages.success(request, _("Your self-score was sent to the group's head for checking."))
        return redirect("scoring:unit", pk=self.table.pk, unit_pk=self.unit.pk)

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
            request.user, "scoring.view_unit_score", self.unit_score
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
            "can_self_score": may(user, "scoring.self_score", score),
            "can_check": bool(score.pk) and may(user, "scoring.check_unit_score", score),
            "can_correct": bool(score.pk) and may(user, "scoring.correct_unit_score", score),
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

    template_name = "scoring/unit_score.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.context(), **kwargs)


class UnitScoreCheckView(UnitScoreMixin, View):
    """The group's head (or the Department) checks a sent score, adjusting with a reason."""

    template_name = "scoring/check_form.html"

    def _refused(self):
        if not may(self.request.user, "scoring.check_unit_score", self.unit_score):
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
        return redirect(table_url(self.table))

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

    template_name = "scoring/correct_form.html"

    def _refused(self):
        if not may(self.request.user, "scoring.correct_unit_score", self.unit_score):
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
        return redirect("scoring:unit", pk=self.table.pk, unit_pk=self.unit.pk)

    def _render(self, form, detail, status=200):
        context = self.context(form=form, detail=detail, show_points=True)
        return render(self.request, self.template_name, context, status=status)
