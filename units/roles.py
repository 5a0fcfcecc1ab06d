"""Who a user is in the portal: the one place that reads a user's role."""

from dataclasses import dataclass

from .models import Role


@dataclass(frozen=True)
class Actor:
    role: str | None
    unit_id: int | None

    @property
    def is_unit_head(self):
        return self.role == Role.UNIT_HEAD

    @property
    def is_reviewer(self):
        return self.role == Role.REVIEWER

    @property
    def is_minister(self):
        return self.role == Role.MINISTER

    @property
    def is_administrator(self):
        return self.role == Role.ADMINISTRATOR

    def heads(self, unit_id) -> bool:
        """The user heads this very unit."""
        return self.is_unit_head and self.unit_id == unit_id

    @property
    def is_reader(self):
        """Sees every unit's data: the Department, the Minister and administrators."""
        return self.is_reviewer or self.is_minister or self.is_administrator


def actor_for(user) -> Actor:
    """The user's role, cached on the user object for the request. Only a portal role counts:
    a superuser without one has none here (it administers the admin site, not the workflow)."""
    if not getattr(user, "is_authenticated", False):
        return Actor(None, None)
    cached = getattr(user, "_portal_actor", None)
    if cached is not None:
        return cached
    try:
        role = user.portal_role
        actor = Actor(role.role, role.unit_id)
    except user._meta.model.portal_role.RelatedObjectDoesNotExist:
        actor = Actor(None, None)
    user._portal_actor = actor
    return actor


def display_name(user) -> str:
    """A user's name in the Vietnamese order (family name first), else the username."""
    if user is None:
        return ""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()
