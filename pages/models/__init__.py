"""Wagtail page models: the documentation tree under ``HomePage``.

HomePage                       tree.py
└── DocumentationIndexPage     tree.py
    ├── TechnicalSheetPage     appliances.py (its leave-behind sheet too)
    ├── ManualPage             appliances.py
    ├── FaultCodeIndexPage     tree.py
    │   └── FaultCodePage      fault_codes.py
    └── ConsumablesTablePage   consumables.py (generated from ordering.Compatibility)

What every page shares is in documentation.py; documents and subscriptions
are plain models. Every model is importable from ``pages.models``.
"""

from .appliances import AppliancePage, ManualPage, TechnicalSheetPage
from .consumables import ConsumablesTablePage
from .documentation import DocumentationPage
from .documents import TechnicalDocument
from .fault_codes import FaultCodePage
from .subscriptions import DocumentationSubscription
from .tree import DocumentationIndexPage, FaultCodeIndexPage, HomePage

__all__ = [
    "AppliancePage",
    "ConsumablesTablePage",
    "DocumentationIndexPage",
    "DocumentationPage",
    "DocumentationSubscription",
    "FaultCodeIndexPage",
    "FaultCodePage",
    "HomePage",
    "ManualPage",
    "TechnicalDocument",
    "TechnicalSheetPage",
]
