"""Writes of the after-sales room."""
