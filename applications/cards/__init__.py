"""Verification cards: proof an applicant can show (on a phone, printed, as a PDF)
that they are enrolled, with a signed code anyone can check on the portal."""
