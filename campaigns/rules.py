import rules

from units.rules import is_reader

rules.add_perm("campaigns.view_overview", is_reader)
