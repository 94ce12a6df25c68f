from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dashboards.periods import MAX_PERIOD_DAYS, Period, month_to_date

ISO_DATE = "%Y-%m-%d"


class PeriodForm(forms.Form):
    """The date-range filter: from and to, both included.

    A date left out defaults (start: the first of the end's month; end:
    today); a bad date, an end before the start or a range longer than three
    years is an error, and the dashboard shows the default period instead.
    """

    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        end = data.get("end") or self.today
        start = data.get("start") or end.replace(day=1)
        if start > end:
            raise forms.ValidationError(
                _("The start date is after the end date."), code="reversed"
            )
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise forms.ValidationError(
                _("Choose a period of three years at most."), code="too_long"
            )
        data["period"] = Period(start=start, end=end)
        return data

    @property
    def period(self) -> Period:
        """The period asked for, or the current month so far."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period"]
        return month_to_date(today=self.today)

    @property
    def error_messages(self) -> list[str]:
        """What was wrong, one message per problem, for the page."""
        messages = list(self.non_field_errors())
        for name in ("start", "end"):
            for error in self.errors.get(name, []):
                messages.append(
                    _("%(label)s: %(value)s")
                    % {"label": self.fields[name].label, "value": error}
                )
        return messages
