"""The form of a deadline extension: it only validates; the service writes."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from registrations.selectors.deadlines import unit_choices_for_extension


class ExtensionForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=unit_choices_for_extension(), empty_label=_("Choose a unit")
    )
    until = forms.DateField(
        label=_("Extended until"),
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with the extension and shown to the Department."),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["until"].help_text = _("After the registration deadline, %(date)s.") % {
            "date": date_format(campaign.registration_deadline, "SHORT_DATE_FORMAT")
        }
        self.fields["unit"].label_from_instance = lambda unit: unit.name

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= self.campaign.registration_deadline:
            raise forms.ValidationError(
                _("An extension must end after the registration deadline, %(date)s.")
                % {"date": date_format(self.campaign.registration_deadline, "SHORT_DATE_FORMAT")}
            )
        return until

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the extension."))
        return reason
