from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from campaigns.selectors import campaign_current, campaigns_open_for_unit
from criteria.models import CriterionTarget
from emulation_portal.exceptions import ApplicationError
from emulation_portal.forms import PreparedChoices
from registrations.forms.registrations import (
    InitiativeFormSet,
    TargetForm,
    TargetFormSet,
    TitlesForm,
)
from registrations.selectors.registrations import (
    registration_change_log,
    registration_findings,
    registration_get_for_user,
    registration_review_notes,
    registration_sub_units,
    saved_content_facts,
    sub_unit_aims,
    unit_collective_aims,
    unit_staff,
)
from registrations.services.registrations import (
    registration_save_content,
    registration_start,
    registration_transition,
    registration_version_token,
)
from units.permissions import may
from units.roles import actor_for
from units.selectors import unit_of_user

from ..workflow import Status


def _kept_rows(formset) -> list[dict]:
    """The formset's rows to keep, as plain data for the service (None for a new row)."""
    return [
        {
            "instance": form.instance if form.instance.pk else None,
            **{field: form.cleaned_data[field] for field in form.Meta.fields},
        }
        for form in formset.forms
        if (form.has_changed() or form.instance.pk) and form not in formset.deleted_forms
    ]


def _deleted_instances(formset) -> list:
    return [form.instance for form in formset.deleted_forms if form.instance.pk]


class RegistrationStartView(LoginRequiredMixin, View):
    """POST only: the unit head opens (or reopens) the unit's registration for the campaign
    posted (``campaign``, one of the launched campaigns addressing the unit)."""

    http_method_names = ["post"]

    def post(self, request):
        unit = unit_of_user(request.user)
        # Only a launched campaign that addresses the unit: any other is a 404, like any other
        # unit's data. Without a campaign posted, the current yearly one.
        open_campaigns = {str(c.pk): c for c in campaigns_open_for_unit(unit)}
        posted = request.POST.get("campaign", "").strip()
        if posted:
            campaign = open_campaigns.get(posted)
        else:
            current = campaign_current()
            campaign = open_campaigns.get(str(current.pk)) if current else None
        if campaign is None:
            raise Http404
        registration = registration_start(campaign=campaign, unit=unit, actor=request.user)
        return redirect("registrations:edit", pk=registration.pk)


class RegistrationMixin(LoginRequiredMixin):
    @cached_property
    def registration(self):
        return registration_get_for_user(user=self.request.user, pk=self.kwargs["pk"])


class EditableRegistrationMixin(RegistrationMixin):
    """Only the unit's head, while the registration is editable; readers go to the detail."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        if not may(request.user, "registrations.change_registration", self.registration):
            if may(request.user, "registrations.view_registration", self.registration):
                if actor_for(request.user).heads(self.registration.unit_id):
                    message = _("This registration cannot be changed in its status.")
                else:
                    message = _("Only the head of the unit can change its registration.")
                messages.info(request, message)
                return redirect("registrations:detail", pk=self.registration.pk)
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def findings_context(findings) -> dict:
    errors = [finding for finding in findings if finding.severity == "error"]
    return {
        "findings": findings,
        "finding_errors": errors,
        "finding_warnings": [finding for finding in findings if finding.severity != "error"],
        "people_with_errors": sorted({f.person_id for f in errors if f.person_id}),
    }


def _draft_overrides(titles, initiatives) -> dict:
    """What the editor's unsaved form holds, in the rule engine's terms (title codes)."""
    overrides = {}
    titles.is_valid()
    cleaned = getattr(titles, "cleaned_data", {})
    if "collective_titles" in cleaned:
        overrides["collective_codes"] = [title.code for title in cleaned["collective_titles"]]
    codes = {str(title.pk): title.code for title in titles.individual_titles}
    overrides["individual_codes"] = {
        person.pk: {codes[pk] for pk in cleaned.get(f"aim_{person.pk}", []) if pk in codes}
        for person in titles.staff
    }
    drafted = []
    for form in initiatives.forms:
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        if data.get("DELETE") or not data.get("authors"):
            continue
        drafted.append(([author.pk for author in data["authors"]], data.get("scope") or ""))
    overrides["initiatives"] = drafted
    return overrides


class RegistrationDetailView(RegistrationMixin, TemplateView):
    template_name = "registrations/registration_detail.html"

    def get_context_data(self, **kwargs):
        registration = self.registration
        user = self.request.user
        notes = registration_review_notes(registration)
        # The reviewer's comments go beside the items they concern.
        for target in registration.targets.all():
            target.review_comments = notes.by_target.get(target.pk, [])
        for initiative in registration.initiatives.all():
            initiative.review_comments = notes.by_initiative.get(initiative.pk, [])
        person_comments = [
            (notes.person_names[person_id], texts) for person_id, texts in notes.by_person.items()
        ]
        return super().get_context_data(
            registration=registration,
            can_edit=may(user, "registrations.change_registration", registration),
            can_submit=may(user, "registrations.submit_registration", registration),
            can_amend=may(user, "registrations.amend_registration", registration),
            notes=notes,
            unit_aims=unit_collective_aims(registration),
            sub_unit_aims=sub_unit_aims(registration),
            person_comments=person_comments,
            changes=registration_change_log(registration),
            **findings_context(
                registration_findings(registration, **saved_content_facts(registration))
            ),
            **kwargs,
        )


class RegistrationEditView(EditableRegistrationMixin, TemplateView):
    """The editor: targets, the collective's and the staff's titles, and initiatives."""

    template_name = "registrations/registration_form.html"

    @cached_property
    def registration(self):
        # The forms read the content themselves: no prefetch of it.
        return registration_get_for_user(
            user=self.request.user, pk=self.kwargs["pk"], with_content=False
        )

    def _forms(self, data=None):
        registration = self.registration
        staff = unit_staff(registration.unit)
        criteria = list(registration.campaign.criteria.filter(target=CriterionTarget.COLLECTIVE))
        target_kwargs = {
            "instance": registration,
            "prefix": "targets",
            "form_kwargs": {
                "campaign": registration.campaign,
                "criterion_choices": TargetForm.criterion_choices(criteria),
            },
        }
        targets = TargetFormSet(data, **target_kwargs)
        if data is None and not targets.get_queryset():
            # A new registration starts with one target per collective criterion.
            targets = TargetFormSet(
                initial=[{"criterion": c.pk, "description": c.short_label} for c in criteria],
                **target_kwargs,
            )
            targets.extra = len(criteria)
        initial = {
            "version": registration_version_token(registration),
            "collective_titles": [],
        }
        # The saved unit's own codes are kept for the rule checks: they need not be read again.
        self.saved_collective_codes = []
        for aim in registration.collective_titles.select_related("title"):
            if aim.sub_unit_id is None:
                initial["collective_titles"].append(aim.title_id)
                self.saved_collective_codes.append(aim.title.code)
            else:
                key = f"{TitlesForm.SUB_UNIT_PREFIX}{aim.sub_unit_id}"
                initial.setdefault(key, []).append(str(aim.title_id))
        for aim in registration.individual_titles.all():
            initial.setdefault(f"aim_{aim.person_id}", []).append(str(aim.title_id))
        titles = TitlesForm(
            data, staff=staff, sub_units=registration_sub_units(registration), initial=initial
        )
        initiatives = InitiativeFormSet(
            data,
            instance=registration,
            prefix="initiatives",
            queryset=registration.initiatives.prefetch_related("authors"),
            form_kwargs={
                "staff": staff,
                "author_choices": PreparedChoices((person.pk, str(person)) for person in staff),
            },
        )
        return targets, titles, initiatives

    def get(self, request, *args, **kwargs):
        targets, titles, initiatives = self._forms()
        return self._render(targets, titles, initiatives)

    def _render(self, targets, titles, initiatives, status=200):
        notes = registration_review_notes(self.registration)
        # The reviewer's comments go beside the items they concern.
        for form in targets.forms:
            form.review_comments = notes.by_target.get(form.instance.pk, [])
        for form in initiatives.forms:
            form.review_comments = notes.by_initiative.get(form.instance.pk, [])
        for person in titles.staff:
            person.review_comments = notes.by_person.get(person.pk, [])
        findings = findings_context(
            registration_findings(self.registration, collective_codes=self.saved_collective_codes)
        )
        context = self.get_context_data(
            registration=self.registration,
            targets=targets,
            titles=titles,
            staff_grid=titles.render_staff_grid(findings["people_with_errors"]),
            can_manage_sub_units=may(
                self.request.user, "units.manage_sub_units", self.registration.unit
            ),
            initiatives=initiatives,
            notes=notes,
            **findings,
        )
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, *args, **kwargs):
        targets, titles, initiatives = self._forms(request.POST)
        if not (targets.is_valid() and titles.is_valid() and initiatives.is_valid()):
            messages.error(request, _("Some fields are not valid. Nothing was saved."))
            return self._render(targets, titles, initiatives, status=400)
        try:
            registration_save_content(
                registration=self.registration,
                actor=request.user,
                version=titles.cleaned_data["version"],
                targets=_kept_rows(targets),
                deleted_targets=_deleted_instances(targets),
                collective_title_ids={t.pk for t in titles.cleaned_data["collective_titles"]},
                individual_aims=titles.individual_aims(),
                sub_unit_aims=titles.sub_unit_aims(),
                initiatives=_kept_rows(initiatives),
                deleted_initiatives=_deleted_instances(initiatives),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("registrations:edit", pk=self.registration.pk)
        messages.success(request, _("The registration was saved as a draft."))
        return redirect("registrations:edit", pk=self.registration.pk)


class RegistrationCheckView(RegistrationEditView):
    """POST only: the rule checks of what the editor holds, unsaved, as an HTML fragment."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        _targets, titles, initiatives = self._forms(request.POST)
        findings = registration_findings(self.registration, **_draft_overrides(titles, initiatives))
        return render(
            request,
            "registrations/_findings.html",
            {"registration": self.registration, **findings_context(findings), "live": True},
        )


class RegistrationSubmitView(RegistrationMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            registration_transition(
                registration=self.registration, to=Status.SUBMITTED, actor=request.user
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The registration was sent to the Department."))
        return redirect("registrations:detail", pk=pk)


class RegistrationAmendView(RegistrationMixin, View):
    """POST only: reopen an approved registration as an amendment; the approved one stays."""

    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            registration_transition(
                registration=self.registration, to=Status.AMENDING, actor=request.user
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("registrations:detail", pk=pk)
        messages.success(
            request,
            _(
                "The amendment is open. The approved version stays in force until the "
                "Department approves the amended one."
            ),
        )
        return redirect("registrations:edit", pk=pk)
