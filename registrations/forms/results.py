"""Forms of the results page: they only validate; services write."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registrations.services.evidence_files import ACCEPT

from ..models import InitiativeStatus

_ROW_FIELD = re.compile(r"^(actual|assessment|status|note)_(\d+)$")
RESULTS_FORM_ID = "results-form"  # the id of the page's <form> element


class ResultsForm(forms.Form):
    """One actual value and assessment per approved target, one status and note per initiative.

    Fields are named after the target's or initiative's id; a posted id outside the approved
    version (a forged or outdated form) makes the whole form invalid.
    """

    version = forms.CharField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
    # A file chosen in the evidence card goes with the results, so pressing "Attach" never
    # discards what was typed. The card sits outside the <form> element: the ``form``
    # attribute makes its fields part of it. The service judges the file (size, kind, empty).
    attachment = forms.FileField(
        label=_("File"),
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(
            attrs={"accept": ACCEPT, "class": "form-control", "form": RESULTS_FORM_ID}
        ),
    )
    attachment_description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control", "form": RESULTS_FORM_ID}),
    )

    def __init__(self, *args, content, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = content
        for row in content.targets:
            self.fields[f"actual_{row.id}"] = forms.DecimalField(
                label=_("Actual value"),
                required=False,
                max_digits=14,
                decimal_places=2,
                localize=True,  # "3,5" as Vietnamese write it
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control form-control-sm text-end",
                        "inputmode": "decimal",
                        "data-actual": "",
                    }
                ),
            )
            self.fields[f"assessment_{row.id}"] = forms.CharField(
                label=_("Assessment"),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )
        for row in content.initiatives:
            self.fields[f"status_{row.id}"] = forms.ChoiceField(
                label=_("Status"),
                choices=InitiativeStatus.choices,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"note_{row.id}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def clean(self):
        cleaned = super().clean()
        if self.data:
            unknown = [key for key in self.data if _ROW_FIELD.match(key) and key not in self.fields]
            if unknown:
                raise ValidationError(
                    _(
                        "The form holds a target or an initiative that is not in the approved "
                        "registration. Nothing was saved."
                    ),
                    code="unknown_row",
                )
        return cleaned

    def target_results(self) -> list[dict]:
        return [
            {
                "target_id": row.id,
                "actual_value": self.cleaned_data[f"actual_{row.id}"],
                "assessment": self.cleaned_data[f"assessment_{row.id}"],
            }
            for row in self.content.targets
        ]

    def initiative_results(self) -> list[dict]:
        return [
            {
                "initiative_id": row.id,
                "status": self.cleaned_data[f"status_{row.id}"],
                "note": self.cleaned_data[f"note_{row.id}"],
            }
            for row in self.content.initiatives
        ]

    def target_rows(self):
        """(row, actual field, assessment field) for the table in the template."""
        for row in self.content.targets:
            yield row, self[f"actual_{row.id}"], self[f"assessment_{row.id}"]

    def initiative_rows(self):
        for row in self.content.initiatives:
            yield row, self[f"status_{row.id}"], self[f"note_{row.id}"]
