"""Renewals: expiry dates and the renewal window (`dates`, read by everyone) and the
daily job that reminds and expires (`daily`). Starting a renewal and what verifying
one does are transitions in `applications.state_machine`."""
