"""/api/v1/employees: the employee register and skills profiles (HR)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from talentpool.api.auth import api_user
from talentpool.api.blueprint import ID, ApiBlueprint, page_of
from talentpool.api.schemas import (
    EmployeeChangeSchema,
    EmployeeCreateSchema,
    EmployeeListArgsSchema,
    EmployeePageSchema,
    EmployeeSchema,
    SkillsProfileChangeSchema,
    SkillsProfileSchema,
)
from talentpool.extensions import db
from talentpool.models import Employee, Role
from talentpool.services import people
from talentpool.services.people import EMPLOYEE_FIELDS

blp = ApiBlueprint(
    "api_employees", __name__, url_prefix="/api/v1/employees", description="The employee register and skills."
)


@blp.route("")
class Employees(MethodView):
    @blp.requires(Role.HR)
    @blp.arguments(EmployeeListArgsSchema, location="query")
    @blp.response(200, EmployeePageSchema)
    def get(self, args: dict[str, Any]):
        """List employees by name, filtered by a search and a department."""
        return page_of(people.employees_query(args.get("q", ""), args.get("department_id")), args)

    @blp.requires(Role.HR)
    @blp.arguments(EmployeeCreateSchema)
    @blp.response(201, EmployeeSchema)
    @blp.problems(422)
    def post(self, fields: dict[str, Any]):
        """Add a person to the register (not yet to the pool), with their skills."""
        skills = [(skill["name"], skill["level"]) for skill in fields.pop("skills")]
        return people.create_employee(db.session, api_user(), **fields, skills=skills)


@blp.route(f"/<{ID}:employee_id>")
class EmployeeResource(MethodView):
    @blp.requires(Role.HR)
    @blp.response(200, EmployeeSchema)
    @blp.problems(404)
    def get(self, employee_id: int):
        """One employee, with the version to send back with a change."""
        return people.get_employee(db.session, employee_id)

    @blp.requires(Role.HR)
    @blp.arguments(EmployeeChangeSchema)
    @blp.response(200, EmployeeSchema)
    @blp.problems(404, 409, 422)
    def patch(self, changes: dict[str, Any], employee_id: int):
        """Correct the register entry.

        The fields sent change, the others stay. Refused with 409 if the employee changed since the
        version sent."""
        employee = people.get_employee(db.session, employee_id)
        current = {name: getattr(employee, name) for name in EMPLOYEE_FIELDS}
        expected_version = changes.pop("version")
        return people.update_employee(
            db.session, api_user(), employee.id, **(current | changes), expected_version=expected_version
        )


@blp.route(f"/<{ID}:employee_id>/skills")
class SkillsProfile(MethodView):
    @blp.requires(Role.HR)
    @blp.response(200, SkillsProfileSchema)
    @blp.problems(404)
    def get(self, employee_id: int):
        """The person's summary and skills, with levels from 1 to 5."""
        return people.get_employee(db.session, employee_id)

    @blp.requires(Role.HR)
    @blp.arguments(SkillsProfileChangeSchema)
    @blp.response(200, SkillsProfileSchema)
    @blp.problems(404, 409, 422)
    def put(self, profile: dict[str, Any], employee_id: int) -> Employee:
        """Replace the summary and skills.

        Refused with 409 if the profile changed since the version sent."""
        return people.update_skills_profile(
            db.session,
            api_user(),
            employee_id,
            summary=profile["summary"],
            skills=[(skill["name"], skill["level"]) for skill in profile["skills"]],
            expected_version=profile["version"],
        )
