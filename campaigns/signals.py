"""Signals of the campaigns app, for the apps above it on the ladder."""

from django.dispatch import Signal

# Sent once a campaign's launch is committed: ``sender`` is Campaign, ``campaign`` the launched
# campaign, ``actor`` who launched it. Registrations listens to notify the addressed units.
campaign_launched = Signal()
