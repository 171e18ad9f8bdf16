"""Twilio's webhooks, under /sms/twilio/, outside the language prefixes: one address
each, set once in Twilio's console."""

from django.urls import path

from . import webhooks

app_name = "sms"

urlpatterns = [
    path("incoming/", webhooks.incoming, name="incoming"),
    path("status/<uuid:marker>/", webhooks.status, name="status"),
]
