"""Forms of the scoring pages: they only validate; scoring/services/ writes."""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .models import ItemKind, ScoringMethod
from .services.scores import MAX_EVIDENCE
from .services.tables import MAX_ITEMS, MAX_POINTS, MAX_TEXT


def plain(value: Decimal | None) -> Decimal | None:
    """35 and 8.5 rather than 35.00 and 8.50 in a form's initial value."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _points_field(label, *, max_value=MAX_POINTS, required=False, **attrs):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=max_value,
        max_digits=6,
        decimal_places=2,
        localize=True,  # "7,5" as Vietnamese write it
        widget=forms.TextInput(
            attrs={"class": "form-control text-end", "inputmode": "decimal", **attrs}
        ),
    )


# --- The table ----------------------------------------------------------------------------


class ScoringSettingsForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput)
    method = forms.ChoiceField(
        label=_("How the leader is acclaimed"),
        choices=ScoringMethod.choices,
        widget=forms.RadioSelect,
    )
    threshold = forms.DecimalField(
        label=_("Ballot threshold (%)"),
        help_text=_("With a ballot, the leader needs more than this share of the ballots cast."),
        min_value=Decimal(0),
        max_value=Decimal("99.99"),
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class ScoringItemForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    position = forms.IntegerField(
        label=_("No."), min_value=1, max_value=999, widget=forms.NumberInput()
    )
    number = forms.CharField(
        label=_("Number"),
        max_length=20,
        required=False,
        help_text=_("I, 1, 1.1: an item with items under it is a group."),
    )
    text = forms.CharField(
        label=_("Item"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    max_points = _points_field(_("Maximum points"), required=True)
    guidance = forms.CharField(
        label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


ScoringItemFormSet = forms.formset_factory(
    ScoringItemForm, extra=0, can_delete=True, max_num=MAX_ITEMS, validate_max=True
)


def item_rows(formset) -> list[dict]:
    """The formset's items to keep, as plain data for the service."""
    return [
        {
            "id": form.cleaned_data.get("id"),
            "position": form.cleaned_data["position"],
            "number": form.cleaned_data.get("number", ""),
            "text": form.cleaned_data["text"],
            "kind": form.cleaned_data["kind"],
            "max_points": form.cleaned_data["max_points"],
            "guidance": form.cleaned_data.get("guidance", ""),
        }
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


# --- Scores -------------------------------------------------------------------------------


class SelfScoreForm(forms.Form):
    """One points field and one evidence field per item, named after the item's id."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            item = line.item
            self.fields[f"points_{item.pk}"] = _points_field(
                _("Points"), max_value=item.max_points, **{"data-points": ""}
            )
            self.fields[f"evidence_{item.pk}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=MAX_EVIDENCE,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
            if line.score is not None and not self.is_bound:
                self.initial[f"points_{item.pk}"] = plain(line.score.self_points)
                self.initial[f"evidence_{item.pk}"] = line.score.evidence

    def rows(self) -> list[dict]:
        return [
            {
                "item_id": line.item.pk,
                "self_points": self.cleaned_data[f"points_{line.item.pk}"],
                "evidence": self.cleaned_data[f"evidence_{line.item.pk}"],
            }
            for line in self.lines
        ]

    def fields_by_line(self):
        for line in self.lines:
            yield line, self[f"points_{line.item.pk}"], self[f"evidence_{line.item.pk}"]


class CheckForm(forms.Form):
    """The checker's points and reason per item; points that differ from the unit's own need
    a reason."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            item = line.item
            own = line.score.self_points if line.score else None
            self.fields[f"adjusted_{item.pk}"] = _points_field(
                _("Checked points"),
                max_value=item.max_points,
                placeholder=number_format(plain(own)) if own is not None else "",
                **{"data-points": ""},
            )
            self.fields[f"reason_{item.pk}"] = forms.CharField(
                label=_("Reason for the change"),
                required=False,
                max_length=MAX_EVIDENCE,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
            if not self.is_bound and line.score is not None:
                score = line.score
                checked = score.adjusted_points
                self.initial[f"adjusted_{item.pk}"] = plain(
                    checked if checked is not None else score.self_points
                )
                self.initial[f"reason_{item.pk}"] = score.adjustment_reason

    def clean(self):
        cleaned = super().clean()
        for line in self.lines:
            pk = line.item.pk
            points = cleaned.get(f"adjusted_{pk}")
            own = line.score.self_points if line.score else None
            if (
                points is not None
                and points != own
                and not (cleaned.get(f"reason_{pk}") or "").strip()
            ):
                self.add_error(f"reason_{pk}", _("Give the reason for changing the unit's points."))
        return cleaned

    def rows(self) -> list[dict]:
        return [
            {
                "item_id": line.item.pk,
                "adjusted_points": self.cleaned_data[f"adjusted_{line.item.pk}"],
                "reason": self.cleaned_data[f"reason_{line.item.pk}"],
            }
            for line in self.lines
        ]

    def fields_by_line(self):
        for line in self.lines:
            yield line, self[f"adjusted_{line.item.pk}"], self[f"reason_{line.item.pk}"]


class CorrectionForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Item"), coerce=int)
    points = _points_field(_("Corrected points"), required=True)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=MAX_EVIDENCE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [
            (line.item.pk, f"{line.item.position}. {line.item.text}")
            for line in lines
            if line.score is not None
        ]


# --- The acclamation ----------------------------------------------------------------------


class AcclamationForm(forms.Form):
    leader = forms.TypedChoiceField(label=_("Leading unit"), coerce=int)
    ballots_for = forms.IntegerField(
        label=_("Ballots for the unit"), min_value=0, max_value=10_000, required=False
    )
    ballots_total = forms.IntegerField(
        label=_("Ballots cast"), min_value=1, max_value=10_000, required=False
    )
    held_on = forms.DateField(
        label=_("Meeting date"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    place = forms.CharField(label=_("Place"), max_length=255)
    city = forms.CharField(
        label=_("Place name on the date line"),
        max_length=100,
        help_text=_("The province or city where the minutes are made, e.g. Hà Nội."),
    )
    chair = forms.CharField(label=_("Chair"), max_length=150)
    chair_position = forms.CharField(label=_("Chair's position"), max_length=255, required=False)
    secretary = forms.CharField(label=_("Secretary"), max_length=150)
    secretary_position = forms.CharField(
        label=_("Secretary's position"), max_length=255, required=False
    )
    attendees = forms.CharField(
        label=_("Attendees"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("The units and people present, as the minutes will list them."),
    )
    members_present = forms.CharField(
        label=_("Members present"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One person a line: full name; position; unit. The minutes list them by name."),
    )
    certificate_units = forms.TypedMultipleChoiceField(
        label=_("Proposed for the Minister's certificate"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_(
            "The leading unit is proposed for the Ministry's emulation flag; tick the units "
            "proposed for the Minister's certificate, by their ranking."
        ),
    )
    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members, ballot: bool, correcting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [(unit.pk, unit.name) for unit in members]
        self.fields["certificate_units"].choices = [(unit.pk, unit.name) for unit in members]
        if ballot:
            self.fields["ballots_for"].required = True
            self.fields["ballots_total"].required = True
        else:
            del self.fields["ballots_for"]
            del self.fields["ballots_total"]
        if correcting:
            self.fields["correction_reason"].required = True
        else:
            del self.fields["correction_reason"]

    def clean_members_present(self) -> list[dict]:
        """Lines "full name; position; unit" as the people present."""
        people = []
        for number, line in enumerate(self.cleaned_data["members_present"].splitlines(), 1):
            line = line.strip().lstrip("-").strip().rstrip(";").strip()
            if not line:
                continue
            parts = [part.strip() for part in line.split(";")]
            if len(parts) != 3 or not parts[0] or not parts[2]:
                raise forms.ValidationError(
                    _("Line %(number)d: write full name; position; unit.") % {"number": number}
                )
            people.append(dict(zip(("full_name", "position", "unit"), parts, strict=True)))
        return people

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("leader") in (cleaned.get("certificate_units") or []):
            self.add_error(
                "certificate_units",
                _("The leading unit is proposed for the flag, not for the Minister's certificate."),
            )
        ballots_for, total = cleaned.get("ballots_for"), cleaned.get("ballots_total")
        if ballots_for is not None and total is not None and ballots_for > total:
            self.add_error(
                "ballots_for", _("The ballots for the unit cannot exceed the ballots cast.")
            )
        return cleaned


# --- Excel import -------------------------------------------------------------------------


class ScoringImportForm(forms.Form):
    file = forms.FileField(
        label=_("Scoring table (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
    )


class ScoringImportConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.CharField(widget=forms.HiddenInput, max_length=64)


def members_present_text(people: list[dict]) -> str:
    """The people present as the form's lines ("full name; position; unit")."""
    return "\n".join(
        f"{person.get('full_name', '')}; {person.get('position', '')}; {person.get('unit', '')}"
        for person in people
    )
