"""Spreadsheet import and export of units, staff and blocs/clusters (django-import-export),
with the Vietnamese column names units use (emulation_portal.admin_imports): a file exported
here imports back unchanged, and the English field names of the older exports still read."""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from emulation_portal.admin_imports import (
    DayMonthYearWidget,
    VietnameseColumnsMixin,
    YearOrDateField,
    read_day,
)
from emulation_portal.sheets.values import fold

from .models import EmulationGroup, GroupMembership, Person, Unit


class CodeForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks a related row up by code and says in words which code is unknown."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as exc:
            raise ValueError(
                _("No %(model)s has the code “%(code)s”.")
                % {"model": self.model._meta.verbose_name, "code": value}
            ) from exc


class UnitResource(VietnameseColumnsMixin, resources.ModelResource):
    columns = {
        "code": ("Mã đơn vị",),
        "name": ("Tên đơn vị",),
        "short_name": ("Tên viết tắt", "Viết tắt"),
        "unit_type": ("Loại đơn vị", "Loại"),
        "province": ("Tỉnh/thành phố", "Tỉnh, thành phố", "Tỉnh", "Tỉnh/TP"),
        "head_title": ("Chức danh thủ trưởng", "Chức danh người đứng đầu"),
        "email": ("Thư điện tử", "Email", "E-mail", "Thư điện tử (email)"),
        "is_emulation_department": ("Là Vụ TĐKT", "Vụ TĐKT", "Là Vụ Thi đua, Khen thưởng"),
        "is_active": ("Đang hoạt động", "Hoạt động"),
        "is_demo": ("Dữ liệu mẫu", "Dữ liệu demo"),
    }
    required_columns = ("code", "name", "unit_type")
    choice_aliases = {
        "unit_type": {
            "ministry_unit": ("Đơn vị thuộc Bộ", "Trực thuộc Bộ", "Thuộc Bộ"),
            "provincial_department": ("Sở", "Sở TN&MT", "Sở TNMT", "Sở Tài nguyên và Môi trường"),
        }
    }

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


class EmulationGroupResource(VietnameseColumnsMixin, resources.ModelResource):
    columns = {
        "code": ("Mã khối/cụm", "Mã khối", "Mã cụm"),
        "kind": ("Loại", "Khối/Cụm", "Khối hay cụm"),
        "name": ("Tên khối/cụm", "Tên khối", "Tên cụm"),
        "description": ("Mô tả", "Ghi chú"),
        "is_demo": ("Dữ liệu mẫu", "Dữ liệu demo"),
    }
    required_columns = ("code", "kind", "name")
    choice_aliases = {"kind": {"bloc": ("Khối",), "cluster": ("Cụm",)}}

    class Meta:
        model = EmulationGroup
        import_id_fields = ["code"]
        fields = ["code", "kind", "name", "description", "is_demo"]
        clean_model_instances = True
        skip_unchanged = True


class GroupMembershipResource(VietnameseColumnsMixin, resources.ModelResource):
    group = fields.Field(attribute="group", widget=CodeForeignKeyWidget(EmulationGroup, "code"))
    unit = fields.Field(attribute="unit", widget=CodeForeignKeyWidget(Unit, "code"))

    columns = {
        "group": ("Mã khối/cụm", "Mã khối", "Mã cụm", "Khối/Cụm"),
        "unit": ("Mã đơn vị",),
        "year": ("Năm",),
        "role": ("Vai trò", "Vị trí"),
    }
    required_columns = ("group", "unit", "year")
    choice_aliases = {
        "role": {
            "head": ("Trưởng khối", "Trưởng cụm", "Cụm trưởng", "Khối trưởng"),
            "deputy": ("Phó khối", "Phó cụm", "Cụm phó", "Khối phó"),
        }
    }

    class Meta:
        model = GroupMembership
        import_id_fields = ["unit", "year"]
        fields = ["group", "unit", "year", "role"]
        clean_model_instances = True
        skip_unchanged = True


class PersonResource(VietnameseColumnsMixin, resources.ModelResource):
    unit = fields.Field(attribute="unit", widget=CodeForeignKeyWidget(Unit, "code"))
    birth_date = YearOrDateField(attribute="birth_date", widget=DayMonthYearWidget())

    columns = {
        "id": ("ID", "Mã cán bộ"),
        "unit": ("Mã đơn vị",),
        "full_name": ("Họ và tên", "Họ tên", "Họ và tên cán bộ"),
        "gender": ("Giới tính", "Nam/Nữ"),
        "birth_date": ("Ngày sinh", "Năm sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh"),
        "position": ("Chức vụ", "Chức danh", "Chức vụ/Chức danh", "Chức vụ, chức danh"),
        "recruited_on": ("Ngày tuyển dụng", "Ngày vào cơ quan"),
        "is_unit_head": ("Thủ trưởng đơn vị", "Là thủ trưởng", "Thủ trưởng"),
        "email": ("Thư điện tử", "Email", "E-mail", "Thư điện tử (email)"),
        "is_active": ("Đang làm việc", "Đang công tác"),
    }
    required_columns = ("unit", "full_name")
    choice_aliases = {"gender": {"male": ("Nam", "M"), "female": ("Nữ", "F")}}

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

    def get_instance(self, instance_loader, row):
        """By ID when the row has one; otherwise the one person of the unit with that name
        (and, when given, that date or year of birth), so that a unit's list without IDs
        updates its staff instead of adding them twice."""
        id_column = self.fields["id"].column_name
        if row.get(id_column) not in (None, ""):
            return super().get_instance(instance_loader, row)
        try:
            unit = self.fields["unit"].clean(row)
        except ValueError:
            return None  # the row's own import reports the unknown unit
        name = fold(row.get(self.fields["full_name"].column_name))
        if unit is None or not name:
            return None
        candidates = [p for p in Person.objects.filter(unit=unit) if fold(p.full_name) == name]
        birth_column = self.fields["birth_date"].column_name
        if candidates and row.get(birth_column) not in (None, ""):
            try:
                born = read_day(row[birth_column])
            except ValueError:
                return None
            candidates = [p for p in candidates if born.matches(p.birth_date)]
        return candidates[0] if len(candidates) == 1 else None
