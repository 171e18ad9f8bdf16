"""The database cache's table comes with the migrations, and the cache works on it."""

import importlib

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings

pytestmark = pytest.mark.django_db

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache_test",
    }
}


def test_the_migration_makes_the_cache_table_and_the_cache_uses_it():
    migration = importlib.import_module("portal.migrations.0004_shared_cache_table")
    with override_settings(CACHES=DATABASE_CACHE):
        migration.create_cache_table(None, connection.schema_editor())
        assert "portal_cache_test" in connection.introspection.table_names()
        cache = caches["default"]
        cache.set("greeting", "hola", 60)
        assert cache.get("greeting") == "hola"
