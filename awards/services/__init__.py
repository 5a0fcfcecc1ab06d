"""The commendation's writes, one module per feature: proposals, the council, decisions."""
