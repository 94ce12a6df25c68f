"""How the portal writes dates, one style per language (``FORMAT_MODULE_PATH``).

Testers saw "Dec. 1, 2026, 8:33 a.m." next to "1 December 2026" and "Déc"
on charts: Django's own English formats are American and its short French
ones abbreviate. The portal writes every date a person reads the same way,
day first, the month in full, the time on 24 hours:

- French: "1 décembre 2026", "1 décembre 2026 à 08:33";
- English: "1 December 2026", "1 December 2026, 08:33".

The short formats are the long ones: a table of orders reads like a letter.
Templates say ``|date`` or ``|date:"DATETIME_FORMAT"`` (a weekday in front
with ``|date:"l"``), Python says ``date_format(value)`` or
``date_format(value, "DATETIME_FORMAT")``; only machine dates (ISO in CSV
files, ``datetime`` attributes, form values) keep a written pattern.
Input formats are Django's own for each language.
"""
