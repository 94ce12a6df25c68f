"""Safety notices on the installed units (issue 18, item 4).

An editor writes a ``pages.SafetyNoticePage``; publishing it (through the
review workflow) sends it here through Wagtail's ``page_published``
(``accounts.aftersales.signals``; the e-mails and the daily reminders are
``accounts.aftersales.tasks``):

- ``targeting``: the units a notice concerns, exactly;
- ``services``: the rows (``UnitNotice``) written once per unit, the e-mails to
  installers and consenting customers, read / done, the reminders;
- ``selectors``: what each person may see, the home banners, the managers'
  follow-up;
- ``views``, ``forms``, ``urls``: the installer's and the customer's notice
  page, the managers' follow-up.
"""
