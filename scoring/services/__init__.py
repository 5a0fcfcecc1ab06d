"""Writes of the blocs' and clusters' scoring (DOMAIN.md §4.3-4.4), one module per feature:
``tables`` (a table, its items and versions), ``scores`` (a unit's self-score, its check and
corrections) and ``acclamation`` (the leader, which publishes the results).

A group's table for a year goes draft -> open -> published. Its items change only while it is a
draft, or open before any unit has started scoring; after that a change is a new version (a
draft copy), and opening it supersedes the old one and carries the units' points over for the
items that kept their kind and maximum (the units then send again). Members score themselves
while the table is open; the group's head checks the other members' scores (adjustments carry
a reason), the Department checks the head's own. Recording the acclamation of the leader
publishes the table; from then on nothing is edited: a correction is a new recorded act.

Every service locks the table's row first, so acts on one table never interleave, re-checks
the actor's permission (views check first) and writes history rows with who and when.
"""
