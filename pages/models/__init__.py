"""Wagtail page models: the documentation tree under ``HomePage``.

HomePage                       tree.py
└── DocumentationIndexPage     tree.py
    ├── TechnicalSheetPage     appliances.py (its leave-behind sheet too)
    ├── ManualPage             appliances.py
    ├── FaultCodeIndexPage     tree.py
    │   └── FaultCodePage      fault_codes.py
    └── ConsumablesTablePage   consumables.py (generated from ordering.Compatibility)
└── SafetyNoticeIndexPage      notices.py
    └── SafetyNoticePage       notices.py (sent to the units it targets)

What every page shares is in documentation.py; documents, subscriptions and
searches that found nothing and the pages where readers struggled
(demand.py) are plain models. Every model is importable
from ``pages.models``.
"""

from pages.models.appliances import AppliancePage, ManualPage, TechnicalSheetPage
from pages.models.consumables import ConsumablesTablePage
from pages.models.demand import ReaderStruggle
from pages.models.documentation import DocumentationPage
from pages.models.documents import TechnicalDocument
from pages.models.fault_codes import FaultCodePage
from pages.models.notices import SafetyNoticeIndexPage, SafetyNoticePage
from pages.models.search_misses import SearchMiss
from pages.models.subscriptions import DocumentationSubscription
from pages.models.tree import DocumentationIndexPage, FaultCodeIndexPage, HomePage

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
    "ReaderStruggle",
    "SafetyNoticeIndexPage",
    "SafetyNoticePage",
    "SearchMiss",
    "TechnicalDocument",
    "TechnicalSheetPage",
]
