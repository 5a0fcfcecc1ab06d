"""Forms of the units' pages: they only validate; services write."""

from django import forms

from .models import SubUnit


class SubUnitForm(forms.ModelForm):
    class Meta:
        model = SubUnit
        fields = ["name", "kind", "position", "is_active"]


class NewSubUnitForm(forms.ModelForm):
    class Meta:
        model = SubUnit
        fields = ["name", "kind"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "kind": forms.Select(attrs={"class": "form-select"}),
        }
