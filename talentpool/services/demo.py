"""The demo company behind `flask seed-demo`: its named people through the services, the rest in bulk.

The named people, openings and pipeline go through the same services people use, so they obey
the pool rules and leave the audit trail, pipeline and reports exactly as real use would. Their
colleagues (and, with `--people N`, the company at scale) are written with bulk INSERTs in one
transaction, with the same audit events the services would write, so that 50,000 people take
seconds rather than an hour. The data lives in `talentpool.demo_company`; dates are counted back
from `today`, so the demo never looks stale.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from talentpool import demo_company as data
from talentpool.demo_data import OnetRole
from talentpool.models import (
    Application,
    ApplicationStage,
    AuditEvent,
    CaseStatus,
    Employee,
    EmployeeSkill,
    Opening,
    OpeningSkill,
    OpeningStatus,
    Outcome,
    OutcomeKind,
    PoolCase,
    User,
    WorkingHours,
)
from talentpool.services import applications, contests, openings, people, pool
from talentpool.services.audit import snapshot
from talentpool.services.openings import OPENING_FIELDS, SkillRequirement
from talentpool.services.people import EMPLOYEE_FIELDS
from talentpool.services.pool import CASE_FIELDS, OUTCOME_FIELDS
from talentpool.services.suggestions import bump_matching_version, match_for

DEMO_PASSWORD = "demo-password"
DEMO_LOGINS = [(user.email, user.description) for user in data.USERS]
# The pool period the demo's deadlines are set with (the app's default, TALENTPOOL_POOL_PERIOD_DAYS).
POOL_PERIOD_DAYS = 90
# The length of the demo's trials (the app's default, TALENTPOOL_TRIAL_PERIOD_DAYS).
TRIAL_PERIOD_DAYS = 28
# Rows per bulk INSERT batch of people (and one progress step).
BATCH_SIZE = 2_000

# Letters that Unicode decomposition does not reduce to ASCII.
_ASCII_LETTERS = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss"})

Progress = Callable[[int], None]


def work_email(full_name: str) -> str:
    """first.last@example.com in plain ASCII, as a mail server would spell it."""
    plain = unicodedata.normalize("NFKD", full_name.translate(_ASCII_LETTERS)).encode("ascii", "ignore")
    words = re.sub(r"[^a-z ]", "", plain.decode().lower()).split()
    return f"{words[0]}.{words[-1]}@example.com"


def demo_present(session: Session) -> bool:
    """Whether the database already holds the demo or other people's data, which seeding must not touch."""
    demo_emails = [user.email for user in data.USERS]
    return any(
        session.scalar(query.limit(1)) is not None
        for query in (
            select(User.id).where(User.email.in_(demo_emails)),
            select(Employee.id),
            select(Opening.id),
        )
    )


def company_size(people: int | None) -> int:
    """How many people the demo will have for `--people`: never fewer than the base company."""
    return max(people or 0, data.BASE_PEOPLE)


def seed_demo_company(
    session: Session,
    today: date | None = None,
    *,
    pool_period_days: int = POOL_PERIOD_DAYS,
    people: int | None = None,
    progress: Progress | None = None,
) -> bool:
    """Fill an empty database with the demo company of `people` employees (at least the base company);
    False, changing nothing, if data is already there. `progress` is called with each number of people added."""
    if demo_present(session):
        return False
    progress = progress or (lambda added: None)
    seeder = _Seeder(session, today or date.today(), pool_period_days)
    seeder.create_users(linked=False)
    seeder.create_departments()
    seeder.create_history()
    for entry in data.POOL:
        seeder.enter_pool(seeder.add_employee(entry.person), entry.person, entry.entered_days_ago)
    seeder.record_priorities()
    seeder.create_users(linked=True)
    for demo_opening in data.OPENINGS:
        seeder.post_opening(demo_opening)
    seeder.create_pipeline()
    seeder.create_trials()
    progress(len(seeder.employees))
    _Growth(seeder, company_size(people), progress).run()
    return True


@dataclass
class _Seeder:
    """What the seeding steps share: the session, the day, and the records made so far, by name."""

    session: Session
    today: date
    pool_period_days: int
    users: dict[str, User] = field(default_factory=dict)
    department_ids: dict[str, int] = field(default_factory=dict)
    employees: dict[str, Employee] = field(default_factory=dict)
    cases: dict[str, PoolCase] = field(default_factory=dict)
    openings: dict[str, Opening] = field(default_factory=dict)
    history_openings: dict[str, Opening] = field(default_factory=dict)
    numbers: Iterator[int] = field(default_factory=lambda: itertools.count(10001))

    @property
    def hr(self) -> User:
        """The HR user who acts for HR throughout the demo."""
        return self.users[data.HR]

    def create_users(self, *, linked: bool) -> None:
        """The demo sign-ins; those linked to an employee wait until the register exists."""
        for demo_user in data.USERS:
            if (demo_user.employee is not None) != linked:
                continue
            employee = self.employees[demo_user.employee] if demo_user.employee else None
            self.users[demo_user.email] = people.create_user(
                self.session,
                self.users.get(data.HR),  # None only for the first HR account, which nobody created
                email=demo_user.email,
                full_name=demo_user.full_name,
                password=DEMO_PASSWORD,
                roles=demo_user.roles,
                employee_id=employee.id if employee else None,
            )

    def create_departments(self) -> None:
        """The company's departments, reusing any HR has already set up."""
        existing = {d.name.lower(): d for d in people.departments(self.session)}
        for name in data.DEPARTMENTS:
            department = existing.get(name.lower()) or people.create_department(self.session, self.hr, name)
            self.department_ids[name] = department.id

    def add_employee(self, person: data.Person) -> Employee:
        login = next((u.email for u in data.USERS if u.employee == person.name), None)
        profile = data.person_profile(person)
        employee = people.create_employee(
            self.session,
            self.hr,
            employee_number=f"E{next(self.numbers)}",
            full_name=person.name,
            title=person.title,
            department_id=self.department_ids[data.role(person.title).department],
            email=login or work_email(person.name),
            location=person.location,
            pay_grade=person.grade or data.pay_grade(person.title),
            hours=person.hours,
            summary=profile.summary,
            skills=list(profile.skills.items()),
        )
        self.employees[person.name] = employee
        return employee

    def enter_pool(self, employee: Employee, person: data.Person, entered_days_ago: int) -> PoolCase:
        department = data.role(person.title).department
        case = pool.add_to_pool(
            self.session,
            self.hr,
            employee_id=employee.id,
            eliminated_title=person.title,
            eliminated_department_id=self.department_ids[department],
            reason=data.REASONS[department],
            entered_on=self.today - timedelta(days=entered_days_ago),
            deadline=None,
            hr_owner_id=self.users[data.CASE_OWNERS[department]].id,
            pool_period_days=self.pool_period_days,
        )
        self.cases[person.name] = case
        return case

    def record_priorities(self) -> None:
        """The statutory priorities HR recorded on cases in the pool, through the case edit."""
        for entry in data.POOL:
            if entry.priority is None:
                continue
            case = self.cases[entry.person.name]
            pool.update_case_details(
                self.session, self.hr, case.id, deadline=case.deadline, hr_owner_id=case.hr_owner_id,
                hr_notes=case.hr_notes, priority=entry.priority, priority_note=entry.priority_note,
            )

    def post_opening(self, demo_opening: data.DemoOpening) -> Opening:
        job = data.role(demo_opening.title)
        closing_date = (
            self.today + timedelta(days=demo_opening.closes_in_days)
            if demo_opening.closes_in_days is not None
            else None
        )
        required, nice_to_have = data.opening_skills(job)
        opening = openings.create_opening(
            self.session,
            self.users[demo_opening.manager],
            title=job.title,
            department_id=self.department_ids[job.department],
            location=demo_opening.location,
            description=data.opening_description(job, demo_opening.location),
            headcount=demo_opening.headcount,
            closing_date=closing_date,
            skills=[SkillRequirement(name, True, level) for name, level in required.items()]
            + [SkillRequirement(name, False) for name in nice_to_have],
            today=self.today,
            priority_window_days=demo_opening.pool_priority_days,
            pay_grade=demo_opening.grade or data.pay_grade(job.title),
            hours=demo_opening.hours,
        )
        self.openings[job.title] = opening
        return opening

    def create_history(self) -> None:
        """Earlier rounds: people who entered months ago, the openings they went to, how each case ended."""
        for entry in data.CLOSED:
            self.enter_pool(self.add_employee(entry.person), entry.person, entry.entered_days_ago)
        for history in data.HISTORY_OPENINGS:
            opening = self.post_opening(history.opening)
            # Posted back then: the reports count the days from posting to the place being taken.
            opening.created_at = datetime.combine(self.today - timedelta(days=history.posted_days_ago), time(9), UTC)
            self.history_openings[history.opening.title] = opening
        self.session.commit()
        self.openings.clear()  # the titles are free again for today's openings
        for entry in data.CLOSED:
            self.record_outcome(entry)
        for history in data.HISTORY_OPENINGS:
            if history.close_reason:
                opening = self.history_openings[history.opening.title]
                openings.close_opening(self.session, opening.manager, opening.id, reason=history.close_reason)

    def record_outcome(self, entry: data.ClosedEntry) -> None:
        case = self.cases[entry.person.name]
        effective_on = case.entered_on + timedelta(days=entry.after_days)
        if entry.outcome == OutcomeKind.REASSIGNED:
            # As in real use: the manager offers the place, then HR records the move.
            opening = self.history_openings[entry.opening]
            self.move(opening, case, ApplicationStage.OFFERED)
            pool.start_trial(
                self.session, self.hr, case.id, opening_id=opening.id, starts_on=effective_on,
                trial_period_days=TRIAL_PERIOD_DAYS, today=self.today, notes=entry.notes,
            )
            pool.confirm_trial(self.session, self.hr, case.id, decided_on=effective_on + timedelta(days=TRIAL_PERIOD_DAYS))
        elif entry.outcome == OutcomeKind.EXIT_PACKAGE:
            pool.record_exit_package(
                self.session,
                self.hr,
                case.id,
                weeks_of_pay=entry.weeks_of_pay,
                last_working_day=effective_on,
                notes=entry.notes,
            )
        else:
            pool.record_resignation(
                self.session, self.hr, case.id, resignation_date=effective_on, notes=entry.notes
            )

    def score(self, case: PoolCase, opening: Opening) -> float | None:
        """The match score the pages would show, stored with each pipeline step as the views do."""
        match = match_for(self.session, case, opening, self.today)
        return match.score if match is not None else None

    def move(self, opening: Opening, case: PoolCase, stage: ApplicationStage) -> None:
        applications.move_candidate(
            self.session,
            opening.manager,
            opening.id,
            case.id,
            stage=stage,
            match_score=self.score(case, opening),
            today=self.today,
        )

    def create_pipeline(self) -> None:
        """The demo employee's answers and contest, then the managers' shortlists and offers."""
        employee_user = self.users[data.EMPLOYEE]
        case = self.cases[employee_user.employee.full_name]
        for answer in data.EMPLOYEE_ANSWERS:
            opening = self.openings[answer.opening]
            applications.answer_opening(
                self.session,
                employee_user,
                opening.id,
                interest=answer.interest,
                category=answer.category,
                reason=answer.reason,
                match_score=self.score(case, opening),
                today=self.today,
            )
        for contest in data.EMPLOYEE_CONTESTS:
            contests.open_contest(self.session, employee_user, case.id, kind=contest.kind, message=contest.message)
        for step in data.MANAGER_STEPS:
            for stage in step.stages:
                self.move(self.openings[step.opening], self.cases[step.person], stage)

    def create_trials(self) -> None:
        """Offers that HR turned into trials: running ones, and one that failed."""
        for trial in data.TRIALS:
            case, opening = self.cases[trial.person], self.openings[trial.opening]
            self.move(opening, case, ApplicationStage.OFFERED)
            starts_on = self.today - timedelta(days=trial.started_days_ago)
            pool.start_trial(
                self.session, self.hr, case.id, opening_id=opening.id, starts_on=starts_on,
                trial_period_days=TRIAL_PERIOD_DAYS, today=self.today,
            )
            if trial.failed_after_days is not None:
                pool.fail_trial(self.session, self.hr, case.id, reason=trial.reason,
                                decided_on=starts_on + timedelta(days=trial.failed_after_days))


# --- The rest of the company, in bulk ----------------------------------------------------


@dataclass
class _Colleague:
    """A generated member of the register, and their pool case if they have one."""

    seed: str
    row: dict[str, Any]
    job: OnetRole
    case: dict[str, Any] | None = None
    outcome: dict[str, Any] | None = None
    reassigned_to: int | None = None  # index into _Growth.openings


def _spread(rng: random.Random, shares: dict[Any, int], count: int) -> list[Any]:
    """`count` keys in proportion to their shares (largest remainders get the rounding), shuffled."""
    total = sum(shares.values())
    exact = {key: count * share / total for key, share in shares.items()}
    counts = {key: int(value) for key, value in exact.items()}
    for key in sorted(shares, key=lambda k: counts[k] - exact[k])[: count - sum(counts.values())]:
        counts[key] += 1
    keys = [key for key, n in counts.items() for _ in range(n)]
    rng.shuffle(keys)
    return keys


class _Growth:
    """Everyone who is not named in the demo data, and at scale more pool cases and openings,
    written with bulk INSERTs and their audit events in one transaction."""

    def __init__(self, seeder: _Seeder, people: int, progress: Progress) -> None:
        self.seeder = seeder
        self.session = seeder.session
        self.today = seeder.today
        self.progress = progress
        self.people = people
        self.rng = random.Random(f"demo company of {people}")
        self.colleagues: list[_Colleague] = []
        self.openings: list[dict[str, Any]] = []  # rows, with "skills" and "job" until inserted
        self.events: list[dict[str, Any]] = []
        self.hr_id = seeder.hr.id
        self._roles = list(data.roles_by_title().values())

    def run(self) -> None:
        """Generate, insert and audit; then bump the matching data version and commit."""
        count = self.people - len(self.seeder.employees)
        if count <= 0:
            return
        self._sketch_colleagues(count)
        self._assign_cases()
        self._plan_openings()
        self._insert_openings()
        for start in range(0, count, BATCH_SIZE):
            self._insert_colleagues(self.colleagues[start : start + BATCH_SIZE])
            self.progress(min(BATCH_SIZE, count - start))
        self._insert_cases()
        self.session.execute(insert(AuditEvent), self.events)
        bump_matching_version(self.session)
        self.session.commit()
        # A bulk load leaves the planner's table statistics stale until autovacuum comes by.
        self.session.execute(text("ANALYZE"))
        self.session.commit()

    # Planning: plain rows, no database -----------------------------------------------------

    def _job_in(self, departments: Sequence[str], rng: random.Random) -> OnetRole:
        jobs = [r for r in self._roles if r.department in departments]
        return rng.choices(jobs, weights=[r.weight for r in jobs])[0]

    def _sketch_colleagues(self, count: int) -> None:
        """Names, jobs, offices and emails; the same colleague at the same position whatever N is.

        Profiles (the slow part) are made batch by batch as they are inserted, so progress is steady.
        """
        department_ids = self.seeder.department_ids
        emails = Counter(
            e.split("@")[0] for e in self.session.scalars(select(Employee.email)) if e and "@" in e
        )
        weights = list(itertools.accumulate(r.weight for r in self._roles))
        for index in range(count):
            seed = f"colleague {index}"
            rng = random.Random(seed)
            names = rng.choice(data.NAMES)
            name = f"{rng.choice(names.given)} {rng.choice(names.family)}"
            job = rng.choices(self._roles, cum_weights=weights)[0]
            office = names.office if rng.random() < data.HOME_OFFICE_SHARE else rng.choice(data.LOCATIONS)
            local = work_email(name).split("@")[0]
            emails[local] += 1
            self.colleagues.append(_Colleague(
                seed=seed,
                row=dict(
                    employee_number=f"E{next(self.seeder.numbers)}",
                    full_name=name,
                    email=f"{local}{emails[local] if emails[local] > 1 else ''}@example.com",
                    title=job.title,
                    department_id=department_ids[job.department],
                    location=office,
                    pay_grade=data.pay_grade(job.title),
                    hours=WorkingHours.PART_TIME if rng.random() < data.PART_TIME_SHARE else WorkingHours.FULL_TIME,
                ),
                job=job,
            ))

    def _assign_cases(self) -> None:
        """Put a share of the colleagues of eliminated departments in the pool, and give some earlier cases."""
        pool_count = max(round(self.people * data.POOL_SHARE) - len(data.POOL), 0)
        closed_count = max(round(self.people * data.CLOSED_SHARE) - len(data.CLOSED), 0)
        eligible = [c for c in self.colleagues if c.job.department in data.CASE_OWNERS]
        chosen = self.rng.sample(eligible, min(pool_count + closed_count, len(eligible)))
        for colleague in chosen[:pool_count]:
            self._open_case(colleague, self.rng.randint(1, 125))
        kinds = _spread(self.rng, data.OUTCOME_SHARES, len(chosen[pool_count:]))
        for colleague, kind in zip(chosen[pool_count:], kinds):
            self._close_case(colleague, self._open_case(colleague, self.rng.randint(120, 200)), kind)
        for opening in self.openings:  # the last opening of earlier rounds may have had fewer people
            opening["headcount"] = opening["places_filled"]

    def _open_case(self, colleague: _Colleague, entered_days_ago: int) -> dict[str, Any]:
        department = colleague.job.department
        entered_on = self.today - timedelta(days=entered_days_ago)
        colleague.case = dict(
            eliminated_title=colleague.job.title,
            eliminated_department_id=self.seeder.department_ids[department],
            reason=data.REASONS[department],
            entered_on=entered_on,
            deadline=pool.default_deadline(entered_on, self.seeder.pool_period_days),
            hr_owner_id=self.seeder.users[data.CASE_OWNERS[department]].id,
            status=CaseStatus.OPEN,
            outcome_kind=None,
            closed_on=None,
            hr_notes="",
        )
        return colleague.case

    def _close_case(self, colleague: _Colleague, case: dict[str, Any], kind: OutcomeKind) -> None:
        after_days = {
            OutcomeKind.REASSIGNED: (30, 80), OutcomeKind.EXIT_PACKAGE: (60, 90), OutcomeKind.RESIGNED: (10, 60)
        }[kind]
        effective_on = case["entered_on"] + timedelta(days=self.rng.randint(*after_days))
        colleague.outcome = dict(
            kind=kind, recorded_by_id=self.hr_id, effective_on=effective_on, notes="",
            opening_id=None, previous_title=None, previous_department_id=None,
            weeks_of_pay=None, last_working_day=None, resignation_date=None,
        )
        if kind == OutcomeKind.REASSIGNED:
            colleague.reassigned_to = self._history_place()
            opening = self.openings[colleague.reassigned_to]
            colleague.outcome |= dict(
                previous_title=colleague.row["title"], previous_department_id=colleague.row["department_id"]
            )
            colleague.row |= dict(title=opening["title"], department_id=opening["department_id"])
        elif kind == OutcomeKind.EXIT_PACKAGE:
            colleague.outcome |= dict(weeks_of_pay=self.rng.choice((8, 12, 16, 26)), last_working_day=effective_on)
        else:
            colleague.outcome["resignation_date"] = effective_on
        case.update(status=CaseStatus.CLOSED, outcome_kind=kind, closed_on=effective_on)

    def _history_place(self) -> int:
        """A place in an opening of earlier rounds: the last one's while it has room, else a new one's."""
        last = self.openings[-1] if self.openings else None
        if last is None or last["places_filled"] == last["headcount"]:
            job = self._job_in(data.REASSIGNMENT_DEPARTMENTS, self.rng)
            last = self._opening(job, self.rng.randint(1, 3), closing_date=None)
            last["status"] = OpeningStatus.FILLED
            self.openings.append(last)
        last["places_filled"] += 1
        return len(self.openings) - 1

    def _plan_openings(self) -> None:
        """Today's openings beyond the named ones, mostly in Customer Success."""
        count = max(round(self.people * data.OPENINGS_PER_PERSON) - len(data.OPENINGS), 0)
        for department in _spread(self.rng, data.OPENING_DEPARTMENTS, count):
            job = self._job_in((department,), self.rng)
            closing_date = self.today + timedelta(days=self.rng.randint(14, 60))
            self.openings.append(self._opening(job, self.rng.randint(1, 3), closing_date))

    def _opening(self, job: OnetRole, headcount: int, closing_date: date | None) -> dict[str, Any]:
        location = self.rng.choice(data.LOCATIONS)
        return dict(
            title=job.title,
            department_id=self.seeder.department_ids[job.department],
            location=location,
            description=data.opening_description(job, f"{location} {len(self.openings)}"),
            headcount=headcount,
            places_filled=0,
            closing_date=closing_date,
            pay_grade=data.pay_grade(job.title),
            hours=WorkingHours.FULL_TIME,
            pool_only_until=None,  # posted long enough ago for the priority window to have ended
            status=OpeningStatus.OPEN,
            manager_id=self.seeder.users[data.HIRING_MANAGERS[job.department]].id,
            job=job,
        )

    # Writing: bulk INSERTs and the events the services would have written ------------------

    def _event(
        self, action: str, entity: str, entity_id: int, actor_id: int, *,
        before: dict | None = None, after: dict | None = None, case_id: int | None = None,
    ) -> None:
        """An audit event as `audit.record_event` writes it, kept for one bulk INSERT at the end."""
        self.events.append(dict(
            actor_id=actor_id, action=action, entity_type=entity, entity_id=entity_id, case_id=case_id,
            before=before, after=after, note="",
        ))

    def _insert_openings(self) -> None:
        if not self.openings:
            return
        jobs = [plan.pop("job") for plan in self.openings]
        first = (self.session.scalar(select(func.max(Opening.id))) or 0) + 1
        for number, plan in enumerate(self.openings, start=first):
            plan["reference"] = f"OPN-{number:05d}"  # as openings.next_reference numbers them
        ids = self.session.scalars(
            insert(Opening).returning(Opening.id, sort_by_parameter_order=True), self.openings
        ).all()
        skill_rows = []
        for opening_id, plan, job in zip(ids, self.openings, jobs):
            plan["id"] = opening_id
            required, nice_to_have = data.opening_skills(job)
            skills = [[name, True, level] for name, level in required.items()]
            skills += [[name, False, None] for name in nice_to_have]
            skill_rows += [dict(opening_id=opening_id, name=n, required=r, min_level=lv) for n, r, lv in skills]
            posted = SimpleNamespace(**(plan | {"places_filled": 0, "status": OpeningStatus.OPEN}))
            self._event(
                "opening.created", "Opening", opening_id, plan["manager_id"],
                after=snapshot(posted, OPENING_FIELDS) | {"skills": skills},
            )
        self.session.execute(insert(OpeningSkill), skill_rows)

    def _insert_colleagues(self, batch: list[_Colleague]) -> None:
        profiles = []
        for colleague in batch:  # someone with a case tells of a job they no longer have
            profiles.append(data.profile(colleague.seed, colleague.job, current=colleague.case is None))
            colleague.row["summary"] = profiles[-1].summary
        rows = [c.row for c in batch]
        ids = self.session.scalars(insert(Employee).returning(Employee.id, sort_by_parameter_order=True), rows).all()
        skills = []
        for employee_id, colleague, profile in zip(ids, batch, profiles):
            colleague.row["id"] = employee_id
            skills += [dict(employee_id=employee_id, name=n, level=lv) for n, lv in profile.skills.items()]
            created = colleague.row
            if colleague.reassigned_to is not None:  # the event shows the job they were hired into
                outcome = colleague.outcome
                created = created | {"title": outcome["previous_title"], "department_id": outcome["previous_department_id"]}
            self._event(
                "employee.created", "Employee", employee_id, self.hr_id,
                after=snapshot(SimpleNamespace(**created), EMPLOYEE_FIELDS),
            )
        self.session.execute(insert(EmployeeSkill), skills)

    def _insert_cases(self) -> None:
        with_cases = [c for c in self.colleagues if c.case is not None]
        if not with_cases:
            return
        rows = [c.case | {"employee_id": c.row["id"]} for c in with_cases]
        ids = self.session.scalars(insert(PoolCase).returning(PoolCase.id, sort_by_parameter_order=True), rows).all()
        outcomes, hired = [], []
        places_taken: Counter[int] = Counter()
        for case_id, colleague, row in zip(ids, with_cases, rows):
            opened = SimpleNamespace(**(row | {"status": CaseStatus.OPEN, "outcome_kind": None, "closed_on": None}))
            self._event("case.opened", "PoolCase", case_id, self.hr_id,
                        after=snapshot(opened, CASE_FIELDS), case_id=case_id)
            if colleague.outcome is None:
                continue
            outcome = colleague.outcome | {"case_id": case_id}
            if colleague.reassigned_to is not None:
                opening = self.openings[colleague.reassigned_to]
                outcome["opening_id"] = opening["id"]
                hired.append(dict(case_id=case_id, opening_id=opening["id"], stage=ApplicationStage.HIRED))
                places_taken[opening["id"]] += 1
                taken = places_taken[opening["id"]]
                full = OpeningStatus.FILLED if taken == opening["headcount"] else OpeningStatus.OPEN
                self._event(
                    "opening.place_filled", "Opening", opening["id"], self.hr_id, case_id=case_id,
                    before={"places_filled": taken - 1, "status": OpeningStatus.OPEN.value},
                    after={"places_filled": taken, "status": full.value},
                )
            outcomes.append(outcome)
            self._event(
                f"case.{outcome['kind'].value}", "PoolCase", case_id, self.hr_id,
                before=snapshot(opened, CASE_FIELDS),
                after=snapshot(SimpleNamespace(**row), CASE_FIELDS)
                | {"outcome": snapshot(SimpleNamespace(**outcome), OUTCOME_FIELDS)},
                case_id=case_id,
            )
        if outcomes:
            self.session.execute(insert(Outcome), outcomes)
        if hired:
            self.session.execute(insert(Application), hired)
