from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, TemplateView

from criteria.selectors import rule_set_for, rule_sets_table
from emulation_portal.exceptions import ApplicationError
from units.permissions import may

from . import services
from .forms import (
    AmendmentDecisionForm,
    AmendmentForm,
    CampaignCopyForm,
    CampaignCreateForm,
    CriterionFormSet,
    DecisionForm,
    ItemFormSet,
    KeyDatesForm,
    LetterForm,
    SignedScanForm,
    formset_rows,
)
from .letter import amendment_filename, amendment_pdf, letter_context, letter_filename, letter_pdf
from .models import Campaign, CampaignAmendment, SignedScan
from .selectors import (
    amendment_actions,
    amendment_events,
    amendment_initial,
    campaign_actions,
    campaign_amendments,
    campaign_events,
    campaign_frame_initial,
    campaign_key_date_changes,
    campaign_signed_scans,
    campaign_with_letter,
)
from .services import campaign_key_dates_update
from .validators import KEY_DATE_FIELDS
from .workflow import EDITABLE


def _visible_campaign(user, pk, queryset=None):
    """The campaign, or a 404 for a role that may not see it (a draft to a unit head)."""
    campaign = get_object_or_404(queryset if queryset is not None else Campaign.objects, pk=pk)
    if not may(user, "campaigns.view_campaign", campaign):
        raise Http404
    return campaign


class CampaignDetailView(LoginRequiredMixin, DetailView):
    """The campaign's launch letter as HTML, with the PDF download (open to every user)."""

    template_name = "campaigns/campaign_detail.html"
    context_object_name = "campaign"

    def get_object(self, queryset=None):
        return _visible_campaign(self.request.user, self.kwargs["pk"], campaign_with_letter())

    def get_context_data(self, **kwargs):
        user = self.request.user
        readers = may(user, "campaigns.view_overview")
        return super().get_context_data(
            letter=letter_context(self.object),
            actions=campaign_actions(user, self.object),
            rule_set=rule_set_for(self.object),
            events=campaign_events(self.object) if readers else None,
            **after_approval_context(user, self.object),
            **kwargs,
        )


class RuleSetListView(LoginRequiredMixin, TemplateView):
    """The table that decides which rules a campaign's year is checked against: each rule set
    by its years, its legal sources and its parameters (every signed-in user may read it)."""

    template_name = "campaigns/rule_sets.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=rule_sets_table(), **kwargs)


class CampaignLetterPdfView(LoginRequiredMixin, View):
    def get(self, request, pk):
        campaign = _visible_campaign(request.user, pk, campaign_with_letter())
        disposition = "inline" if request.GET.get("inline") else "attachment"
        response = HttpResponse(letter_pdf(campaign), content_type="application/pdf")
        response["Content-Disposition"] = f'{disposition}; filename="{letter_filename(campaign)}"'
        return response


class CampaignKeyDatesView(LoginRequiredMixin, View):
    """The Department sets the campaign's deadlines; every change is listed with who and when.
    Anyone else gets a 404."""

    template_name = "campaigns/campaign_key_dates.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(
            request.user, "campaigns.change_key_dates", self.campaign
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def campaign(self):
        return get_object_or_404(Campaign, pk=self.kwargs["pk"])

    def _render(self, form, status=200):
        context = {
            "campaign": self.campaign,
            "form": form,
            "changes": campaign_key_date_changes(self.campaign),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self._render(KeyDatesForm(instance=self.campaign))

    def post(self, request, pk):
        campaign = self.campaign
        # A blank instance of the campaign's kind, year and window: the form checks the dates
        # against them without touching the campaign itself.
        instance = Campaign(
            pk=campaign.pk,
            kind=campaign.kind,
            year=campaign.year,
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
        )
        form = KeyDatesForm(request.POST, instance=instance)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            campaign_key_dates_update(
                campaign=self.campaign,
                dates={field: form.cleaned_data[field] for field in KEY_DATE_FIELDS},
                actor=request.user,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(form, status=400)
        messages.success(request, _("The key dates were saved."))
        return redirect("campaigns:key_dates", pk=self.campaign.pk)


# --- Creating, copying and editing a draft (the Department) ------------------------------------


class CampaignCreateView(LoginRequiredMixin, View):
    """A new draft, from scratch or as a copy of an earlier campaign."""

    template_name = "campaigns/campaign_create.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "campaigns.create_campaign"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _render(self, form, copy_form, status=200):
        context = {"form": form, "copy_form": copy_form}
        return render(self.request, self.template_name, context, status=status)

    def _copy_form(self):
        initial = campaign_frame_initial()
        latest = Campaign.objects.order_by("-year", "-pk").first()
        return CampaignCopyForm(initial={"source": latest, "year": initial["year"]})

    def get(self, request):
        return self._render(CampaignCreateForm(initial=campaign_frame_initial()), self._copy_form())

    def post(self, request):
        form = CampaignCreateForm(request.POST)
        if not form.is_valid():
            return self._render(form, self._copy_form(), status=400)
        try:
            campaign = services.campaign_create(
                year=form.cleaned_data["year"],
                kind=form.cleaned_data["kind"],
                fields=form.letter_fields(),
                actor=request.user,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(form, self._copy_form(), status=400)
        messages.success(request, _("The draft was created."))
        return redirect("campaigns:edit", pk=campaign.pk)


class CampaignCopyView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        if not may(request.user, "campaigns.create_campaign"):
            raise Http404
        form = CampaignCopyForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect("campaigns:create")
        try:
            campaign = services.campaign_copy(
                source=form.cleaned_data["source"],
                year=form.cleaned_data["year"],
                actor=request.user,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("campaigns:create")
        messages.success(
            request,
            _("The draft for %(year)s was copied from “%(source)s”.")
            % {"year": campaign.year, "source": form.cleaned_data["source"]},
        )
        return redirect("campaigns:edit", pk=campaign.pk)


def _item_initial(items):
    return [{"text": item.text} for item in items]


class CampaignEditView(LoginRequiredMixin, View):
    """The draft editor: the letter's fields and its sections I to IV, the letter as it
    prints beside them. A stale editor (someone saved meanwhile) is refused, nothing lost."""

    template_name = "campaigns/campaign_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(
            request.user, "campaigns.write_letter", self.campaign
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def campaign(self):
        return _visible_campaign(self.request.user, self.kwargs["pk"], campaign_with_letter())

    def _forms(self, data=None):
        campaign, letter = self.campaign, letter_context(self.campaign)
        criteria = [
            *letter.collective_criteria,
            *letter.individual_criteria,
            *letter.unit_head_criteria,
        ]
        return {
            "form": LetterForm(data, instance=campaign),
            "contents": ItemFormSet(
                data, prefix="contents", initial=_item_initial(campaign.contents.all())
            ),
            "tasks": ItemFormSet(data, prefix="tasks", initial=_item_initial(campaign.tasks.all())),
            "duties": ItemFormSet(
                data, prefix="duties", initial=_item_initial(campaign.duties.all())
            ),
            "criteria": CriterionFormSet(
                data,
                prefix="criteria",
                initial=[
                    {"target": c.target, "text": c.text, "short_label": c.short_label}
                    for c in criteria
                ],
            ),
        }

    def _render(self, forms, status=200):
        context = {"campaign": self.campaign, "letter": letter_context(self.campaign), **forms}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        if self.campaign.status not in EDITABLE:
            messages.info(request, _("An approved letter is never edited."))
            return redirect(self.campaign)
        return self._render(self._forms())

    def post(self, request, pk):
        forms = self._forms(request.POST)
        if not all(f.is_valid() for f in forms.values()):
            return self._render(forms, status=400)
        try:
            services.campaign_update_draft(
                campaign=self.campaign,
                version=forms["form"].cleaned_data["version"] or 0,
                fields=forms["form"].letter_fields(),
                contents=[row["text"] for row in formset_rows(forms["contents"])],
                tasks=[row["text"] for row in formset_rows(forms["tasks"])],
                duties=[row["text"] for row in formset_rows(forms["duties"])],
                criteria=[
                    (row["target"], row["text"], row["short_label"])
                    for row in formset_rows(forms["criteria"])
                ],
                actor=request.user,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(forms, status=409)
        messages.success(request, _("The draft was saved."))
        return redirect("campaigns:edit", pk=self.campaign.pk)


# --- The moves -----------------------------------------------------------------------------------


class CampaignMoveView(LoginRequiredMixin, View):
    """One button of the detail page: send, launch or close. Refusals come back as messages;
    a role that may not do it gets a 404."""

    http_method_names = ["post"]
    move = None  # a service taking (campaign=, actor=)
    done = ""

    def post(self, request, pk):
        campaign = _visible_campaign(request.user, pk)
        try:
            type(self).move(campaign=campaign, actor=request.user)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.done)
        return redirect(campaign)


class CampaignSubmitView(CampaignMoveView):
    move = services.campaign_submit
    done = gettext_lazy("The draft was sent to the leadership for approval.")


class CampaignLaunchView(CampaignMoveView):
    move = services.campaign_launch
    done = gettext_lazy("The campaign was launched.")


class CampaignCloseView(CampaignMoveView):
    move = services.campaign_close
    done = gettext_lazy("The campaign was closed.")


class LetterDecideView(LoginRequiredMixin, View):
    """The leadership reads a letter waiting for approval and approves it (signer, number,
    date) or returns it with a comment: the launch letter and the amending letters alike.
    Subclasses name the letter, its permission, its form and its two moves."""

    permission: str
    form_class: type
    document_keyword: str  # the keyword the form and the moves take the letter by
    not_waiting: str
    returned: str
    approved: str
    approve: Callable  # the service that approves the letter
    send_back: Callable  # the service that returns it

    def letter(self):
        raise NotImplementedError

    def context(self) -> dict:
        raise NotImplementedError

    @cached_property
    def document(self):
        return self.letter()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, self.permission, self.document):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None):
        return self.form_class(data, **{self.document_keyword: self.document})

    def _render(self, form, status=200):
        context = {**self.context(), "form": form}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        if self.document.status != "submitted":
            messages.info(request, self.not_waiting)
            return redirect(self.document)
        return self._render(self._form())

    def post(self, request, pk):
        form = self._form(request.POST)
        if not form.is_valid():
            return self._render(form, status=400)
        data = form.cleaned_data
        letter = {self.document_keyword: self.document}
        try:
            if request.POST.get("action") == "return":
                self.send_back(**letter, actor=request.user, comment=data["comment"])
                done = self.returned
            else:
                self.approve(
                    **letter,
                    actor=request.user,
                    signer_authority=data["signer_authority"],
                    signer_title=data["signer_title"],
                    signer_name=data["signer_name"],
                    number=data["number"],
                    issued_on=data["issued_on"],
                    comment=data["comment"],
                )
                done = self.approved
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(form, status=400)
        messages.success(request, done)
        return redirect(self.document)


class CampaignDecideView(LetterDecideView):
    template_name = "campaigns/campaign_decide.html"
    permission = "campaigns.decide_campaign"
    form_class = DecisionForm
    document_keyword = "campaign"
    not_waiting = gettext_lazy("This campaign is not waiting for approval.")
    returned = gettext_lazy("The draft was returned to the Department.")
    approved = gettext_lazy("The letter was approved.")
    approve = staticmethod(services.campaign_approve)
    send_back = staticmethod(services.campaign_return)

    def letter(self):
        return _visible_campaign(self.request.user, self.kwargs["pk"], campaign_with_letter())

    def context(self):
        return {"campaign": self.document, "letter": letter_context(self.document)}


# --- After approval: the signed scan and the amending letters ------------------------------------


def after_approval_context(user, campaign) -> dict:
    """The campaign page's section on the signed scan and the amending letters."""
    scans = campaign_signed_scans(campaign)
    return {
        "signed_scan": scans[0] if scans else None,
        "earlier_scans": scans[1:],
        "scan_form": SignedScanForm()
        if may(user, "campaigns.attach_signed_scan", campaign)
        else None,
        "amendments": campaign_amendments(user, campaign),
        "can_draft_amendment": may(user, "campaigns.draft_amendment", campaign),
    }


class SignedScanUploadView(LoginRequiredMixin, View):
    """The Department attaches (or replaces) the signed scan from the campaign page."""

    http_method_names = ["post"]

    def post(self, request, pk):
        campaign = _visible_campaign(request.user, pk)
        form = SignedScanForm(request.POST, request.FILES)
        form.is_valid()
        try:
            scan = services.signed_scan_attach(
                campaign=campaign,
                actor=request.user,
                uploaded_file=form.cleaned_data.get("file"),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The signed scan “%(name)s” was attached.") % {"name": scan.original_name},
            )
        return redirect(campaign)


class SignedScanDownloadView(LoginRequiredMixin, View):
    """A signed scan, to whoever may read its campaign; anyone else gets a 404."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        scan = get_object_or_404(SignedScan.objects.select_related("campaign"), pk=pk)
        if not may(request.user, "campaigns.view_campaign", scan.campaign):
            raise Http404
        try:
            handle = scan.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            not request.GET.get("inline"), scan.original_name
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


def _visible_amendment(user, pk) -> CampaignAmendment:
    amendment = get_object_or_404(CampaignAmendment.objects.select_related("campaign"), pk=pk)
    if not may(user, "campaigns.view_amendment", amendment):
        raise Http404
    return amendment


class AmendmentCreateView(LoginRequiredMixin, View):
    """The Department drafts an amending letter of an approved campaign."""

    template_name = "campaigns/amendment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "campaigns.submit_amendment"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def campaign(self):
        return _visible_campaign(self.request.user, self.kwargs["pk"])

    def _render(self, form, status=200):
        context = {"campaign": self.campaign, "form": form, "amendment": None}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        if not may(request.user, "campaigns.draft_amendment", self.campaign):
            messages.info(request, _("Only an approved letter gets an amending letter."))
            return redirect(self.campaign)
        return self._render(AmendmentForm(initial=amendment_initial(self.campaign)))

    def post(self, request, pk):
        form = AmendmentForm(request.POST)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            amendment = services.amendment_create(
                campaign=self.campaign, fields=form.amendment_fields(), actor=request.user
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(form, status=400)
        messages.success(request, _("The amending letter was drafted."))
        return redirect(amendment)


class AmendmentDetailView(LoginRequiredMixin, View):
    """The amending letter as it will print, its moves and the buttons of the user's role."""

    def get(self, request, pk):
        amendment = _visible_amendment(request.user, pk)
        context = {
            "amendment": amendment,
            "campaign": amendment.campaign,
            "doc": amendment,
            "actions": amendment_actions(request.user, amendment),
            "events": amendment_events(amendment)
            if may(request.user, "campaigns.view_overview")
            else None,
        }
        return render(request, "campaigns/amendment_detail.html", context)


class AmendmentPdfView(LoginRequiredMixin, View):
    def get(self, request, pk):
        amendment = _visible_amendment(request.user, pk)
        disposition = "inline" if request.GET.get("inline") else "attachment"
        response = HttpResponse(amendment_pdf(amendment), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'{disposition}; filename="{amendment_filename(amendment)}"'
        )
        return response


class AmendmentEditView(LoginRequiredMixin, View):
    """The amending letter's editor while it is a draft or returned; a stale editor (someone
    saved meanwhile) is refused, nothing lost."""

    template_name = "campaigns/amendment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(
            request.user, "campaigns.submit_amendment", self.amendment
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def amendment(self):
        return _visible_amendment(self.request.user, self.kwargs["pk"])

    def _render(self, form, status=200):
        context = {
            "campaign": self.amendment.campaign,
            "amendment": self.amendment,
            "doc": self.amendment,
            "form": form,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        if not may(request.user, "campaigns.edit_amendment", self.amendment):
            messages.info(request, _("This amending letter can no longer be edited."))
            return redirect(self.amendment)
        return self._render(AmendmentForm(instance=self.amendment))

    def post(self, request, pk):
        form = AmendmentForm(request.POST, instance=CampaignAmendment(pk=self.amendment.pk))
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            services.amendment_update_draft(
                amendment=self.amendment,
                version=form.cleaned_data["version"] or 0,
                fields=form.amendment_fields(),
                actor=request.user,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(form, status=409)
        messages.success(request, _("The amending letter was saved."))
        return redirect(self.amendment)


class AmendmentSubmitView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        amendment = _visible_amendment(request.user, pk)
        try:
            services.amendment_submit(amendment=amendment, actor=request.user)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The amending letter was sent to the leadership."))
        return redirect(amendment)


class AmendmentDecideView(LetterDecideView):
    template_name = "campaigns/amendment_decide.html"
    permission = "campaigns.decide_amendment"
    form_class = AmendmentDecisionForm
    document_keyword = "amendment"
    not_waiting = gettext_lazy("This amending letter is not waiting for approval.")
    returned = gettext_lazy("The amending letter was returned to the Department.")
    approved = gettext_lazy("The amending letter was approved.")
    approve = staticmethod(services.amendment_approve)
    send_back = staticmethod(services.amendment_return)

    def letter(self):
        return _visible_amendment(self.request.user, self.kwargs["pk"])

    def context(self):
        return {
            "campaign": self.document.campaign,
            "amendment": self.document,
            "doc": self.document,
        }
