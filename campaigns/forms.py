"""Forms of the campaigns app: they only validate; services write."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from criteria.models import CriterionTarget, RuleSet
from criteria.selectors import rule_set_label
from units.models import EmulationGroup, Unit

from .models import Campaign, CampaignAmendment, CampaignKind
from .validators import (
    KEY_DATE_FIELDS,
    WINDOW_FIELDS,
    key_date_order_errors,
    thematic_window_errors,
)

DATE_WIDGET_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


def _date_widget():
    return forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET_ATTRS)


class KeyDatesForm(forms.ModelForm):
    """The campaign's five key dates, typed as dd/mm/yyyy, in their logical order."""

    class Meta:
        model = Campaign
        fields = list(KEY_DATE_FIELDS)
        widgets = {field: _date_widget() for field in KEY_DATE_FIELDS}

    def clean(self):
        cleaned = super().clean()
        window = {f: getattr(self.instance, f) for f in WINDOW_FIELDS}
        errors = key_date_order_errors(cleaned) | thematic_window_errors(
            kind=self.instance.kind, year=self.instance.year, dates={**window, **cleaned}
        )
        for field, message in errors.items():
            if field in self.fields:
                self.add_error(field, message)
            else:
                self.add_error(None, message)
        return cleaned


class LinesField(forms.CharField):
    """A list of strings edited one per line (addressees, paragraphs, distribution list)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


# The letter as the Department writes it, in the order of the page.
FRAME_FIELDS = (
    "issuing_body_parent",
    "issuing_body",
    "symbol",
    "place",
    "subject",
    "name",
    "theme",
)
HEADING_FIELDS = (
    "contents_heading",
    "tasks_heading",
    "criteria_heading",
    "collective_criteria_heading",
    "individual_criteria_heading",
    "implementation_heading",
)
SIGNER_FIELDS = ("signer_authority", "signer_title", "signer_name")
# Whom a thematic campaign addresses; the yearly campaign addresses every unit.
ADDRESSEE_FORM_FIELDS = ("addresses_all_units", "addressed_units", "addressed_groups")


class LetterForm(forms.ModelForm):
    """The draft's letter: frame, headings, paragraphs, lists, signer and key dates. ``version``
    is the version the editor read; the service refuses a stale one."""

    addressees = LinesField(label=_("addressees (one per line)"), required=False)
    opening_paragraphs = LinesField(label=_("opening paragraphs (one per line)"), required=False)
    distribution_list = LinesField(label=_("distribution list (one per line)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    rule_set_code = forms.ChoiceField(label=capfirst(_("rule set")), required=False)
    addressed_units = forms.ModelMultipleChoiceField(
        label=_("units addressed"),
        queryset=Unit.objects.filter(is_active=True, is_emulation_department=False).order_by(
            "unit_type", "name"
        ),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    addressed_groups = forms.ModelMultipleChoiceField(
        label=_("blocs and clusters addressed"),
        queryset=EmulationGroup.objects.order_by("kind", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A bloc or cluster means its members in the campaign's year."),
    )

    class Meta:
        model = Campaign
        fields = [
            *FRAME_FIELDS,
            "addressees",
            "opening_paragraphs",
            *HEADING_FIELDS,
            "closing_call",
            "distribution_list",
            *SIGNER_FIELDS,
            "rule_set_code",
            *ADDRESSEE_FORM_FIELDS,
            *WINDOW_FIELDS,
            *KEY_DATE_FIELDS,
        ]
        widgets = {
            **{field: _date_widget() for field in (*WINDOW_FIELDS, *KEY_DATE_FIELDS)},
            "theme": forms.Textarea(attrs={"rows": 2}),
            "subject": forms.Textarea(attrs={"rows": 2}),
            "closing_call": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rule sets by name and years, never by code; blank follows the campaign's year.
        self.fields["rule_set_code"].choices = [
            ("", _("The rule set of the campaign's year")),
            *((rule_set.code, rule_set_label(rule_set)) for rule_set in RuleSet.objects.all()),
        ]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.kind == CampaignKind.REGULAR:
                # The yearly campaign addresses every unit: nothing to choose.
                for field in (*ADDRESSEE_FORM_FIELDS, *WINDOW_FIELDS):
                    del self.fields[field]

    def campaign_kind(self, cleaned) -> str:
        return self.instance.kind

    def campaign_year(self, cleaned) -> int | None:
        return self.instance.year

    def clean(self):
        cleaned = super().clean()
        errors = key_date_order_errors(cleaned) | thematic_window_errors(
            kind=self.campaign_kind(cleaned), year=self.campaign_year(cleaned), dates=cleaned
        )
        for field, message in errors.items():
            self.add_error(field, message)
        if (
            "addresses_all_units" in self.fields
            and self.campaign_kind(cleaned) == CampaignKind.THEMATIC
            and not cleaned.get("addresses_all_units")
            and not cleaned.get("addressed_units")
            and not cleaned.get("addressed_groups")
        ):
            self.add_error(
                "addressed_units",
                _(
                    "Name the units, blocs or clusters the campaign addresses, or address every unit."
                ),
            )
        return cleaned

    def letter_fields(self) -> dict:
        return {f: self.cleaned_data[f] for f in self._meta.fields if f in self.cleaned_data}


class CampaignCreateForm(LetterForm):
    """A new campaign from scratch: its year and kind, then the letter."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("kind"), choices=CampaignKind.choices)

    field_order = ["year", "kind"]

    def campaign_kind(self, cleaned) -> str:
        return cleaned.get("kind") or CampaignKind.REGULAR

    def campaign_year(self, cleaned) -> int | None:
        return cleaned.get("year")

    def validate_unique(self):
        # The service answers a second regular campaign of a year with its own message.
        pass


class CampaignCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=capfirst(_("copy from")),
        queryset=Campaign.objects.order_by("-year", "name"),
        empty_label=None,
    )
    year = forms.IntegerField(label=capfirst(_("for the year")), min_value=2000, max_value=2100)


class ItemForm(forms.Form):
    """One numbered paragraph of section I, II or IV; a blank one is left out."""

    text = forms.CharField(
        label=_("text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CriterionForm(forms.Form):
    """One criterion of section III; a blank one is left out."""

    target = forms.ChoiceField(label=_("applies to"), choices=CriterionTarget.choices)
    text = forms.CharField(
        label=_("text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    short_label = forms.CharField(label=_("short label"), required=False, max_length=120)


ItemFormSet = forms.formset_factory(ItemForm, extra=1, can_order=True, can_delete=True)
CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_order=True, can_delete=True)


def formset_rows(formset) -> list[dict]:
    """The rows kept, in the order asked (ORDER, then the page's order), blanks left out."""
    rows = [form.cleaned_data for form in formset.ordered_forms]
    return [row for row in rows if row.get("text", "").strip()]


class DecisionForm(forms.Form):
    """The leadership's decision on the draft: approve (confirming the signer, the number and
    the date) or return with a comment."""

    signer_authority = forms.CharField(
        label=capfirst(_("signing authority")),
        required=False,
        max_length=100,
        help_text=_('"KT. BỘ TRƯỞNG" when a Deputy Minister signs; blank for the Minister.'),
    )
    signer_title = forms.CharField(label=capfirst(_("signer's title")), max_length=255)
    signer_name = forms.CharField(label=capfirst(_("signer's name")), max_length=255)
    number = forms.CharField(
        label=capfirst(_("number")),
        required=False,
        max_length=20,
        help_text=_("Leave blank to take the next number of this year's register."),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    issued_on = forms.DateField(
        label=capfirst(_("date of issue")), required=False, widget=_date_widget()
    )
    comment = forms.CharField(
        label=capfirst(_("comment")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return the draft: say what the Department must change."),
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "signer_authority": campaign.signer_authority,
                "signer_title": campaign.signer_title,
                "signer_name": campaign.signer_name,
                "issued_on": timezone.localdate(),
            },
        )
        super().__init__(*args, **kwargs)


# --- After approval: the signed scan and the amending letters ---------------------------------


class SignedScanForm(forms.Form):
    """The signed scan of the approved letter; the service checks its size and its content."""

    file = forms.FileField(
        label=_("signed scan (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class AmendmentForm(forms.ModelForm):
    """An amending letter as the Department writes it. ``version`` is the version the editor
    read; the service refuses a stale one."""

    addressees = LinesField(label=_("addressees (one per line)"), required=False)
    paragraphs = LinesField(
        label=_("paragraphs (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    distribution_list = LinesField(label=_("distribution list (one per line)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CampaignAmendment
        fields = [
            "kind",
            "subject",
            "addressees",
            "reference_paragraph",
            "paragraphs",
            "distribution_list",
            "issuing_body_parent",
            "issuing_body",
            "symbol",
            "place",
            *SIGNER_FIELDS,
        ]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "reference_paragraph": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def amendment_fields(self) -> dict:
        return {f: self.cleaned_data[f] for f in self._meta.fields}


class AmendmentDecisionForm(DecisionForm):
    """The leadership's decision on an amending letter: as on the campaign's letter."""

    def __init__(self, *args, amendment: CampaignAmendment, **kwargs):
        super().__init__(*args, campaign=amendment, **kwargs)
