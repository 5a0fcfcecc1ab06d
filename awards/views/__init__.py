"""Commendation after the year: the units' proposals, the council's sessions, the Minister's
decisions and the award history. Thin views: scoped selectors load, services write; anyone
without the permission gets a 404 (a reader who may only look gets a 403 on writes)."""
