"""The Department's dashboard of the open campaign, read by the Minister too, and the
campaign's Excel workbook."""

import hashlib
import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from campaigns.switch import campaign_from_request, campaign_is_named
from units.permissions import may

from ..documents import charts
from ..exports import campaign_workbook_response
from ..links import compose_links, queue_url
from ..models import GeneratedReport, ReportKind
from ..selectors.dashboard import dashboard_figures


class ReaderMixin(LoginRequiredMixin):
    """The Department and the Minister only; anyone else signed in gets 404."""

    permission_required = "reports.view_dashboard"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, self.permission_required):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def campaign(self):
        return campaign_from_request(self.request)

    @cached_property
    def named_campaign(self):
        return self.campaign if campaign_is_named(self.request) else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            campaign=self.campaign, named_campaign=self.named_campaign, **kwargs
        )


FIGURES_CACHE_SECONDS = 600


def dashboard_figures_html(figures, named_campaign=None) -> str:
    """The dashboard's figures drawn as HTML (tables, charts, ~500 links at ministry scale and
    ten times that nationally), cached under a hash of the figures and the language: the
    same data is drawn once, and any change in it is a new key, so nothing is ever stale."""
    payload = json.dumps(figures.as_dict(), sort_keys=True, default=str)
    named = named_campaign.pk if named_campaign else ""
    key = (
        "dashboard-figures:"
        + hashlib.sha256(f"{get_language()}|{named}|{payload}".encode()).hexdigest()
    )
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "reports/_dashboard_figures.html",
            {
                "figures": figures,
                "named_campaign": named_campaign,
                "charts": charts.dashboard_charts(
                    figures,
                    link=lambda row, status: queue_url(
                        named_campaign, group=row.group_id, status=status
                    ),
                    font_family=charts.SCREEN_FONT,
                    monochrome=False,
                ),
            },
        )
        cache.set(key, html, FIGURES_CACHE_SECONDS)
    return mark_safe(html)  # our own template's output, escaped when it was drawn


class DashboardView(ReaderMixin, TemplateView):
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            can_act=may(self.request.user, "reports.act_on_dashboard"),
            **kwargs,
        )
        if self.campaign is None:
            return context
        if may(self.request.user, "reports.generate_report"):
            context["can_generate"] = True
            context["report_kinds"] = ReportKind.choices
            context["report_compose_links"] = compose_links(self.named_campaign)
            context["report_jobs"] = GeneratedReport.objects.filter(
                campaign=self.campaign
            ).order_by("-requested_at", "-pk")[:5]
        figures = dashboard_figures(self.campaign)
        context["figures"] = figures
        context["figures_html"] = dashboard_figures_html(figures, self.named_campaign)
        return context


class CampaignWorkbookView(ReaderMixin, View):
    """The whole campaign as one .xlsx: a summary and one sheet per kind of item."""

    def get(self, request):
        if self.campaign is None:
            raise Http404
        return campaign_workbook_response(self.campaign)
