"""A unit's sub-units (phòng, trung tâm, chi cục, khoa), the collectives its registration's
titles may name: its head keeps the list (add, rename, reorder, deactivate; never delete);
the Department, the Minister and the administrator read it. Served under the units' URLs."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from emulation_portal.exceptions import ApplicationError
from units.forms import NewSubUnitForm, SubUnitForm
from units.models import SubUnit, Unit
from units.permissions import may
from units.services import sub_unit_create, sub_unit_update


class UnitSubUnitsMixin(LoginRequiredMixin):
    """The unit of the URL, if the user may see its sub-units; 404 for missing and for
    not-yours alike."""

    @cached_property
    def unit(self):
        unit = Unit.objects.filter(pk=self.kwargs["pk"]).first()
        if unit is None or not may(self.request.user, "units.view_sub_units", unit):
            raise Http404
        return unit

    def require_manage(self):
        if not may(self.request.user, "units.manage_sub_units", self.unit):
            raise Http404

    def render_page(self, new_form=None, edit_forms=None, status=200):
        sub_units = list(
            SubUnit.objects.filter(unit=self.unit)
            .annotate(aim_count=Count("title_aims"))
            .order_by("position", "name")
        )
        can_manage = may(self.request.user, "units.manage_sub_units", self.unit)
        edit_forms = edit_forms or {}
        rows = [
            (
                sub_unit,
                edit_forms.get(sub_unit.pk)
                or SubUnitForm(instance=sub_unit, prefix=f"s{sub_unit.pk}"),
            )
            for sub_unit in sub_units
        ]
        return render(
            self.request,
            "units/sub_unit_list.html",
            {
                "unit": self.unit,
                "rows": rows,
                "can_manage": can_manage,
                "new_form": new_form or NewSubUnitForm(prefix="new"),
            },
            status=status,
        )


class SubUnitListView(UnitSubUnitsMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk):
        return self.render_page()


class SubUnitCreateView(UnitSubUnitsMixin, View):
    """POST only: the unit's head adds a sub-unit."""

    http_method_names = ["post"]

    def post(self, request, pk):
        self.require_manage()
        form = NewSubUnitForm(request.POST, prefix="new")
        if not form.is_valid():
            messages.error(request, _("The sub-unit was not added: check its name and kind."))
            return self.render_page(new_form=form, status=400)
        try:
            sub_unit_create(
                unit=self.unit,
                actor=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self.render_page(new_form=form, status=400)
        messages.success(request, _("The sub-unit was added."))
        return redirect("units:sub_units", pk=self.unit.pk)


class SubUnitUpdateView(UnitSubUnitsMixin, View):
    """POST only: the unit's head renames, reorders or (de)activates one of its sub-units."""

    http_method_names = ["post"]

    def post(self, request, pk, sub_unit_pk):
        self.require_manage()
        sub_unit = get_object_or_404(SubUnit, pk=sub_unit_pk, unit=self.unit)
        form = SubUnitForm(request.POST, instance=sub_unit, prefix=f"s{sub_unit.pk}")
        if not form.is_valid():
            messages.error(request, _("The sub-unit was not changed: check the fields."))
            return self.render_page(edit_forms={sub_unit.pk: form}, status=400)
        try:
            sub_unit_update(sub_unit=sub_unit, actor=request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self.render_page(edit_forms={sub_unit.pk: form}, status=400)
        messages.success(request, _("The sub-unit was saved."))
        return redirect("units:sub_units", pk=self.unit.pk)
