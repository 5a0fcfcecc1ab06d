"""The pages that show units with their registrations: a unit head's own page (the open
campaign and where the unit's registration stands) and the blocs' and clusters' pages (their
members and where their registrations stand). Served under the units' URLs (``units:``)."""

from collections import Counter

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from campaigns.letter import letter_context
from campaigns.selectors import campaign_current, campaign_with_letter
from registrations.selectors.deadlines import UNSENT, unit_deadline
from registrations.selectors.groups import group_members, groups_overview
from units.group_selectors import group_get_for_user, group_rotation, groups_year
from units.models import GroupKind, GroupMembership, GroupRole
from units.permissions import may
from units.selectors import unit_of_user

from ..models import Registration


class MyUnitView(LoginRequiredMixin, TemplateView):
    """A unit head's landing page: the open campaign and where the unit's registration stands."""

    template_name = "units/my_unit.html"

    def get_context_data(self, **kwargs):
        unit = unit_of_user(self.request.user)
        campaign = campaign_current()
        registration = None
        letter = None
        membership = None
        if campaign:
            campaign = campaign_with_letter().get(pk=campaign.pk)
            letter = letter_context(campaign)
            registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
            membership = (
                GroupMembership.objects.filter(unit=unit, year=campaign.year)
                .select_related("group")
                .first()
            )
        return super().get_context_data(
            unit=unit,
            campaign=campaign,
            letter=letter,
            registration=registration,
            membership=membership,
            deadline=unit_deadline(campaign, unit) if campaign else None,
            **kwargs,
        )


class GroupsMixin(LoginRequiredMixin):
    @cached_property
    def campaign(self):
        return campaign_current()

    @cached_property
    def year(self):
        year = groups_year(self.campaign)
        if year is None:
            raise Http404
        return year


class GroupListView(GroupsMixin, TemplateView):
    """The blocs and clusters of the campaign's year: head, deputy, members and where their
    registrations stand. The Department and the Minister only; 404 for anyone else."""

    template_name = "units/group_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "units.view_groups"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        by_kind = groups_overview(
            year=self.year, campaign=self.campaign, today=timezone.localdate()
        )
        return super().get_context_data(
            campaign=self.campaign,
            year=self.year,
            sections=[
                (GroupKind.BLOC, _("Emulation blocs"), by_kind.get(GroupKind.BLOC, [])),
                (GroupKind.CLUSTER, _("Emulation clusters"), by_kind.get(GroupKind.CLUSTER, [])),
            ],
            **kwargs,
        )


class GroupDetailView(GroupsMixin, TemplateView):
    """One bloc or cluster: its members with their registration's status (late ones marked),
    head and deputy of the year and their rotation over the years. Readers see every group, a
    unit head only their own unit's group, read only."""

    template_name = "units/group_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        group = group_get_for_user(user=user, pk=self.kwargs["pk"], year=self.year)
        today = timezone.localdate()
        members = group_members(group=group, year=self.year, campaign=self.campaign, today=today)
        counts = Counter(getattr(member, "registration_status", "") for member in members)
        leaders = {member.role: member.unit for member in members}
        return super().get_context_data(
            group=group,
            campaign=self.campaign,
            year=self.year,
            members=members,
            head=leaders.get(GroupRole.HEAD),
            deputy=leaders.get(GroupRole.DEPUTY),
            n_sent=sum(n for status, n in counts.items() if status not in UNSENT),
            n_approved=counts.get("approved", 0),
            n_late=sum(1 for member in members if member.is_late),
            rotation=group_rotation(group),
            can_open_registrations=may(user, "units.view_groups"),
            **kwargs,
        )
