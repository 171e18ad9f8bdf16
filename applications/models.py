"""Households and their applications (built by the applicant-side issue)."""
