"""What the ordering rooms' Wagtail admin screens share."""

from ordering.errors import OrderingError


class ServiceErrorMixin:
    """Turn a service's refusal into a form error instead of a crash."""

    error_field: str | None = None

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except OrderingError as error:
            form.add_error(self.error_field, str(error))
            self.produced_error_message = str(error)
            return self.form_invalid(form)
