"""Fault injection on a production-like stack (issue 14): see test_faults.py."""
