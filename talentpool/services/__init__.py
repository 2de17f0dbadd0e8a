"""Use cases of talentpool: each takes a session, plain arguments and the acting user.

Views and CLI commands call these; the rules of the pool live here and nowhere else.
"""
