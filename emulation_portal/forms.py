"""Form pieces shared by the apps' forms: the form renderer, choices read once per request and
selects drawn in Python.

Forms, their repeated rows and their widgets are drawn by Jinja2 templates (Django's own
widget templates, the portal's in ``emulation_portal/jinja2/`` and each app's ``jinja2/``):
the same markup as the template language's, several times faster for pages with hundreds of
fields. The registration editor also gives the same list of a unit's ~200 staff to every
initiative's authors select; Django normalises a plain list again for each field it is given
to and draws each option through its own template, which made that page spend most of its
time on the same few hundred names (BENCHMARKS.md).
"""

from pathlib import Path

import jinja2
from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.forms.utils import flatatt
from django.template import TemplateDoesNotExist
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


def jinja2_environment(**options) -> jinja2.Environment:
    """Jinja2 with Django's translations: ``{{ _("…") }}`` in a form template is translated
    to the request's language and found by ``makemessages`` like the template language's."""
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"], **options)
    environment.install_gettext_translations(translation, newstyle=True)
    return environment


class PortalFormRenderer(Jinja2):
    """Django's Jinja2 form renderer, reading the portal's form templates too, and falling
    back to the template language for widgets that only have such templates (the admin's
    related-object and autocomplete widgets, the password hash)."""

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(forms.__file__).parent / "jinja2",
                    Path(__file__).parent / "jinja2",
                ],
                "NAME": "djangoforms",
                "OPTIONS": {"environment": "emulation_portal.forms.jinja2_environment"},
            }
        )

    @cached_property
    def fallback(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.engine.get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)


class PreparedChoices(BaseChoiceIterator):
    """A flat list of (value, label) built once and shared by many fields.

    Django leaves a ``BaseChoiceIterator`` as it is instead of normalising it per field, and
    :class:`FastSelectMultiple` escapes its options once for every select that shows it.
    """

    def __init__(self, choices):
        self.choices = [(value, label) for value, label in choices]
        self._options = None

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def options(self) -> list[tuple[str, str, str]]:
        """(value as text, the option's opening up to its value, the rest), escaped once."""
        if self._options is None:
            self._options = [
                (str(value), f'<option value="{escape(value)}"', f">{escape(label)}</option>")
                for value, label in self.choices
            ]
        return self._options


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
