"""What a household submitted and its review: households, the wizard, documents,
the dashboard, caseworker admin and notifications."""
