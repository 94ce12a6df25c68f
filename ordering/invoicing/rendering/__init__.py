"""The pieces an invoice or a credit note is rendered from: the legal
mentions (``mentions``), the Cross Industry Invoice XML (``cii``) and the
printable PDF (``pdf``). ``ordering.invoicing.facturx`` puts them together."""
