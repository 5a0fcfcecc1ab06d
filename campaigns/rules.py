import rules

from units.rules import is_department, is_reader

rules.add_perm("campaigns.view_overview", is_reader)
rules.add_perm("campaigns.change_key_dates", is_department)
