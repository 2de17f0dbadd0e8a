"""The OpenAPI document against the real API.

schemathesis reads /api/v1/openapi.json, generates requests from it (valid ones, and invalid ones for
the checks that need them) and sends them through WSGI to an app on a database with a few records,
with a token of the scope each operation serves. Every response is checked against the document:
status code, content type, headers and body; no server error; invalid input refused; no access
without the token; an unsupported method answered 405 with Allow.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from talentpool import create_app
from talentpool.models import Role
from tests import factories

# The document is generated from the code, so any app serves it; the requests go to the test's app.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "spec"}),
    config=schemathesis.config.SchemathesisConfig.from_dict(
        {
            # Input the document allows can still break a business rule (an unknown department, a
            # deadline before the entry date): the services refuse it with 422.
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}},
        }
    ),
)


@pytest.fixture
def tokens(app):
    """Authorization headers by scope, and a few records for the generated ids to find."""
    with app.app_context():
        hr, manager = factories.user(Role.HR), factories.user(Role.MANAGER)
        opening = factories.opening(manager=manager, required={"Customer service": 3})
        for name in ("Ann Lee", "Bo Chen"):
            person = factories.employee(name, skills={"Customer service": 4})
            factories.pool_case(person, owner=hr, entered_on=date.today() - timedelta(days=5))
        factories.reassign(hr, factories.pool_case(owner=hr), opening, confirm=False)
        return {
            Role.HR.value: {"Authorization": f"Bearer {factories.api_token(hr)}"},
            Role.MANAGER.value: {"Authorization": f"Bearer {factories.api_token(manager, Role.MANAGER)}"},
        }


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,  # the same requests on every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_answers_as_its_document_says(case, app, tokens):
    scope = case.operation.definition.raw["x-token-scopes"][0]
    case.call_and_validate(app=app, headers=tokens[scope])
