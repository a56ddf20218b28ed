"""Packages: the quality units' catalogue of meeting kits, their versions and materials."""
