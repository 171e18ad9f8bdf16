"""Applicant-facing views: screener, wizard, dashboard, documents and accounts."""
