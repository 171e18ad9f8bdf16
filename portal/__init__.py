"""Get-Your Portal project package: URLs, WSGI/ASGI, accounts and project-wide glue."""
