"""Form pieces shared by the apps' forms: choices read once per request, and the widgets of
forms a page repeats hundreds of times drawn in Python.

Forms are drawn by the template language (``FORM_RENDERER``: Django's widget templates,
crispy-forms' and the portal's in ``templates/``). That costs 100-500 µs a widget, which is
nothing for an ordinary form but most of the registration editor's time: ~200 widgets in its
rows, a grid of ~200 people by 7 titles, and the same list of a unit's ~200 staff in every
initiative's authors select (which Django would also normalise again for each field and draw
option by option). Those are written in Python here, in the markup of Django's templates
(BENCHMARKS.md).
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

_WIDGETS = "django/forms/widgets/"
# Django's widget templates that are its input.html and nothing else.
_INPUT_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: in their order, True bare, False left out."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget["value"]
    value = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}"'
        f' name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>"
    )


def _select(widget: dict) -> str | None:
    """A select of options without groups, or None for the template to draw it."""
    options = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            return None
        for option in group_choices:
            if option["template_name"] != f"{_WIDGETS}select_option.html" or not isinstance(
                option["label"], str | Promise
            ):
                return None  # the template localises a number
            options.append(
                f'\n  <option value="{conditional_escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
    return (
        f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
        f"{''.join(options)}\n</select>"
    )


class LightWidgetRenderer(TemplatesSetting):
    """The renderer of forms a page repeats many times (the registration editor's rows):
    Django's input, textarea and select widgets written in Python, to the character what
    their templates write (tests/test_form_renderer.py), about ten times faster; anything
    else, and the forms and fields themselves, drawn by their templates."""

    def render(self, template_name, context, request=None):
        html = None
        if template_name in _INPUT_TEMPLATES:
            html = _input(context["widget"])
        elif template_name == f"{_WIDGETS}textarea.html":
            html = _textarea(context["widget"])
        elif template_name == f"{_WIDGETS}select.html":
            html = _select(context["widget"])
        if html is None:
            return super().render(template_name, context, request)
        return mark_safe(html)  # every value written above escaped


class PreparedChoices(BaseChoiceIterator):
    """A flat list of (value, label) built once and shared by many fields.

    Django leaves a ``BaseChoiceIterator`` as it is instead of normalising it per field, and
    :class:`FastSelect` and :class:`FastCheckboxCells` escape its choices once for every
    field that shows them.
    """

    def __init__(self, choices):
        self.choices = [(value, label) for value, label in choices]
        self._options = None
        self._escaped = None

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def options(self) -> list[tuple[str, str, str]]:
        """(value as text, the option's opening up to its value, the rest), escaped once."""
        if self._options is None:
            self._options = [
                (key, f'<option value="{value}"', f">{label}</option>")
                for key, value, label in self.escaped()
            ]
        return self._options

    def escaped(self) -> list[tuple[str, str, str]]:
        """(value as text, value escaped, label escaped), escaped once."""
        if self._escaped is None:
            self._escaped = [
                (str(value), escape(value), escape(label)) for value, label in self.choices
            ]
        return self._escaped


class FastSelect(forms.Select):
    """A select whose options are written in Python rather than by one template each (flat
    choices only, as a list of people, criteria or titles is)."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        if not isinstance(choices, PreparedChoices):
            choices = list(choices)
            if any(isinstance(label, list | tuple) for _value, label in choices):
                return super().render(name, value, attrs, renderer)  # grouped: Django's way
            choices = PreparedChoices(choices)
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f"{start} selected{end}" if key in chosen else f"{start}{end}"
            for key, start, end in choices.options()
        )
        return format_html(
            '<select name="{}"{}{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            " multiple" if self.allow_multiple_selected else "",
            mark_safe(options),  # every value and label escaped by PreparedChoices
        )


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    pass


class FastCheckboxCells(forms.CheckboxSelectMultiple):
    """A checkbox per choice, each in its own table cell, written in Python as FastSelect's
    options are: one row of a grid of people by choices (the editor's staff grid, ~200 people
    by 7 titles, over a thousand cells). Each checkbox is labelled "<row_label>: <choice>"."""

    row_label = ""

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        if not isinstance(choices, PreparedChoices):
            choices = PreparedChoices(choices)
        chosen = {str(v) for v in self.format_value(value)}
        start = format_html(
            '<td class="text-center"><input class="form-check-input" type="checkbox" name="{}"',
            name,
        )
        row_label = escape(self.row_label)
        return mark_safe(  # every value and label escaped by PreparedChoices
            "".join(
                f'{start} value="{value}"{" checked" if key in chosen else ""}'
                f' aria-label="{row_label}: {label}"></td>'
                for key, value, label in choices.escaped()
            )
        )
