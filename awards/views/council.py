"""The council's pages: members and sessions, agenda, attendance, ballots, the minutes."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from emulation_portal.exceptions import ApplicationError
from units.permissions import may

from ..documents import (
    minutes_filename,
    minutes_pdf,
)
from ..forms import (
    AgendaForm,
    AttendanceForm,
    BallotForm,
    SessionForm,
)
from ..selectors.council import (
    council_members,
    council_session_get_for_user,
    council_session_list,
    proposals_awaiting_agenda,
    session_view,
)
from ..selectors.proposals import council_rule
from ..services.council import (
    council_agenda_add,
    council_agenda_remove,
    council_attendance_set,
    council_ballots_record,
    council_session_close,
    council_session_create,
)
from .base import AwardsMixin, WriteMixin


class CouncilMixin(AwardsMixin):
    permission_required = "awards.view_council"


class CouncilListView(CouncilMixin, TemplateView):
    """The council's members and sessions; the Department opens a new session."""

    template_name = "awards/council_list.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", SessionForm(initial={"place": _default_place()}))
        return super().get_context_data(
            campaign=self.campaign,
            sessions=list(council_session_list(user=self.request.user, campaign=self.campaign)),
            members=council_members(),
            rule=council_rule(self.campaign),
            can_manage=may(self.request.user, "awards.manage_council"),
            n_awaiting=proposals_awaiting_agenda(self.campaign).count(),
            **kwargs,
        )


def _default_place() -> str:
    return "Phòng họp Bộ Tài nguyên và Môi trường, số 10 Tôn Thất Thuyết, Hà Nội"


class CouncilSessionCreateView(WriteMixin, CouncilListView):
    write_permission = "awards.manage_council"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = SessionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            session = council_session_create(
                campaign=self.campaign,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                actor=request.user,
            )
        except ApplicationError as error:
            self.fail(error)
            return redirect("awards:councils")
        return redirect(session.get_absolute_url())


class CouncilSessionMixin(CouncilMixin):
    @cached_property
    def session(self):
        return council_session_get_for_user(user=self.request.user, pk=self.kwargs["pk"])


class CouncilSessionDetailView(CouncilSessionMixin, TemplateView):
    """The session: members and who attends, the agenda, the ballot of each title needing one
    (members, approvals, percentage against the threshold), publication and the minutes."""

    template_name = "awards/council_detail.html"

    def get_context_data(self, **kwargs):
        view = session_view(self.session)
        can_manage = may(self.request.user, "awards.manage_council")
        preparing = not self.session.is_closed
        context = {
            "session": self.session,
            "view": view,
            "can_manage": can_manage,
        }
        if can_manage:
            context["ballot_form"] = kwargs.pop("ballot_form", None) or BallotForm(
                votes=view.votes, members=view.n_members
            )
            if preparing:
                awaiting = proposals_awaiting_agenda(self.session.campaign)
                context["agenda_form"] = AgendaForm(proposals=awaiting)
                context["has_awaiting"] = awaiting.exists()
                context["attendance_form"] = AttendanceForm(
                    members=view.members, session=self.session
                )
        return super().get_context_data(**context, **kwargs)


class CouncilWriteView(WriteMixin, CouncilSessionMixin, View):
    write_permission = "awards.manage_council"

    def write_object(self):
        return self.session

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            message = self.perform()
        except ApplicationError as error:
            self.fail(error)
        else:
            if message:
                messages.success(request, message)
        return redirect(self.session.get_absolute_url())


class CouncilAgendaView(CouncilWriteView):
    def perform(self):
        remove = self.request.POST.get("remove", "")
        if remove:
            proposal = (
                self.session.agenda.filter(proposal_id=remove).first()
                if remove.isascii() and remove.isdigit()
                else None
            )
            if proposal is None:
                raise ApplicationError(_("This proposal is not on the agenda."))
            council_agenda_remove(
                session=self.session, proposal=proposal.proposal, actor=self.request.user
            )
            return _("The proposal was taken off the agenda.")
        form = AgendaForm(
            self.request.POST, proposals=proposals_awaiting_agenda(self.session.campaign)
        )
        if not form.is_valid():
            raise ApplicationError(_("Tick at least one forwarded proposal."))
        added = council_agenda_add(
            session=self.session, proposals=form.cleaned_data["proposals"], actor=self.request.user
        )
        return _("%(count)d proposals were put on the agenda.") % {"count": added}


class CouncilAttendanceView(CouncilWriteView):
    def perform(self):
        members = list(self.session.members.all())
        form = AttendanceForm(self.request.POST, members=members)
        if not form.is_valid():
            errors = [
                e
                for field in ("counting_board", "ballots_valid")
                for e in form.errors.get(field, [])
            ]
            raise ApplicationError(
                errors[0] if errors else _("The list of members present is not valid.")
            )
        data = form.cleaned_data
        council_attendance_set(
            session=self.session,
            present_ids=data["present"],
            actor=self.request.user,
            board_ids=data["counting_board"],
            ballots_returned=data["ballots_returned"],
            ballots_valid=data["ballots_valid"],
        )
        return _("Attendance was saved.")


class CouncilBallotView(CouncilWriteView):
    def perform(self):
        view = session_view(self.session)
        form = BallotForm(self.request.POST, votes=view.votes, members=view.n_members)
        if not form.is_valid():
            raise ApplicationError(
                _("Approvals must be between 0 and the %(members)d members of the council.")
                % {"members": view.n_members}
            )
        written = council_ballots_record(
            session=self.session,
            approvals=form.approvals(),
            reason=form.cleaned_data["reason"],
            actor=self.request.user,
        )
        return _("%(count)d ballot results were recorded.") % {"count": written}


class CouncilCloseView(CouncilWriteView):
    def perform(self):
        council_session_close(session=self.session, actor=self.request.user)
        return _("The session's results are published.")


class CouncilMinutesPdfView(CouncilSessionMixin, View):
    def get(self, request, pk):
        response = HttpResponse(minutes_pdf(self.session), content_type="application/pdf")
        disposition = "inline" if request.GET.get("inline") else "attachment"
        response["Content-Disposition"] = (
            f'{disposition}; filename="{minutes_filename(self.session)}"'
        )
        return response
