"""Writes of the after-sales records."""
