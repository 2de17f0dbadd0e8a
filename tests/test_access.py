"""Who may open what: every route of every audience's blueprint, against every role and anonymous.

Routes are read from the app's URL map, so a new route that forgets its protection fails here.
"""

import pytest

from talentpool import create_app
from talentpool.models import Role

BLUEPRINT_ROLES = {"hr": Role.HR, "manager": Role.MANAGER, "employee": Role.EMPLOYEE}


def _routes():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    routes = []
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0]
        if blueprint not in BLUEPRINT_ROLES:
            continue
        path = rule.rule
        for argument in rule.arguments:
            converter = rule._converters[argument].__class__.__name__
            path = path.replace(f"<int:{argument}>", "999999").replace(f"<{argument}>", "reassigned")
            assert converter in {"IntegerConverter", "UnicodeConverter"}
        method = "GET" if "GET" in rule.methods else "POST"
        routes.append(pytest.param(blueprint, method, path, id=f"{method} {path}"))
    return routes


ROUTES = _routes()


def test_every_audience_has_routes():
    assert {param.values[0] for param in ROUTES} == set(BLUEPRINT_ROLES)


@pytest.mark.parametrize(("blueprint", "method", "path"), ROUTES)
def test_anonymous_is_sent_to_login(client, blueprint, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(("blueprint", "method", "path"), ROUTES)
@pytest.mark.parametrize("role", list(Role))
def test_each_role_enters_only_its_own_blueprint(client, auth, role, blueprint, method, path):
    auth.login(role)
    response = client.open(path, method=method)
    if BLUEPRINT_ROLES[blueprint] == role:
        assert response.status_code != 403
    else:
        assert response.status_code == 403
        assert "does not have access" in response.get_data(as_text=True)


def test_a_person_with_several_roles_enters_each_of_their_blueprints(client, auth):
    auth.login(Role.HR, Role.MANAGER)
    assert client.get("/hr/pool").status_code == 200
    assert client.get("/manager/openings").status_code == 200
    assert client.get("/me/").status_code == 403


def test_error_pages_answer_json_to_api_clients(client, auth):
    auth.login(Role.EMPLOYEE)
    response = client.get("/hr/pool", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.get_json()["status"] == 403
