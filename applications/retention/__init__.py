"""Retention: applicants' files and personal data deleted when the site settings say
their time is up, and an applicant's own account deletion.

- `due`: what is past its time today (read only; the dry run lists it);
- `erase`: deleting it, one household at a time, and recording a `Purge`.
"""
