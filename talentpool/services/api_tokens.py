"""API tokens: HR creates them for another system (e.g. the HRIS), the REST API authenticates
with them, HR revokes them.

A token is `tp_` and 43 random URL-safe characters. Only its SHA-256 is stored, so the database
never holds a usable secret: the secret is shown once, when the token is created. Each token acts
as one user within one of their roles (its scope), and only while that user is active and still
holds that role.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session

from talentpool.models import ApiToken, ApiTokenStatus, Role, User, UserRole, as_utc
from talentpool.services.audit import record_event, snapshot
from talentpool.services.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError

SECRET_PREFIX = "tp_"
PREFIX_SHOWN = 8  # characters of the secret kept to tell tokens apart ("tp_" and five more)
# The roles a token may act in: the API has nothing for the employee role.
API_SCOPES = (Role.HR, Role.MANAGER)
# last_used_at is written at most this often, so a busy integration does not write on every request.
LAST_USED_PRECISION = timedelta(minutes=1)
TOKEN_FIELDS = ("name", "token_prefix", "scope", "user_id", "expires_at", "revoked_at")


def hash_secret(secret: str) -> str:
    """The stored form of a secret: its SHA-256 in hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CreatedToken:
    """A new token and its secret, which exists only here: it is shown once and never stored."""

    token: ApiToken
    secret: str


def token_users(session: Session) -> list[User]:
    """Active users a token can act as: those holding a role the API serves."""
    return list(
        session.scalars(
            select(User)
            .where(User.active.is_(True), User.id.in_(select(UserRole.user_id).where(UserRole.role.in_(API_SCOPES))))
            .order_by(User.full_name, User.id)
        )
    )


def _check_user(user: User | None, scope: Role) -> str | None:
    """Why `user` cannot act within `scope`, or None when they can."""
    if user is None or not user.active:
        return "Choose an active user."
    if not user.has_role(scope):
        return f"{user.full_name} does not have the {scope.label} role that this scope acts in."
    return None


def end_of_day(day: date) -> datetime:
    """The moment a token that is valid through `day` stops working (midnight UTC after it)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def create_token(
    session: Session,
    actor: User,
    *,
    name: str,
    user_id: int,
    scope: Role | str,
    expires_on: date | None,
    today: date,
) -> CreatedToken:
    """HR issues a token acting as `user_id` in `scope`, valid through `expires_on` (None: until
    revoked). Returns the secret, which is not stored and cannot be shown again."""
    if not actor.has_role(Role.HR):
        raise PermissionDenied("Only HR creates API tokens.")
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Give the token a name, e.g. the system that uses it.", field="name")
    try:
        scope = Role(scope)
    except ValueError:
        scope = None
    if scope not in API_SCOPES:
        raise ValidationError("Choose HR or Manager as the scope.", field="scope")
    problem = _check_user(session.get(User, user_id), scope)
    if problem:
        raise ValidationError(problem, field="user_id")
    if expires_on is not None and expires_on < today:
        raise ValidationError("The expiry date cannot be in the past.", field="expires_on")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        token_prefix=secret[:PREFIX_SHOWN],
        token_hash=hash_secret(secret),
        scope=scope,
        user_id=user_id,
        created_by_id=actor.id,
        expires_at=end_of_day(expires_on) if expires_on is not None else None,
    )
    session.add(token)
    record_event(session, actor, "api_token.created", token, after=snapshot(token, TOKEN_FIELDS))
    session.commit()
    return CreatedToken(token, secret)


def get_token(session: Session, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("This API token does not exist.")
    return token


def revoke_token(session: Session, actor: User, token_id: int) -> ApiToken:
    """HR revokes a token: from now on every request with it is refused."""
    token = get_token(session, token_id)
    before = snapshot(token, TOKEN_FIELDS)
    revoked = session.execute(
        update(ApiToken)
        .where(ApiToken.id == token.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC), revoked_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if revoked.rowcount != 1:
        session.rollback()
        raise InvalidTransition("This token is already revoked.")
    session.refresh(token)
    record_event(session, actor, "api_token.revoked", token, before=before, after=snapshot(token, TOKEN_FIELDS))
    session.commit()
    return token


def authenticate(session: Session, secret: str, now: datetime) -> ApiToken | None:
    """The token this secret belongs to if it may be used now, else None (the same answer for an
    unknown, revoked or expired token, or one whose user lost the scope's role or was deactivated)."""
    digest = hash_secret(secret)
    # The lookup is by the hash, so timing reveals nothing about the secret; compare_digest
    # guards the final check anyway.
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    if token.status(now) != ApiTokenStatus.ACTIVE or _check_user(token.user, token.scope) is not None:
        return None
    if token.last_used_at is None or as_utc(token.last_used_at) <= now - LAST_USED_PRECISION:
        session.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token.id,
                or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - LAST_USED_PRECISION),
            )
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
        session.commit()
    return token


def tokens_query():
    """Every token for HR's list: working ones first, then the newest."""
    return select(ApiToken).order_by(
        case((ApiToken.revoked_at.is_(None), 0), else_=1), ApiToken.created_at.desc(), ApiToken.id.desc()
    )
