"""Forms of the registration editor: they only validate; services write."""

from django import forms
from django.forms import BoundField, inlineformset_factory
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from criteria.models import Criterion, CriterionTarget, Recipient, Title
from criteria.selectors import registrable_titles
from emulation_portal.forms import (
    FastCheckboxCells,
    FastSelect,
    FastSelectMultiple,
    LightWidgetRenderer,
    PreparedChoices,
)

from ..models import Initiative, Registration, Target


class BootstrapBoundField(BoundField):
    """Gives a widget the Bootstrap classes crispy-forms would (and ``is-invalid`` when the
    field has errors), so that the editor's repeated rows can be drawn by the light
    ``includes/_bootstrap_field.html`` (``as_field_group``) instead of crispy's per-field
    templates (the editor of a unit of 200 people spent half its time in them)."""

    template_name = "includes/_bootstrap_field.html"

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "checkboxinput form-check-input"
        elif isinstance(widget, forms.Select):  # SelectMultiple too
            css = f"{type(widget).__name__.lower()} form-select"
        else:
            css = f"{type(widget).__name__.lower()} form-control"
        if self.errors:
            css += " is-invalid"
        attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        return attrs


class RowFormMixin:
    """A form drawn as one row of the editor by its own ``template_name``, which reads
    its fields by name (Django's default context would also list every field's errors);
    its widgets are written in Python (a unit's editor has ~200 of them)."""

    bound_field_class = BootstrapBoundField
    default_renderer = LightWidgetRenderer()

    def get_context(self):
        return {"form": self}


class TargetForm(RowFormMixin, forms.ModelForm):
    template_name = "registrations/_target_row.html"

    class Meta:
        model = Target
        fields = ["criterion", "description", "planned_value", "measure", "due_date"]
        localized_fields = ["planned_value"]  # "3,5" as Vietnamese write it
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "criterion": FastSelect,
        }

    @staticmethod
    def criterion_choices(criteria) -> PreparedChoices:
        """The criterion select's choices, read once by the view for every target."""
        return PreparedChoices([("", _("(free target)")), *((c.pk, str(c)) for c in criteria)])

    def __init__(self, *args, campaign=None, criterion_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["criterion"]
        field.queryset = Criterion.objects.filter(
            campaign=campaign, target=CriterionTarget.COLLECTIVE
        )
        field.empty_label = _("(free target)")
        if criterion_choices is not None:
            # Drawn from the list the view read once, not one query per target.
            field.choices = criterion_choices


class InitiativeForm(RowFormMixin, forms.ModelForm):
    template_name = "registrations/_initiative_row.html"

    class Meta:
        model = Initiative
        fields = ["title", "authors", "field", "scope", "description", "expected_benefit"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_benefit": forms.Textarea(attrs={"rows": 2}),
            "authors": FastSelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, staff=None, author_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the unit's own staff can be authors: a forged id is an invalid choice.
        self.fields["authors"].queryset = staff
        if author_choices is not None:
            # Drawn from the list the view read once, not one query per initiative.
            self.fields["authors"].choices = author_choices


TargetFormSet = inlineformset_factory(
    Registration,
    Target,
    form=TargetForm,
    extra=0,
    can_delete=True,
    max_num=60,
    validate_max=True,
)
InitiativeFormSet = inlineformset_factory(
    Registration,
    Initiative,
    form=InitiativeForm,
    extra=0,
    can_delete=True,
    max_num=60,
    validate_max=True,
)


class TitlesForm(forms.Form):
    """The collective's titles and one set of titles per member of staff."""

    version = forms.CharField(widget=forms.HiddenInput)
    collective_titles = forms.ModelMultipleChoiceField(
        label=_("Collective titles and forms aimed for"),
        queryset=Title.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, staff, sub_units=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["collective_titles"]
        field.queryset = registrable_titles(Recipient.COLLECTIVE)
        # Both lists from one query (the same order): the checkboxes need no query of their own.
        titles = list(
            registrable_titles(Recipient.COLLECTIVE) | registrable_titles(Recipient.INDIVIDUAL)
        )
        field.choices = [(t.pk, str(t)) for t in titles if t.recipient == Recipient.COLLECTIVE]
        self.collective_title_list = [t for t in titles if t.recipient == Recipient.COLLECTIVE]
        # One row of checkboxes per sub-unit (a phòng, trung tâm…), as the staff grid's.
        self.sub_units = list(sub_units)
        collective_choices = PreparedChoices(
            (str(t.pk), t.name) for t in self.collective_title_list
        )
        for sub_unit in self.sub_units:
            field = forms.MultipleChoiceField(
                label=sub_unit.name,
                required=False,
                choices=collective_choices,
                widget=FastCheckboxCells,
            )
            field.widget.row_label = sub_unit.name
            self.fields[f"{self.SUB_UNIT_PREFIX}{sub_unit.pk}"] = field
        self.individual_titles = [t for t in titles if t.recipient == Recipient.INDIVIDUAL]
        self.staff = list(staff)
        # One list for every person's field: Django would normalise a plain list per field.
        individual_choices = PreparedChoices((str(t.pk), t.name) for t in self.individual_titles)
        for person in self.staff:
            field = forms.MultipleChoiceField(
                label=person.full_name,
                required=False,
                choices=individual_choices,
                widget=FastCheckboxCells,
            )
            field.widget.row_label = person.full_name
            self.fields[f"aim_{person.pk}"] = field

    SUB_UNIT_PREFIX = "sub_unit_"

    def clean(self):
        cleaned = super().clean()
        # Only the unit's own sub-units have a row: a posted row of any other is refused, not
        # silently dropped.
        own = {f"{self.SUB_UNIT_PREFIX}{sub_unit.pk}" for sub_unit in self.sub_units}
        if any(key.startswith(self.SUB_UNIT_PREFIX) and key not in own for key in self.data):
            raise forms.ValidationError(
                _("A sub-unit given is not one of the unit's sub-units. Nothing was saved.")
            )
        return cleaned

    def sub_unit_aims(self) -> dict[int, set[int]]:
        return {
            sub_unit.pk: {
                int(pk) for pk in self.cleaned_data.get(f"{self.SUB_UNIT_PREFIX}{sub_unit.pk}", [])
            }
            for sub_unit in self.sub_units
        }

    def sub_unit_rows(self):
        """(sub-unit, its titles' field) for the sub-units' grid."""
        for sub_unit in self.sub_units:
            yield sub_unit, self[f"{self.SUB_UNIT_PREFIX}{sub_unit.pk}"]

    def individual_aims(self) -> dict[int, set[int]]:
        return {
            person.pk: {int(pk) for pk in self.cleaned_data.get(f"aim_{person.pk}", [])}
            for person in self.staff
        }

    def staff_rows(self):
        """(person, their titles' field) for the grid: the field draws the row's cells."""
        for person in self.staff:
            yield person, self[f"aim_{person.pk}"]

    def render_staff_grid(self, people_with_errors=()) -> str:
        """The grid's rows (a unit of 200 people has over a thousand cells)."""
        html = self.renderer.render(
            "registrations/_staff_grid.html",
            {"rows": self.staff_rows(), "people_with_errors": set(people_with_errors)},
        )
        return mark_safe(html)  # an autoescaping template


class ItemCommentBoundField(BoundField):
    """A reviewer's comment on one item, drawn folded by its template with the two texts its
    form translated once: a review page has ~230 items, and a ``{% translate %}`` per text
    and item took a tenth of the page."""

    template_name = "registrations/_review_item_comment.html"

    def get_context(self):
        return {"field": self, "texts": self.form.item_comment_texts}


class ReviewForm(forms.Form):
    """Approve, or return with a comment and optional comments on single items.

    Item comment fields exist only for the registration's own items, so a forged item id is
    not a field at all and is ignored.
    """

    APPROVE, RETURN = "approve", "return"

    action = forms.ChoiceField(choices=[(APPROVE, APPROVE), (RETURN, RETURN)])
    note = forms.CharField(
        label=_("Comment to the unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to return: say what the unit must change."),
    )
    comment_collective = forms.CharField(
        label=_("Comment on the collective's titles"),
        required=False,
        bound_field_class=ItemCommentBoundField,
    )

    def __init__(self, *args, registration, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {}
        for target in registration.targets.all():
            self._add_item(f"comment_target_{target.pk}", "target", target)
        for initiative in registration.initiatives.all():
            self._add_item(f"comment_initiative_{initiative.pk}", "initiative", initiative)
        for person in people:
            self._add_item(f"comment_person_{person.pk}", "person", person)

    def _add_item(self, name, kind, item):
        self.fields[name] = forms.CharField(
            label=str(item), required=False, bound_field_class=ItemCommentBoundField
        )
        self.items[name] = (kind, item)

    @cached_property
    def item_comment_texts(self) -> dict[str, str]:
        return {"summary": gettext("Comment on this item"), "comment_on": gettext("Comment on")}

    def render_people(self, people, *, can_review: bool) -> str:
        """The staff put forward, each with its titles' short names and comment field: plain
        values, as the template language takes twice as long to look ~200 people's up."""
        rows = [
            (
                person.full_name,
                person.is_unit_head,
                [title.abbreviation or title.name for title in titles],
                self[f"comment_person_{person.pk}"],
            )
            for person, titles in people
        ]
        return self.render(
            "registrations/_review_people.html", {"rows": rows, "can_review": can_review}
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.RETURN and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Write a comment saying what the unit must change."))
        return cleaned

    def item_comments(self) -> list[dict]:
        comments = [
            {kind: item, "text": self.cleaned_data[name]}
            for name, (kind, item) in self.items.items()
            if self.cleaned_data.get(name, "").strip()
        ]
        if self.cleaned_data.get("comment_collective", "").strip():
            comments.append({"text": self.cleaned_data["comment_collective"]})
        return comments
