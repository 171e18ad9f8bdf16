"""Feedback: an applicant (signed in or not) rates their experience from 1 to 5 and
may leave a comment, from the dashboard, the page after submitting, or the page the
footer links to. Anonymous unless they link it to their application.

- `forms`: the form, its rules and its one-time token
- `services`: storing it once, whatever the replays
- `views`: the applicant's page and the one address every form posts to
- `figures`: ratings per month, for staff (the reports' tables and charts)
- `admin`: the staff listing, its filters and the ratings page in the Wagtail admin
"""
