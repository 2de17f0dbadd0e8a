from talentpool.employee import bp  # noqa: F401
