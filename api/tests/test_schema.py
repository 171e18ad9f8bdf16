"""The OpenAPI description at /api/v1/schema/: served without a key (it holds no
personal data), naming the partner endpoints, their Bearer keys and filter, and
none of the admin's own API."""

import pytest

pytestmark = pytest.mark.django_db

SCHEMA = "/api/v1/schema/"


@pytest.fixture
def schema(client):
    response = client.get(
        SCHEMA, headers={"Accept": "application/vnd.oai.openapi+json"}
    )
    assert response.status_code == 200
    return response.json()


def test_the_schema_names_the_endpoints_and_only_those(schema):
    assert sorted(schema["paths"]) == ["/api/v1/enrollments/", "/api/v1/program/"]


def test_the_schema_describes_bearer_keys_on_every_endpoint(schema):
    assert schema["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "gyp_<prefix>_<secret>",
        "description": schema["components"]["securitySchemes"]["apiKey"]["description"],
    }
    for path in schema["paths"].values():
        assert path["get"]["security"] == [{"apiKey": []}]
        assert "401" in path["get"]["responses"]


def test_the_schema_describes_updated_since_and_the_cursor(schema):
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/enrollments/"]["get"]["parameters"]
    }
    assert parameters["updated_since"]["schema"] == {
        "type": "string",
        "format": "date-time",
    }
    assert {"cursor", "page_size"} <= set(parameters)


def test_the_schema_is_served_as_yaml_by_default_and_without_a_session(client):
    response = client.get(SCHEMA)
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.0.3")
    assert not response.cookies
