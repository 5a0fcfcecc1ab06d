"""The award history (tra cứu khen thưởng)."""

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from ..forms import HistorySearchForm
from ..selectors.history import (
    PERSON,
    UNIT,
    award_history,
    award_history_years,
)
from .base import AwardsMixin

HISTORY_PAGE_SIZE = 50


class AwardHistoryView(AwardsMixin, TemplateView):
    """Search the titles and forms held by people or units, by name or code, year and title,
    each with the decision behind it. A unit head searches the unit's own."""

    template_name = "awards/award_history.html"
    permission_required = "awards.view_award_history"

    def get_context_data(self, **kwargs):
        form = HistorySearchForm(self.request.GET or None, years=award_history_years())
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        kind = data.get("kind") or PERSON
        rows = award_history(
            user=self.request.user,
            kind=kind,
            text=(data.get("q") or "").strip(),
            year=data.get("year"),
            title_id=data["title"].pk if data.get("title") else None,
            person_id=data.get("person"),
            unit_id=data.get("unit"),
        )
        page = Paginator(rows, HISTORY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            kind=kind,
            is_unit=kind == UNIT,
            page=page,
            query=query.urlencode(),
            **kwargs,
        )
