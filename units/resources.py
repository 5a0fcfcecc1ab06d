"""Spreadsheet import and export of units, staff and blocs/clusters (django-import-export)."""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .models import EmulationGroup, GroupMembership, Person, Unit


class CodeForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks a related row up by code and says in words which code is unknown."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as exc:
            raise ValueError(
                _("No %(model)s has the code “%(code)s”.")
                % {"model": self.model._meta.verbose_name, "code": value}
            ) from exc


class UnitResource(resources.ModelResource):
    class Meta:
        model = Unit
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "short_name",
            "unit_type",
            "province",
            "head_title",
            "email",
            "is_emulation_department",
            "is_active",
            "is_demo",
        ]
        clean_model_instances = True
        skip_unchanged = True


class EmulationGroupResource(resources.ModelResource):
    class Meta:
        model = EmulationGroup
        import_id_fields = ["code"]
        fields = ["code", "kind", "name", "description", "is_demo"]
        clean_model_instances = True
        skip_unchanged = True


class GroupMembershipResource(resources.ModelResource):
    group = fields.Field(
        attribute="group", column_name="group", widget=CodeForeignKeyWidget(EmulationGroup, "code")
    )
    unit = fields.Field(
        attribute="unit", column_name="unit", widget=CodeForeignKeyWidget(Unit, "code")
    )

    class Meta:
        model = GroupMembership
        import_id_fields = ["unit", "year"]
        fields = ["group", "unit", "year", "role"]
        clean_model_instances = True
        skip_unchanged = True


class PersonResource(resources.ModelResource):
    unit = fields.Field(
        attribute="unit", column_name="unit", widget=CodeForeignKeyWidget(Unit, "code")
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "unit",
            "full_name",
            "gender",
            "birth_date",
            "position",
            "recruited_on",
            "is_unit_head",
            "email",
            "is_active",
        ]
        clean_model_instances = True
        skip_unchanged = True
