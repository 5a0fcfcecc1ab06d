"""The year-end facts form: one rating and discipline per member of staff, and the recognition
of each initiative. Fields exist only for the unit's own people and initiatives."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import Discipline, Rating

from ..models import InitiativeStatus, Scope


class YearEndFactsForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, staff, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff, self.initiatives = staff, initiatives
        select = {"class": "form-select form-select-sm"}
        for row in staff:
            pid = row.person.pk
            self.fields[f"rating_{pid}"] = forms.ChoiceField(
                label=_("Rating"),
                choices=[("", "—"), *Rating.choices],
                required=False,
                initial=row.rating,
                widget=forms.Select(attrs=select),
            )
            self.fields[f"discipline_{pid}"] = forms.ChoiceField(
                label=_("Discipline"),
                choices=[("", _("None")), *Discipline.choices],
                required=False,
                initial=row.discipline,
                widget=forms.Select(attrs=select),
            )
        for initiative in initiatives:
            iid = initiative.pk
            self.fields[f"status_{iid}"] = forms.ChoiceField(
                label=_("Status"),
                choices=InitiativeStatus.choices,
                initial=initiative.status,
                widget=forms.Select(attrs=select),
            )
            self.fields[f"scope_{iid}"] = forms.ChoiceField(
                label=_("Scope"),
                choices=Scope.choices,
                initial=initiative.scope,
                widget=forms.Select(attrs=select),
            )
            self.fields[f"number_{iid}"] = forms.CharField(
                label=_("Recognition decision number"),
                required=False,
                max_length=50,
                initial=initiative.recognition_number,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"date_{iid}"] = forms.DateField(
                label=_("Recognition date"),
                required=False,
                initial=initiative.recognition_date,
                widget=forms.DateInput(
                    attrs={"class": "form-control form-control-sm", "placeholder": "dd/mm/yyyy"}
                ),
            )

    def rows(self):
        for row in self.staff:
            pid = row.person.pk
            yield row, self[f"rating_{pid}"], self[f"discipline_{pid}"]

    def initiative_rows(self):
        for initiative in self.initiatives:
            iid = initiative.pk
            yield (
                initiative,
                self[f"status_{iid}"],
                self[f"scope_{iid}"],
                self[f"number_{iid}"],
                self[f"date_{iid}"],
            )

    def people(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            row.person.pk: (data[f"rating_{row.person.pk}"], data[f"discipline_{row.person.pk}"])
            for row in self.staff
        }

    def initiative_values(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            i.pk: {
                "status": data[f"status_{i.pk}"],
                "scope": data[f"scope_{i.pk}"],
                "recognition_number": data[f"number_{i.pk}"].strip(),
                "recognition_date": data[f"date_{i.pk}"],
            }
            for i in self.initiatives
        }
