"""How long `flask seed-demo --people N` takes on a fresh SQLite database (target: well under 60 s for 50,000).

Creates a temporary SQLite file, migrates it with `flask init-db`, then times `flask seed-demo
--people N` as a subprocess, exactly as an operator would run it, and prints the seconds with
what was created. Run:

    .venv/bin/python benchmarks/seed_demo_scale.py            # 50,000 people
    .venv/bin/python benchmarks/seed_demo_scale.py --people 10000
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 60
COUNTED = ("employees", "employee_skills", "pool_cases", "openings", "audit_events")


def flask(database: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `flask --app talentpool ARGS` against the database, failing loudly."""
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}"}
    command = [sys.executable, "-m", "flask", "--app", "talentpool", *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "seed.sqlite"
        flask(database, "init-db")
        started = time.perf_counter()
        flask(database, "seed-demo", "--people", str(args.people))
        seconds = time.perf_counter() - started
        with sqlite3.connect(database) as connection:
            counts = {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
            open_cases = connection.execute("SELECT count(*) FROM pool_cases WHERE status = 'open'").fetchone()[0]
            open_openings = connection.execute("SELECT count(*) FROM openings WHERE status = 'open'").fetchone()[0]
    print(f"seed-demo --people {args.people:,}: {seconds:.1f} s (target: under {TARGET_SECONDS} s)")
    print(", ".join(f"{n:,} {t}" for t, n in counts.items()))
    print(f"{open_cases:,} people in the pool, {open_openings:,} open openings")


if __name__ == "__main__":
    main()
