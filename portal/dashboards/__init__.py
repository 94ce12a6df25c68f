"""Dashboards for resellers and managers: figures that span the apps."""
