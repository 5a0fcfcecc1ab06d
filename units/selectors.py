from asgiref.local import Local
from django.core.cache import cache
from django.db import DatabaseError
from django.http import Http404

from .models import Organisation, Signer, SignerAuthority, SignerBody, Unit
from .roles import actor_for

# Within one request the organisation is read once; outside a request (a Celery worker, a
# command) every call reads it, so an administrator's edit shows in the next document.
_per_request = Local()


def organisation_cache_start(**kwargs) -> None:
    _per_request.active = True
    _per_request.organisation = None


def organisation_cache_clear(**kwargs) -> None:
    _per_request.active = False
    _per_request.organisation = None


BRAND_CACHE_KEY = "units:organisation-brand"


def organisation_forget(**kwargs) -> None:
    """After a save of the organisation or a signer: the next read sees it."""
    _per_request.organisation = None
    cache.delete(BRAND_CACHE_KEY)


def organisation_brand() -> dict[str, str]:
    """The organisation's names that every page and e-mail carries in its header and footer
    (``name``, ``department_name``), cached across requests and forgotten on every save. A
    page drawn while the database is unreachable (the 500 page) gets blanks, not an error."""
    brand = cache.get(BRAND_CACHE_KEY)
    if brand is None:
        try:
            org = Organisation.objects.get()
        except (Organisation.DoesNotExist, DatabaseError):
            return {"name": "", "department_name": ""}
        brand = {"name": org.name, "department_name": org.department_name}
        cache.set(BRAND_CACHE_KEY, brand, 3600)
    return brand


def organisation() -> Organisation:
    """The organisation the portal serves (one query, once per request)."""
    if not getattr(_per_request, "active", False):
        return Organisation.objects.get()
    if _per_request.organisation is None:
        _per_request.organisation = Organisation.objects.get()
    return _per_request.organisation


def _first_signer(
    org: Organisation, authorities, body: str = SignerBody.ORGANISATION
) -> Signer | None:
    """The first active signer for ``body`` of the first of ``authorities`` that has one (one
    query)."""
    signers = list(org.active_signers().filter(authority__in=authorities, body=body))
    for authority in authorities:
        for signer in signers:
            if signer.authority == authority:
                signer.organisation = org
                return signer
    return None


def letter_signer(org: Organisation) -> Signer | None:
    """Who signs a new letter: the first active signer in their own right, else "KT."."""
    return _first_signer(org, [SignerAuthority.OWN, SignerAuthority.ON_BEHALF])


def department_report_signer(org: Organisation) -> Signer | None:
    """Who signs the department's own report to the head: the department's head in their own
    right (VỤ TRƯỞNG), else a deputy (KT. VỤ TRƯỞNG)."""
    return _first_signer(
        org, [SignerAuthority.OWN, SignerAuthority.ON_BEHALF], body=SignerBody.DEPARTMENT
    )


def organisation_report_signer(org: Organisation) -> Signer | None:
    """Who signs the organisation's report to the State's bodies: a deputy on the head's
    behalf (KT. BỘ TRƯỞNG), else the head."""
    return _first_signer(org, [SignerAuthority.ON_BEHALF, SignerAuthority.OWN])


def unit_of_user(user) -> Unit:
    """The unit a unit head heads; 404 for anyone else."""
    actor = actor_for(user)
    if not actor.is_unit_head:
        raise Http404
    return Unit.objects.get(pk=actor.unit_id)
