"""Forms HR staff fill in: pool cases, outcomes, employees, users and departments."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from talentpool.forms_common import EditVersionMixin, coerce_enum, enum_choices, hours_field, pay_grade_field

from talentpool.models import OutcomeKind, Role, StatutoryPriority

STATUS_CHOICES = [
    SelectChoice("open", "In pool"),
    SelectChoice("trial", "On trial"),
    SelectChoice("overdue", "Overdue"),
    SelectChoice("closed", "Closed (any outcome)"),
    *[SelectChoice(kind.value, kind.label) for kind in OutcomeKind],
    SelectChoice("all", "All cases"),
]
SORT_CHOICES = [
    SelectChoice("days_left", "Days left"),
    SelectChoice("name", "Name"),
    SelectChoice("entered", "Most recently entered"),
]


def _coerce_optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class PoolFilterForm(FlaskForm):
    """The pool list's filters; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField("Name or employee number", validators=[Optional(), Length(max=100)])
    status = SelectField("Status", choices=STATUS_CHOICES, default="open")
    department = SelectField("Department", coerce=_coerce_optional_int, validators=[Optional()])
    days_left = IntegerField(
        "At most days left", validators=[Optional(), NumberRange(-3650, 3650, "Enter a number of days.")]
    )
    sort = SelectField("Sort by", choices=SORT_CHOICES, default="days_left")


class ConfirmedForm(FlaskForm):
    """A form submitted twice: first to review what will happen, then with `confirmed` set."""

    confirmed = HiddenField(default="")

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed.data == "yes"


class NewCaseForm(FlaskForm):
    employee_number = StringField(
        "Employee number", validators=[DataRequired("Enter the employee number."), Length(max=40)]
    )
    eliminated_title = StringField(
        "Eliminated role (title)", validators=[DataRequired("Enter the title of the eliminated role."), Length(max=200)]
    )
    eliminated_department_id = SelectField(
        "Department of the eliminated role", coerce=int, validators=[InputRequired("Choose a department.")]
    )
    reason = TextAreaField(
        "Reason", validators=[DataRequired("Say why the role was eliminated."), Length(max=2000)]
    )
    entered_on = DateField("Date entered the pool", validators=[InputRequired("Enter a valid date.")])
    deadline = DateField("Pool deadline", validators=[Optional()])
    hr_owner_id = SelectField("HR owner of the case", coerce=int, validators=[InputRequired("Choose an HR owner.")])


class CaseDetailsForm(FlaskForm):
    deadline = DateField("Pool deadline", validators=[InputRequired("Enter a valid date.")])
    hr_owner_id = SelectField("HR owner of the case", coerce=int, validators=[InputRequired("Choose an HR owner.")])
    hr_notes = TextAreaField("HR notes (visible to HR only)", validators=[Optional(), Length(max=5000)])
    priority = SelectField(
        "Statutory priority",
        choices=enum_choices(StatutoryPriority, "None"),
        coerce=coerce_enum(StatutoryPriority),
        validate_choice=False,  # anything but a listed priority reads as none (coerce_enum)
    )
    priority_note = TextAreaField(
        "Why the priority applies (required with a priority)",
        validators=[Length(max=2000, message="Keep the note under 2000 characters.")],
    )

    def validate_priority_note(self, field: TextAreaField) -> None:
        if self.priority.data is not None and not (field.data or "").strip():
            raise ValidationError("Say why the statutory priority applies, e.g. the leave and its dates.")


class ReassignmentForm(ConfirmedForm):
    """A reassignment starts a trial: its end is the standard period unless a longer one was agreed."""

    opening_id = SelectField("Opening", coerce=int, validators=[InputRequired("Choose an opening.")])
    effective_on = DateField("Start date in the new role (first day of the trial)", validators=[InputRequired("Enter a valid date.")])
    trial_ends_on = DateField("Trial ends on", validators=[Optional()])
    extension_agreement = TextAreaField(
        "Agreement to a longer trial", validators=[Optional(), Length(max=2000)]
    )
    extension_agreed_on = DateField("Date the longer trial was agreed", validators=[Optional()])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=2000)])


class ConfirmTrialForm(FlaskForm):
    decided_on = DateField("Date of the decision", validators=[InputRequired("Enter a valid date.")])
    notes = TextAreaField("Notes (how the trial went)", validators=[Optional(), Length(max=2000)])


class FailTrialForm(FlaskForm):
    decided_on = DateField("Last day of the trial", validators=[InputRequired("Enter a valid date.")])
    reason = TextAreaField(
        "Why did the trial fail?",
        validators=[DataRequired("Write why the trial failed."), Length(max=2000)],
    )


class ExitPackageForm(ConfirmedForm):
    weeks_of_pay = DecimalField(
        "Weeks of pay",
        places=1,
        validators=[
            InputRequired("Enter the weeks of pay agreed."),
            NumberRange(0, 260, "Weeks of pay must be between 0 and 260."),
        ],
    )
    last_working_day = DateField("Last working day", validators=[InputRequired("Enter a valid date.")])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=2000)])


class ResignationForm(ConfirmedForm):
    resignation_date = DateField("Resignation date", validators=[InputRequired("Enter a valid date.")])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=2000)])


class ReopenForm(FlaskForm):
    reason = TextAreaField(
        "Why is the case reopened?",
        validators=[DataRequired("Write why the case is reopened."), Length(max=2000)],
    )


def parse_skill_lines(text: str) -> list[tuple[str, int]]:
    """Read skills written one per line as `name` or `name: level` (level 1-5, default 3)."""
    skills = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, _, level = line.rpartition(":") if ":" in line else (line, "", "3")
        level = level.strip() or "3"
        if not level.isdigit() or not 1 <= int(level) <= 5:
            raise ValidationError(f"Line {number}: the level after ':' must be a whole number from 1 to 5.")
        skills.append((name.strip(), int(level)))
    return skills


class EmployeeForm(FlaskForm):
    employee_number = StringField("Employee number", validators=[DataRequired("Enter the employee number."), Length(max=40)])
    full_name = StringField("Full name", validators=[DataRequired("Enter the person's name."), Length(max=200)])
    email = EmailField("Work email", validators=[Optional(), Email("Enter a valid email address."), Length(max=254)])
    title = StringField("Job title", validators=[DataRequired("Enter the job title."), Length(max=200)])
    department_id = SelectField("Department", coerce=int, validators=[InputRequired("Choose a department.")])
    location = StringField("Location", validators=[Optional(), Length(max=120)])
    pay_grade = pay_grade_field("Current pay grade")
    hours = hours_field("Current working hours")


class EditEmployeeForm(EditVersionMixin, EmployeeForm):
    """Correcting an existing entry: carries the version it was loaded with."""


class NewEmployeeForm(EmployeeForm):
    summary = TextAreaField("Summary of experience", validators=[Optional(), Length(max=5000)])
    skills = TextAreaField("Skills, one per line as 'name: level' (1-5)", validators=[Optional(), Length(max=5000)])

    def validate_skills(self, field):
        parse_skill_lines(field.data)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes, e.g. the roles of a user."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class UserForm(FlaskForm):
    full_name = StringField("Full name", validators=[DataRequired("Enter the person's name."), Length(max=200)])
    roles = MultiCheckboxField("Roles", choices=ROLE_CHOICES, validators=[DataRequired("Give the user at least one role.")])
    employee_number = StringField(
        "Linked employee number (for employees in the pool)", validators=[Optional(), Length(max=40)]
    )


class NewUserForm(UserForm):
    email = EmailField("Email", validators=[DataRequired("Enter an email address."), Email("Enter a valid email address."), Length(max=254)])
    password = PasswordField(
        "Initial password", validators=[DataRequired("Set an initial password."), Length(min=10, max=200, message="The password must be at least 10 characters long.")]
    )


class EditUserForm(UserForm):
    active = BooleanField("Account active")
    new_password = PasswordField(
        "New password (leave empty to keep)", validators=[Optional(), Length(min=10, max=200, message="The password must be at least 10 characters long.")]
    )


class DepartmentForm(FlaskForm):
    name = StringField("Department name", validators=[DataRequired("Enter a department name."), Length(max=120)])


CONTEST_OWNER_CHOICES = [SelectChoice("mine", "Cases I own"), SelectChoice("all", "All cases")]


class ContestFilterForm(FlaskForm):
    """The contests queue's filter; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    owner = SelectField("Show contests on", choices=CONTEST_OWNER_CHOICES, default="mine")


class ContestAnswerForm(FlaskForm):
    """HR's one answer to an employee who contested their suggestions."""

    answer = TextAreaField(
        "Your answer",
        validators=[
            DataRequired("Write an answer for the person."),
            Length(max=2000, message="Keep the answer under 2000 characters."),
        ],
    )


class ReportFilterForm(FlaskForm):
    """The reports' period and department; read from the query string, so no CSRF token. The rules
    of a period (in order, at most 3 years, not past today) are the service's (reports.report_filters)."""

    class Meta:
        csrf = False

    start = DateField("From", validators=[Optional()])
    end = DateField("To", validators=[Optional()])
    department = SelectField("Department", coerce=_coerce_optional_int, validators=[Optional()])
