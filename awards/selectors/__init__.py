"""The commendation's reads, one module per feature: proposals, the council, decisions (with the
award history)."""
