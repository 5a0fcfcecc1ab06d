"""Forms of the campaigns app: they only validate; services write."""

from django import forms

from .models import Campaign
from .validators import KEY_DATE_FIELDS, key_date_order_errors


class KeyDatesForm(forms.ModelForm):
    """The campaign's five key dates, typed as dd/mm/yyyy, in their logical order."""

    class Meta:
        model = Campaign
        fields = list(KEY_DATE_FIELDS)
        widgets = {
            field: forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
            )
            for field in KEY_DATE_FIELDS
        }

    def clean(self):
        cleaned = super().clean()
        for field, message in key_date_order_errors(cleaned).items():
            self.add_error(field, message)
        return cleaned
