"""The partner API: program vendors' systems read their program's verified
enrollments with a key an administrator issued (keys, their use, the endpoints)."""
