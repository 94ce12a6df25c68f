"""What the portal answers the services that call it (Stripe, carriers)."""

from django.http import JsonResponse


def webhook_error(message: str, status: int) -> JsonResponse:
    """A refusal the calling service logs: its message, with the status."""
    return JsonResponse({"error": message}, status=status)
