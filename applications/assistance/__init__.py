"""Applying with help: partner organizations' assisters (and verification staff at a
desk) create client households, fill the same wizard with the resident, and hand the
account over later by an invitation link."""
