from talentpool.manager import bp  # noqa: F401
