"""Forms of the commendation pages: they only validate; services in proposals.py, council.py
and decisions.py write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from criteria.models import Title

from .selectors.history import PERSON, UNIT

DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y",
    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProposalItemsForm(forms.Form):
    """The titles the unit proposes, among those of its approved registration: one checkbox
    list for the collective and one per member of staff."""

    summary = forms.CharField(
        label=_("Summary of achievements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["collective"] = forms.TypedMultipleChoiceField(
            label=_("Collective"),
            required=False,
            coerce=int,
            choices=[(title.pk, title.name) for title in candidates.collective],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        )
        for row in candidates.people:
            self.fields[f"person_{row.person.pk}"] = forms.TypedMultipleChoiceField(
                label=row.person.full_name,
                required=False,
                coerce=int,
                choices=[(title.pk, title.name) for title in row.titles],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )
        if not self.is_bound:
            self.initial.setdefault("collective", sorted(candidates.proposed_collective))
            for row in candidates.people:
                self.initial.setdefault(f"person_{row.person.pk}", sorted(row.proposed))

    def person_rows(self):
        """(candidate row, bound field) per member of staff, for the template."""
        return [(row, self[f"person_{row.person.pk}"]) for row in self.candidates.people]

    def person_titles(self) -> dict[int, set[int]]:
        return {
            row.person.pk: set(self.cleaned_data.get(f"person_{row.person.pk}", []))
            for row in self.candidates.people
        }


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What the unit must change"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ForwardForm(forms.Form):
    note = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Meeting date"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=255)


class AgendaForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Forwarded proposals"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals
        self.fields["proposals"].label_from_instance = lambda proposal: proposal.unit.name


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Present"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    counting_board = forms.TypedMultipleChoiceField(
        label=_("Vote-counting board"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Elected by the council among the members present to count the ballots."),
    )
    ballots_returned = forms.IntegerField(
        label=_("Ballots returned"), min_value=0, max_value=1000, required=False
    )
    ballots_valid = forms.IntegerField(
        label=_("Valid ballots"), min_value=0, max_value=1000, required=False
    )

    def __init__(self, *args, members, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(member.pk, member.full_name) for member in members]
        self.fields["present"].choices = choices
        self.fields["counting_board"].choices = choices
        if not self.is_bound:
            self.initial["present"] = [member.pk for member in members if member.present]
            self.initial["counting_board"] = [m.pk for m in members if m.on_counting_board]
            if session is not None:
                self.initial["ballots_returned"] = session.ballots_returned
                self.initial["ballots_valid"] = session.ballots_valid

    def clean(self):
        cleaned = super().clean()
        present = set(cleaned.get("present") or [])
        if not set(cleaned.get("counting_board") or []) <= present:
            self.add_error(
                "counting_board", _("The counting board is elected among the members present.")
            )
        returned, valid = cleaned.get("ballots_returned"), cleaned.get("ballots_valid")
        if valid is not None and (returned is None or valid > returned):
            self.add_error(
                "ballots_valid", _("The valid ballots cannot exceed the ballots returned.")
            )
        return cleaned


class BallotForm(forms.Form):
    """Approvals for each title on the agenda that needs the secret ballot."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, votes, members: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.votes = votes
        for vote in votes:
            self.fields[f"approvals_{vote.item.pk}"] = forms.IntegerField(
                label=str(vote.item),
                min_value=0,
                max_value=members,
                required=False,
                initial=vote.ballot.approvals if vote.ballot else None,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "ballot-input"}),
            )

    def vote_rows(self):
        return [(vote, self[f"approvals_{vote.item.pk}"]) for vote in self.votes]

    def approvals(self) -> dict[int, int]:
        """Item id -> approvals, for the titles whose count was typed."""
        return {
            vote.item.pk: self.cleaned_data[f"approvals_{vote.item.pk}"]
            for vote in self.votes
            if self.cleaned_data.get(f"approvals_{vote.item.pk}") is not None
        }


class DecisionHeaderForm(forms.Form):
    """What the signed decision says about itself: number, date, signer, legal bases."""

    number = forms.CharField(label=_("Number and symbol"), max_length=50)
    signed_on = forms.DateField(label=_("Date signed"), widget=DATE_WIDGET)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    decided_by = forms.CharField(label=_("Decided by"), max_length=255)
    legal_bases = forms.CharField(
        label=_("Legal bases (one per line)"), widget=forms.Textarea(attrs={"rows": 6})
    )
    signer_authority = forms.CharField(label=_("Signing authority"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=255)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=255)
    distribution_list = forms.CharField(
        label=_("Distribution list (one per line)"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def decision_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"].strip(),
            "signed_on": data["signed_on"],
            "subject": data["subject"].strip(),
            "decided_by": data["decided_by"].strip(),
            "legal_bases": _lines(data["legal_bases"]),
            "signer_authority": data["signer_authority"].strip(),
            "signer_title": data["signer_title"].strip(),
            "signer_name": data["signer_name"].strip(),
            "distribution_list": _lines(data["distribution_list"]),
        }

    @staticmethod
    def initial_from(defaults: dict) -> dict:
        return {
            **defaults,
            "legal_bases": "\n".join(defaults.get("legal_bases", [])),
            "distribution_list": "\n".join(defaults.get("distribution_list", [])),
        }


class DecisionForm(DecisionHeaderForm):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals decided"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, proposals, previews=None, **kwargs):
        super().__init__(*args, **kwargs)
        previews = previews or {}
        self.fields["proposals"].queryset = proposals

        def label(proposal):
            preview = previews.get(proposal.pk)
            if preview is None:
                return proposal.unit.name
            return _(
                "%(unit)s: %(awarded)d titles awarded, %(down)d voted down, "
                "%(state)d proposed to the State, %(unit_level)d decided by the unit's head"
            ) % {
                "unit": proposal.unit.name,
                "awarded": preview.awarded,
                "down": preview.voted_down,
                "state": preview.state_level,
                "unit_level": preview.unit_level,
            }

        self.fields["proposals"].label_from_instance = label


class CorrectionForm(DecisionHeaderForm):
    lines = forms.TypedMultipleChoiceField(
        label=_("Lines revoked"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].choices = [
            (line.pk, f"{line.person or line.unit} – {line.title}") for line in lines
        ]


class HistorySearchForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Search"),
        choices=[(PERSON, _("People")), (UNIT, _("Units"))],
        required=False,
        widget=forms.RadioSelect,
    )
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    title = forms.ModelChoiceField(
        label=_("Title or form"),
        required=False,
        queryset=Title.objects.none(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]
        self.fields["title"].queryset = Title.objects.order_by("recipient", "-kind", "rank")
        self.fields["title"].empty_label = _("All titles")
