"""Indicators and data views: sets of indicators with values per clinic and period, uploaded by
the quality units, and each cluster's view of them under its decisions on open or closed data."""
