from django.http import Http404

from .models import Unit
from .roles import actor_for


def unit_of_user(user) -> Unit:
    """The unit a unit head heads; 404 for anyone else."""
    actor = actor_for(user)
    if not actor.is_unit_head:
        raise Http404
    return Unit.objects.get(pk=actor.unit_id)
