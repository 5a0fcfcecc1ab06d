"""The Department's narrative of a report, and issuing it."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from campaigns.forms import DATE_WIDGET_ATTRS

NARRATIVE_LABELS = {
    "role_models": _("Role models found and publicised"),
    "shortcomings": _("Shortcomings and causes"),
    "priorities": _("Priorities"),
    "recommendations": _("Recommendations"),
}


def _part(key):
    return forms.CharField(
        label=NARRATIVE_LABELS[key],
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class NarrativeForm(forms.Form):
    """The four parts the Department writes; a part left blank prints as not yet written and
    keeps the report a draft."""

    role_models = _part("role_models")
    shortcomings = _part("shortcomings")
    priorities = _part("priorities")
    recommendations = _part("recommendations")


class IssueForm(forms.Form):
    number = forms.CharField(
        label=capfirst(_("number")),
        required=False,
        max_length=20,
        help_text=_("Leave blank to take the next number of this year's register."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "form-control"}),
    )
    issued_on = forms.DateField(
        label=capfirst(_("date of issue")),
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET_ATTRS),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"issued_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
