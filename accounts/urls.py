"""The accounts apps' pages under one include, so ``portal/urls.py`` keeps one line.

Their URL names are global, as before the split (``{% url 'team' slug %}``):
there is no ``accounts:`` namespace, so none is added here.
"""

from accounts.aftersales.urls import urlpatterns as aftersales_urlpatterns
from accounts.callbacks.urls import urlpatterns as callbacks_urlpatterns
from accounts.customer_space.urls import urlpatterns as customer_space_urlpatterns
from accounts.customers.urls import urlpatterns as customers_urlpatterns
from accounts.network.urls import urlpatterns as network_urlpatterns

urlpatterns = (
    network_urlpatterns
    + customers_urlpatterns
    + callbacks_urlpatterns
    + aftersales_urlpatterns
    + customer_space_urlpatterns
    + aftersales_urlpatterns
)
