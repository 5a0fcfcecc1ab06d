"""The light renderer of the registration editor's rows writes, to the character, what Django's
widget templates write through the project's form renderer, whatever the value and attributes;
and leaves to the templates what it does not write."""

from datetime import date

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from emulation_portal.forms import LightWidgetRenderer

TRICKY = 'Lê <b>"Tèo"</b> & Co\'s'
ATTRS = {"class": "textinput form-control", "maxlength": 200, "required": True, "id": "id_x"}

CASES = [
    (forms.TextInput(), "Nguyễn Văn A"),
    (forms.TextInput(), TRICKY),
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.TextInput(attrs={"placeholder": gettext_lazy("Department")}), "x"),
    (forms.TextInput(attrs={"data-safe": mark_safe("<i>safe</i>"), "disabled": False}), 3),
    (forms.NumberInput(attrs={"step": "0.01"}), 3.5),
    (forms.EmailInput(), "a@b.vn"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.HiddenInput(), 42),
    (forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}), date(2026, 3, 1)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.CheckboxInput(), None),
    (forms.Textarea(attrs={"rows": 2}), TRICKY),
    (forms.Textarea(), ""),
    (forms.Textarea(), None),
    (forms.Select(choices=[("", "---"), ("a", "A & B"), (3, TRICKY)]), "a"),
    (forms.Select(choices=[("grassroots", "Cơ sở"), ("ministry", "Cấp Bộ")]), None),
    (forms.Select(choices=[("x", "X")], attrs={"class": "select form-select"}), "missing"),
    # Drawn by the template (groups; a number localised as label): the renderer falls back.
    (forms.Select(choices=[(1, 1234.5), (2, 2)]), 1),
    (forms.Select(choices=[("Group", [("a", "A"), ("b", "B")]), ("c", "C")]), "b"),
    (forms.SelectMultiple(choices=[(1, "One"), (2, "Two")]), [1, 2]),
    # Widgets it does not write at all.
    (forms.CheckboxSelectMultiple(choices=[(1, "One"), (2, "Two")]), [2]),
    (forms.RadioSelect(choices=[(1, "One")]), 1),
    (forms.ClearableFileInput(), None),
    (forms.SplitDateTimeWidget(), None),
]


@pytest.mark.parametrize(("widget", "value"), CASES)
def test_light_renderer_writes_what_the_templates_write(widget, value):
    with override("vi"):
        light = widget.render("x", value, attrs=dict(ATTRS), renderer=LightWidgetRenderer())
        templates = widget.render("x", value, attrs=dict(ATTRS), renderer=TemplatesSetting())

    assert light == templates


def test_light_renderer_escapes_markup_in_values_and_labels():
    html = forms.Select(choices=[(TRICKY, TRICKY)]).render(
        "x", TRICKY, renderer=LightWidgetRenderer()
    )

    assert "<b>" not in html
    assert "Lê &lt;b&gt;&quot;Tèo&quot;&lt;/b&gt; &amp; Co&#x27;s" in html


@pytest.mark.parametrize(("widget", "value"), CASES[:20])
def test_light_renderer_reads_no_template_for_inputs_textareas_and_plain_selects(
    widget, value, monkeypatch
):
    renderer = LightWidgetRenderer()
    monkeypatch.setattr(renderer, "get_template", pytest.fail)

    widget.render("x", value, attrs=dict(ATTRS), renderer=renderer)
