"""The pipeline between a pool case and an opening: the employee's interest, the manager's stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, contains_eager

from talentpool.models import (
    Application,
    ApplicationStage,
    CaseStatus,
    DeclineCategory,
    Interest,
    Opening,
    PoolCase,
    User,
    WorkingHours,
    utcnow,
)
from talentpool.services.audit import record_event, snapshot
from talentpool.services.errors import InvalidTransition, NotFound, ValidationError
from talentpool.services.notifications import notify_interest
from talentpool.services.openings import accepts_candidates, get_managed_opening, get_opening
from talentpool.services.suitability import check_pay_grade

APPLICATION_FIELDS = ("interest", "decline_category", "decline_reason", "stage")
# The written offer's terms, in the audit events of an offer and of its withdrawal.
OFFER_FIELDS = ("offered_at", "offer_pay_grade", "offer_hours", "offer_location", "offer_note")
MAX_OFFER_NOTE = 2000

# Which manager steps may follow which; HIRED is set only by HR's reassignment outcome.
MANAGER_TRANSITIONS: dict[ApplicationStage, set[ApplicationStage]] = {
    ApplicationStage.NEW: {ApplicationStage.SHORTLISTED, ApplicationStage.TURNED_DOWN, ApplicationStage.OFFERED},
    ApplicationStage.SHORTLISTED: {ApplicationStage.TURNED_DOWN, ApplicationStage.OFFERED},
    ApplicationStage.TURNED_DOWN: {ApplicationStage.SHORTLISTED},
    ApplicationStage.OFFERED: {ApplicationStage.TURNED_DOWN},
    # Set by HR's trial decisions, never by the manager.
    ApplicationStage.ON_TRIAL: set(),
    ApplicationStage.TRIAL_FAILED: set(),
    ApplicationStage.HIRED: set(),
}


def own_open_case(session: Session, user: User) -> PoolCase | None:
    """The signed-in employee's open pool case, if they are in the pool."""
    if user.employee is None:
        return None
    return session.scalar(
        select(PoolCase).where(PoolCase.employee_id == user.employee.id, PoolCase.status == CaseStatus.OPEN)
    )


def find_application(session: Session, case_id: int, opening_id: int) -> Application | None:
    return session.scalar(
        select(Application).where(Application.case_id == case_id, Application.opening_id == opening_id)
    )


def _get_or_add_application(session: Session, case: PoolCase, opening_id: int) -> Application:
    application = find_application(session, case.id, opening_id)
    if application is None:
        application = Application(case=case, opening_id=opening_id, stage=ApplicationStage.NEW)
        session.add(application)
        session.flush()
    return application


def decline_note(application: Application) -> str:
    """The reason for a no in one line: the common reason, then the person's own words."""
    parts = [application.decline_category.label if application.decline_category else "", application.decline_reason]
    return ": ".join(part for part in parts if part)


def answer_opening(
    session: Session,
    actor: User,
    opening_id: int,
    *,
    interest: Interest,
    category: DeclineCategory | None = None,
    reason: str = "",
    match_score: float | None = None,
    today: date,
) -> Application:
    """The employee says yes or no to an opening; a no names one of the common reasons, with
    free text that is optional unless the reason is OTHER. Both are kept for HR."""
    reason = reason.strip()
    if interest == Interest.DECLINED:
        if category is None:
            raise ValidationError("Choose why this opening is not for you.", field="category")
        if category == DeclineCategory.OTHER and not reason:
            raise ValidationError("You chose “Other”: tell HR in a few words why.", field="reason")
    case = own_open_case(session, actor)
    if case is None:
        raise InvalidTransition("You are not in the talent pool, so there is nothing to answer.")
    opening = get_opening(session, opening_id)
    application = find_application(session, case.id, opening.id)
    if application is None and not accepts_candidates(opening, today):
        raise InvalidTransition(f"{opening.title} is no longer open.")
    application = application or _get_or_add_application(session, case, opening.id)
    if application.stage == ApplicationStage.HIRED:
        raise InvalidTransition("You have already been reassigned to this opening.")
    before = snapshot(application, APPLICATION_FIELDS)
    application.interest = interest
    declined = interest == Interest.DECLINED
    application.decline_category = category if declined else None
    application.decline_reason = reason if declined else ""
    if match_score is not None:
        application.match_score = match_score
    record_event(
        session,
        actor,
        f"application.{interest.value}",
        application,
        before=before,
        after=snapshot(application, APPLICATION_FIELDS),
        case_id=case.id,
        note=decline_note(application),
    )
    if interest == Interest.INTERESTED:
        notify_interest(session, application)
    session.commit()
    return application


@dataclass(frozen=True)
class OfferTerms:
    """The terms of a written offer: grade (None: not stated), hours, location, and a note."""

    pay_grade: int | None
    hours: WorkingHours
    location: str
    note: str = ""

    @classmethod
    def of_opening(cls, opening: Opening) -> OfferTerms:
        """The opening's own terms, which an offer proposes unless the manager changes them."""
        return cls(opening.pay_grade, opening.hours, opening.location)

    def cleaned(self) -> OfferTerms:
        """The terms trimmed and checked; a ValidationError names the field at fault."""
        check_pay_grade(self.pay_grade, field="pay_grade")
        location, note = " ".join((self.location or "").split()), (self.note or "").strip()
        if not location:
            raise ValidationError("Say where the work is.", field="location")
        if len(location) > 120:
            raise ValidationError("Keep the location under 120 characters.", field="location")
        if len(note) > MAX_OFFER_NOTE:
            raise ValidationError(f"Keep the note under {MAX_OFFER_NOTE} characters.", field="note")
        return OfferTerms(self.pay_grade, WorkingHours(self.hours), location, note)


def _record_offer(application: Application, terms: OfferTerms | None) -> None:
    """Write the offer's terms on the application, or clear them (None) when the offer is withdrawn."""
    application.offered_at = utcnow() if terms is not None else None
    written = terms or OfferTerms(None, None, None)  # type: ignore[arg-type]  # the empty columns
    application.offer_pay_grade, application.offer_hours = written.pay_grade, written.hours
    application.offer_location, application.offer_note = written.location, written.note


def move_candidate(
    session: Session,
    actor: User,
    opening_id: int,
    case_id: int,
    *,
    stage: ApplicationStage,
    match_score: float | None = None,
    today: date,
    offer: OfferTerms | None = None,
) -> Application:
    """The opening's manager shortlists, turns down or makes an offer to a pool candidate.

    An offer is a written one: it records its terms (`offer`, or the opening's own when not given)
    with the time it was made; turning down someone who had an offer withdraws it."""
    opening = get_managed_opening(session, actor, opening_id)
    offering = stage == ApplicationStage.OFFERED
    terms = (offer or OfferTerms.of_opening(opening)).cleaned() if offering else None
    case = session.get(PoolCase, case_id)
    if case is None or not case.is_open:
        raise NotFound("This candidate is not in the pool.")
    application = find_application(session, case.id, opening.id)
    if application is None and not accepts_candidates(opening, today):
        raise InvalidTransition(f"{opening.title} is not taking candidates any more.")
    application = application or _get_or_add_application(session, case, opening.id)
    if stage not in MANAGER_TRANSITIONS[application.stage]:
        raise InvalidTransition(
            f"{case.employee.full_name} is {application.stage.label.lower()}; "
            f"they cannot be moved to {stage.label.lower()}."
        )
    if offering:
        if application.interest == Interest.DECLINED:
            raise InvalidTransition(f"{case.employee.full_name} has declined this opening.")
        if not accepts_candidates(opening, today):
            raise InvalidTransition(f"{opening.title} has no free place for an offer.")
    withdrawn = application.stage == ApplicationStage.OFFERED
    fields = APPLICATION_FIELDS + (OFFER_FIELDS if offering or withdrawn else ())
    before = snapshot(application, fields)
    application.stage = stage
    if offering or withdrawn:
        _record_offer(application, terms)
    if match_score is not None:
        application.match_score = match_score
    record_event(
        session,
        actor,
        f"application.{stage.value}",
        application,
        before=before,
        after=snapshot(application, fields),
        case_id=case.id,
        note=terms.note if terms is not None else "",
    )
    session.commit()
    return application


def pending_offers_query(owner_id: int | None = None) -> Select:
    """Offers made by managers on open cases, oldest first; with `owner_id`, on that HR user's cases."""
    query = (
        select(Application)
        .join(Application.case)
        .where(Application.stage == ApplicationStage.OFFERED, PoolCase.status == CaseStatus.OPEN)
        .options(contains_eager(Application.case))
        .order_by(Application.updated_at, Application.id)
    )
    if owner_id is not None:
        query = query.where(PoolCase.hr_owner_id == owner_id)
    return query


def pending_offers(session: Session) -> list[Application]:
    """Offers made by managers that HR has yet to turn into a reassignment."""
    return list(session.scalars(pending_offers_query()))
