from .roles import actor_for


def portal_role(request):
    return {"actor": actor_for(request.user)}
