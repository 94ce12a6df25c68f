"""Every page of the ordering rooms, each room listing its own."""

from ordering.invoicing import urls as invoicing
from ordering.orders import urls as orders
from ordering.payments import urls as payments
from ordering.shipping import urls as shipping

urlpatterns = (
    orders.urlpatterns
    + invoicing.urlpatterns
    + payments.urlpatterns
    + shipping.urlpatterns
)
