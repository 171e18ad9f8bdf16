"""/api/v1/: the partner API (outside the language prefixes: one address each)."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("v1/enrollments/", views.EnrollmentListView.as_view(), name="enrollments"),
    path("v1/program/", views.ProgramView.as_view(), name="program"),
    path("v1/schema/", views.SchemaView.as_view(), name="schema"),
]
