"""The applicant's dashboard: what it shows (selectors), one-click apply, answering a
staff request, renewals and account settings."""
