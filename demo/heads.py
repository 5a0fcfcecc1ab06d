"""The head's account of each demo unit that sends something: the demo's history is made by
those who may act (the administrator acts for no one), so every unit that sent its
registration or proposal has one, named ``head_<code>``. It cannot sign in (no password):
the demo's own accounts are those of ``demo.loader.ACCOUNTS``."""

from django.contrib.auth import get_user_model

from units.models import Role, Unit, UserRole

PREFIX = "head_"


def unit_head_account(unit: Unit):
    """The unit's head: its first unit-head account, else a new ``head_<code>`` one named as
    the head among its staff."""
    role = (
        UserRole.objects.filter(role=Role.UNIT_HEAD, unit=unit)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    if role is not None:
        return role.user
    head = unit.staff.filter(is_unit_head=True).first()
    last, _, first = (head.full_name if head else "").rpartition(" ")
    username = f"{PREFIX}{unit.code.lower()}"
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.gov.vn"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    UserRole.objects.get_or_create(user=user, defaults={"role": Role.UNIT_HEAD, "unit": unit})
    return user
