"""Units, blocs and clusters, staff and the portal's accounts with their roles (UserRole)."""

from datetime import date

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory, Password

from units.models import (
    EmulationGroup,
    Gender,
    GroupKind,
    GroupMembership,
    Organisation,
    Person,
    PersonTitle,
    PersonYear,
    Rating,
    Role,
    Signer,
    SignerAuthority,
    SubUnit,
    SubUnitKind,
    Unit,
    UnitType,
    UserRole,
)

PASSWORD = "demo12345"
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
GIVEN_NAMES = ("Văn An", "Thị Bình", "Minh Châu", "Đức Dũng", "Thu Hà", "Quốc Hùng", "Thị Lan")


def _name(n: int) -> str:
    return f"{FAMILY_NAMES[n % len(FAMILY_NAMES)]} {GIVEN_NAMES[n % len(GIVEN_NAMES)]} {n}"


class UnitFactory(DjangoModelFactory):
    """A provincial Department of Natural Resources and Environment."""

    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"F{n:03d}")
    name = factory.LazyAttribute(lambda u: f"Sở Tài nguyên và Môi trường thử nghiệm {u.code}")
    short_name = factory.LazyAttribute(lambda u: f"Sở TN&MT {u.code}")
    province = factory.LazyAttribute(lambda u: f"Tỉnh {u.code}")
    head_title = "Giám đốc Sở"
    unit_type = UnitType.PROVINCIAL_DEPARTMENT
    email = factory.LazyAttribute(lambda u: f"{u.code.lower()}@example.gov.vn")


class MinistryUnitFactory(UnitFactory):
    name = factory.LazyAttribute(lambda u: f"Cục thử nghiệm {u.code}")
    short_name = ""
    province = ""
    head_title = "Cục trưởng"
    unit_type = UnitType.MINISTRY_UNIT


class DepartmentFactory(MinistryUnitFactory):
    """The Department of Emulation (Vụ Thi đua – Khen thưởng): there is one."""

    class Meta:
        django_get_or_create = ("is_emulation_department",)

    code = "VTDKT"
    name = "Vụ Thi đua, Khen thưởng và Tuyên truyền"
    head_title = "Vụ trưởng"
    is_emulation_department = True


class EmulationGroupFactory(DjangoModelFactory):
    class Meta:
        model = EmulationGroup
        django_get_or_create = ("code",)

    kind = GroupKind.CLUSTER
    code = factory.Sequence(lambda n: f"CUM-F{n}")
    name = factory.LazyAttribute(lambda g: f"Cụm thi đua thử nghiệm {g.code}")


class GroupMembershipFactory(DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(EmulationGroupFactory)
    unit = factory.SubFactory(UnitFactory)
    year = factory.LazyFunction(lambda: date.today().year)


class SubUnitFactory(DjangoModelFactory):
    """A collective inside a unit (a phòng)."""

    class Meta:
        model = SubUnit

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Phòng thử nghiệm {n}")
    kind = SubUnitKind.OFFICE
    position = factory.Sequence(lambda n: n + 1)


class PersonFactory(DjangoModelFactory):
    """A member of staff recruited long before the campaign (eligible for the titles)."""

    class Meta:
        model = Person

    unit = factory.SubFactory(UnitFactory)
    full_name = factory.Sequence(_name)
    gender = factory.Iterator([Gender.MALE, Gender.FEMALE])
    birth_date = date(1980, 5, 17)
    position = "Chuyên viên"
    recruited_on = date(2010, 1, 1)


class PersonYearFactory(DjangoModelFactory):
    class Meta:
        model = PersonYear

    person = factory.SubFactory(PersonFactory)
    year = 2020
    rating = Rating.EXCELLENT


class PersonTitleFactory(DjangoModelFactory):
    """A title the person holds, with its decision (e.g. ``title=criteria.title("CSTDCS")``)."""

    class Meta:
        model = PersonTitle

    person = factory.SubFactory(PersonFactory)
    title = factory.LazyFunction(lambda: _title("LDTT"))
    year = 2020
    decision_number = factory.Sequence(lambda n: f"{n + 10}/QĐ-F")
    decision_date = factory.LazyAttribute(lambda t: date(t.year, 12, 20))
    decided_by = "Giám đốc Sở"


def _title(code):
    from .criteria import title

    return title(code)


class UserFactory(DjangoModelFactory):
    """An account without a portal role (see the role factories below)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: GIVEN_NAMES[n % len(GIVEN_NAMES)].split()[-1])
    last_name = factory.Sequence(lambda n: FAMILY_NAMES[n % len(FAMILY_NAMES)])
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = Password(PASSWORD)


class UserRoleFactory(DjangoModelFactory):
    class Meta:
        model = UserRole

    user = factory.SubFactory(UserFactory)
    role = Role.REVIEWER
    unit = None


class UnitHeadFactory(UserFactory):
    """The head of ``unit`` (a unit of its own if none is given)."""

    class Params:
        unit = factory.SubFactory(UnitFactory)

    username = factory.Sequence(lambda n: f"head{n}")
    portal_role = factory.RelatedFactory(
        UserRoleFactory,
        factory_related_name="user",
        role=Role.UNIT_HEAD,
        unit=factory.SelfAttribute("..unit"),
    )


class ReviewerFactory(UserFactory):
    """A specialist of the Department of Emulation."""

    username = factory.Sequence(lambda n: f"reviewer{n}")
    portal_role = factory.RelatedFactory(
        UserRoleFactory,
        factory_related_name="user",
        role=Role.REVIEWER,
        unit=factory.LazyFunction(DepartmentFactory),
    )


class MinisterFactory(UserFactory):
    username = factory.Sequence(lambda n: f"minister{n}")
    portal_role = factory.RelatedFactory(
        UserRoleFactory, factory_related_name="user", role=Role.MINISTER
    )


class AdministratorFactory(UserFactory):
    """The portal's administrator: a superuser with the administrator's role."""

    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True
    portal_role = factory.RelatedFactory(
        UserRoleFactory, factory_related_name="user", role=Role.ADMINISTRATOR
    )


class OrganisationFactory(DjangoModelFactory):
    """The one organisation the portal serves (the row a migration creates, which a flush of
    the test database removes)."""

    class Meta:
        model = Organisation
        django_get_or_create = ("id",)
        skip_postgeneration_save = True  # the signers point at it; nothing of its own changes

    id = 1
    name = "Bộ Tài nguyên và Môi trường"
    abbreviation = "BTNMT"
    head_title = "Bộ trưởng"
    department_name = "Vụ Thi đua, Khen thưởng và Tuyên truyền"
    department_code = "TĐKT&TT"
    place = "Hà Nội"
    addressees = factory.LazyFunction(lambda: ["Thủ trưởng các đơn vị trực thuộc Bộ"])
    distribution_list = factory.LazyFunction(lambda: ["Như trên", "Lưu: VT, TĐKT&TT"])
    signer = factory.RelatedFactory(
        "tests.factories.units.SignerFactory", factory_related_name="organisation"
    )
    signer_by_order = factory.RelatedFactory(
        "tests.factories.units.SignerFactory",
        factory_related_name="organisation",
        position=2,
        title="Vụ trưởng Vụ Thi đua, Khen thưởng và Tuyên truyền",
        name="Nguyễn Văn Vụ",
        authority=SignerAuthority.BY_ORDER,
    )


class SignerFactory(DjangoModelFactory):
    class Meta:
        model = Signer

    position = 1
    title = "Bộ trưởng"
    name = "Trần Hồng Hà"
    authority = SignerAuthority.OWN
