from talentpool.hr import bp  # noqa: F401
