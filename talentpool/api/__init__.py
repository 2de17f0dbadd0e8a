"""The REST API under /api/v1 for an HRIS or other integration, with its OpenAPI document at
/api/v1/openapi.json. It calls the same services as the web app, as the user of the bearer token."""

from __future__ import annotations

from flask import Flask


def register_api(app: Flask) -> None:
    """Register the API's resources and the route serving its OpenAPI document."""
    from talentpool.api import cases, employees, openings
    from talentpool.api.spec import TalentpoolApi

    api = TalentpoolApi(app)
    for resource in (employees, cases, openings):
        api.register_blueprint(resource.blp)
