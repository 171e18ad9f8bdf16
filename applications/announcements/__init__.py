"""Announcements: staff write one message, in English and Spanish, to a program's
households (those that applied or are enrolled, or those that qualify now and have
not applied), preview it and send it through the outbox.

- `recipients`: who the audience is, and how each household is reached (the outbox's
  channels, never a printed letter; its language), counted for the preview
- `daily_limit`: how many announcement messages each day still allows
- `rendering`: what a recipient reads, rendered by the outbox's own templates
- `sending`: sending once, in the background, within the day's limit
- `forms`, `views`: the staff pages in the Wagtail admin
"""
