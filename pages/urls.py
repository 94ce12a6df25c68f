from django.urls import path

from . import views

urlpatterns = [
    path("reseller/documentation/", views.documentation, name="documentation"),
]
