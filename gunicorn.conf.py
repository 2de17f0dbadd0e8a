"""gunicorn settings for talentpool, read from the environment (gunicorn loads this file from the
working directory): `gunicorn "talentpool:create_app()"`.

    WEB_CONCURRENCY   worker processes (default 2: one per core of a small server)
    TALENTPOOL_BIND   address to listen on (default 127.0.0.1:8000)
    DATABASE_URL, SECRET_KEY, ...  read by the app itself (see README, Configuration)
"""

import os

bind = os.environ.get("TALENTPOOL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Not preloaded: each worker opens its own database connections and keeps its own fitted matcher.
timeout = 60
accesslog = "-"
