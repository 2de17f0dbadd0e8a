"""Derive the demo company's roles file from the O*NET tables (offline; the app reads only the result).

    python -m talentpool.demo_data.build /path/to/onet [--out PATH]

`/path/to/onet` is the folder with O*NET's occupation_data.csv, technology_skills.csv and
task_statements.csv. For each occupation of `ROLES` (a hand-written table: O*NET code -> department,
the job title people use, how common the job is in the company) it keeps the O*NET title and
description, up to `MAX_TOOLS` technology skills in order of preference and up to `MAX_TASKS` core
task statements, and writes them to `onet_roles.json.gz` beside this file (see README.md there).
The output is byte-for-byte the same for the same input.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from talentpool.demo_company import (
    ANALYTICS,
    BUSINESS_OPERATIONS,
    CUSTOMER_SUCCESS,
    ENGINEERING,
    FINANCE,
    LEGAL,
    MARKETING,
    PEOPLE,
    SALES,
)
from talentpool.demo_data import ATTRIBUTION, FORMAT_VERSION, ROLES_FILE

MAX_TOOLS = 14
MAX_TASKS = 10
MIN_TOOLS = 6
MAX_TASK_LENGTH = 170
# Office tools nearly every occupation lists; a role keeps at most this many of them.
UBIQUITOUS_SHARE = 0.35
MAX_UBIQUITOUS = 2


class RoleSpec(NamedTuple):
    """How the company uses an occupation: its department, the job title people use, its relative
    headcount, and O*NET tool names to list first (when O*NET's own flags would rank oddly)."""

    department: str
    title: str
    weight: int
    preferred: tuple[str, ...] = ()


_SQL = "Structured query language SQL"
_SALESFORCE = "Salesforce software"
_HUBSPOT = "HubSpot software"

ROLES: dict[str, RoleSpec] = {
    # Engineering
    "15-1252.00": RoleSpec(
        ENGINEERING, "Software Developer", 14, ("Oracle Java", "JavaScript", "Python", "Git", "Docker", _SQL)
    ),
    "15-1253.00": RoleSpec(
        ENGINEERING, "Software Quality Assurance Analyst", 5, ("Selenium", "Atlassian JIRA", "Postman", "Python", _SQL)
    ),
    "15-1254.00": RoleSpec(ENGINEERING, "Web Developer", 6),
    "15-1255.00": RoleSpec(ENGINEERING, "Web and Digital Interface Designer", 2),
    "15-1244.00": RoleSpec(ENGINEERING, "Systems Administrator", 3),
    "15-1242.00": RoleSpec(ENGINEERING, "Database Administrator", 2),
    "15-1299.08": RoleSpec(ENGINEERING, "Systems Engineer", 3),
    "15-1212.00": RoleSpec(ENGINEERING, "Information Security Analyst", 2),
    "15-1299.09": RoleSpec(ENGINEERING, "IT Project Manager", 2),
    "11-3021.00": RoleSpec(ENGINEERING, "IT Manager", 1),
    # Analytics
    "15-2051.00": RoleSpec(
        ANALYTICS, "Data Scientist", 4, ("Python", _SQL, "R", "pandas", "Scikit-learn", "Tableau")
    ),
    "15-2051.01": RoleSpec(ANALYTICS, "Business Intelligence Analyst", 5),
    "15-2041.00": RoleSpec(ANALYTICS, "Statistician", 1),
    "15-2031.00": RoleSpec(ANALYTICS, "Operations Research Analyst", 2),
    "15-1243.01": RoleSpec(ANALYTICS, "Data Warehousing Specialist", 2),
    # Marketing
    "13-1161.00": RoleSpec(
        MARKETING, "Marketing Specialist", 6,
        (_HUBSPOT, "Google Analytics", _SALESFORCE, "Canva", "WordPress", "Marketo Marketing Automation"),
    ),
    "13-1161.01": RoleSpec(MARKETING, "Search Marketing Strategist", 2),
    "11-2021.00": RoleSpec(MARKETING, "Marketing Manager", 1),
    "27-3031.00": RoleSpec(MARKETING, "Public Relations Specialist", 2),
    "27-3043.00": RoleSpec(MARKETING, "Content Writer", 2),
    "27-1024.00": RoleSpec(MARKETING, "Graphic Designer", 2),
    "13-1121.00": RoleSpec(MARKETING, "Event Planner", 1),
    # Business Operations
    "13-1111.00": RoleSpec(BUSINESS_OPERATIONS, "Management Analyst", 3),
    "13-1082.00": RoleSpec(BUSINESS_OPERATIONS, "Project Management Specialist", 3),
    "13-1081.00": RoleSpec(BUSINESS_OPERATIONS, "Logistician", 1),
    "13-1023.00": RoleSpec(BUSINESS_OPERATIONS, "Purchasing Agent", 2),
    "43-4151.00": RoleSpec(BUSINESS_OPERATIONS, "Order Clerk", 2),
    "43-6011.00": RoleSpec(BUSINESS_OPERATIONS, "Executive Assistant", 1),
    "43-6014.00": RoleSpec(BUSINESS_OPERATIONS, "Administrative Assistant", 2),
    "11-1021.00": RoleSpec(BUSINESS_OPERATIONS, "Operations Manager", 1),
    # Legal
    "23-2011.00": RoleSpec(LEGAL, "Paralegal", 3),
    "23-1011.00": RoleSpec(LEGAL, "Lawyer", 2),
    "11-9199.02": RoleSpec(LEGAL, "Compliance Manager", 2),
    "43-6012.00": RoleSpec(LEGAL, "Legal Secretary", 1),
    # Customer Success
    "43-4051.00": RoleSpec(
        CUSTOMER_SUCCESS, "Customer Service Representative", 12,
        (_SALESFORCE, "Microsoft Dynamics", "Zoom", "Slack", "Microsoft Teams", "Microsoft Excel"),
    ),
    "15-1232.00": RoleSpec(
        CUSTOMER_SUCCESS, "Technical Support Specialist", 7,
        ("ServiceNow", _SQL, "Microsoft Active Directory", "Microsoft Windows", "Apple macOS", "Linux"),
    ),
    "15-1231.00": RoleSpec(CUSTOMER_SUCCESS, "Network Support Specialist", 2),
    "13-1151.00": RoleSpec(
        CUSTOMER_SUCCESS, "Training and Development Specialist", 3,
        ("Learning management system LMS", "Microsoft PowerPoint", "Zoom", "Cisco Webex",
         "Adobe Creative Cloud software"),
    ),
    "27-3042.00": RoleSpec(
        CUSTOMER_SUCCESS, "Technical Writer", 2,
        ("Atlassian Confluence", "Atlassian JIRA", "Hypertext markup language HTML", "Microsoft Visio", "Git"),
    ),
    "41-3091.00": RoleSpec(
        CUSTOMER_SUCCESS, "Account Manager", 4,
        (_SALESFORCE, _HUBSPOT, "Customer relationship management CRM software", "Microsoft Dynamics"),
    ),
    "43-1011.00": RoleSpec(
        CUSTOMER_SUCCESS, "Customer Service Supervisor", 2, (_SALESFORCE, "Microsoft Teams", "Slack", "Tableau")
    ),
    # Sales
    "41-4011.00": RoleSpec(
        SALES, "Technical Sales Representative", 6,
        (_SALESFORCE, _HUBSPOT, "Microsoft Dynamics", "Google Analytics", "Zoom"),
    ),
    "41-9031.00": RoleSpec(
        SALES, "Sales Engineer", 3,
        (_SALESFORCE, "Amazon Web Services AWS software", "Microsoft Azure software", "Python", "Linux"),
    ),
    "11-2022.00": RoleSpec(SALES, "Sales Manager", 1, (_SALESFORCE, _HUBSPOT, "Tableau", "Microsoft Teams")),
    # Finance
    "13-2011.00": RoleSpec(
        FINANCE, "Accountant", 4,
        ("SAP software", "Intuit QuickBooks", "NetSuite ERP", "Workday software", "Microsoft Excel"),
    ),
    "13-2051.00": RoleSpec(
        FINANCE, "Financial Analyst", 3,
        ("Microsoft Excel", "Microsoft Power BI", "Tableau", "SAP software", _SQL),
    ),
    "43-3031.00": RoleSpec(FINANCE, "Accounting Clerk", 3),
    "43-3021.00": RoleSpec(FINANCE, "Billing Clerk", 2),
    "43-3051.00": RoleSpec(FINANCE, "Payroll Clerk", 1),
    "13-2031.00": RoleSpec(FINANCE, "Budget Analyst", 1),
    "11-3031.01": RoleSpec(FINANCE, "Financial Controller", 1),
    # People
    "13-1071.00": RoleSpec(
        PEOPLE, "Human Resources Specialist", 4, ("Workday software", "Oracle Taleo", "ADP Workforce Now")
    ),
    "13-1141.00": RoleSpec(PEOPLE, "Compensation and Benefits Specialist", 1),
    "43-4161.00": RoleSpec(PEOPLE, "Human Resources Assistant", 2),
    "11-3121.00": RoleSpec(PEOPLE, "Human Resources Manager", 1, ("Workday software",)),
    "11-3131.00": RoleSpec(PEOPLE, "Training and Development Manager", 1),
}

# Tools of other industries that O*NET lists for these occupations but a software company would not use.
OTHER_INDUSTRIES = {
    "Autodesk AutoCAD", "Autodesk AutoCAD Civil 3D", "Autodesk Revit", "Bentley MicroStation",
    "Dassault Systemes SolidWorks", "Epic Systems", "ESRI ArcGIS software", "Henry Schein Dentrix",
    "MEDITECH software", "Oracle Primavera Enterprise Project Portfolio Management", "Procore software",
    "Trimble SketchUp Pro", "Yardi software",
}
# The names people write in a profile for some O*NET examples.
COMMON_NAMES = {
    "Amazon Web Services AWS software": "AWS",
    "Atlassian Confluence": "Confluence",
    "Atlassian JIRA": "Jira",
    "Hypertext markup language HTML": "HTML",
    "Oracle Java": "Java",
    "The MathWorks MATLAB": "MATLAB",
    "Thomson Reuters Westlaw": "Westlaw",
}
_ACRONYM = re.compile(r"^\(?[A-Z][A-Z0-9]+\)?$")


def tool_name(example: str, everyday_words: frozenset[str] = frozenset()) -> str | None:
    """The common form of an O*NET technology example, or None for a kind of tool rather than a tool.

    "Salesforce software" -> "Salesforce"; "Structured query language SQL" -> "SQL";
    "Customer relationship management CRM software" -> "CRM"; "Operating system software" and
    "Tax software" (an everyday word, not a product name) -> None.
    """
    if example in COMMON_NAMES:
        return COMMON_NAMES[example]
    words = example.split()
    if len(words) > 1 and words[-1].lower() == "software":
        words = words[:-1]
        if len(words) == 1 and words[0].lower() in everyday_words:
            return None
    # Lower-case words after the first ("Firewall", "Structured query language SQL") name a kind of
    # tool; only its acronym, if it has one, is what people list.
    rest = words[1:]
    if any(w.islower() for w in rest) and all(w.islower() or _ACRONYM.match(w) for w in rest):
        return words[-1].strip("()") if _ACRONYM.match(words[-1]) else None
    return " ".join(words)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def everyday_words(texts: list[str]) -> frozenset[str]:
    """Words O*NET's own prose uses in lower case ("tax", "payroll"), so not product names."""
    return frozenset(w for text in texts for w in re.findall(r"\b[a-z]+\b", text))


def ranked_tools(
    code: str, tools: dict[str, list[dict]], occupation_count: int, everyday: frozenset[str] = frozenset()
) -> list[list]:
    """An occupation's tools, best first: in demand, hot, and typical of its department but not of every job.

    "Typical" is the share of the department's occupations (in ROLES) listing the tool, minus
    its share of all occupations, so HubSpot ranks high for marketing and Linux does not.
    """
    spec = ROLES[code]
    colleagues = [c for c, other in ROLES.items() if other.department == spec.department]
    everywhere = Counter(r["Example"] for rows in tools.values() for r in rows)
    in_department = Counter(r["Example"] for c in colleagues for r in tools.get(c, []))
    listed = {r["Example"]: r for r in tools[code]}
    unknown = [name for name in spec.preferred if name not in listed]
    if unknown:
        raise SystemExit(f"{code}: O*NET lists no {', '.join(unknown)} for this occupation")

    def score(row: dict) -> tuple:
        example = row["Example"]
        typical = in_department[example] / len(colleagues) - everywhere[example] / occupation_count
        return (-(2 * (row["In Demand"] == "Y") + (row["Hot Technology"] == "Y") + 3 * typical), example)

    preferred = [listed[name] for name in spec.preferred]
    ranked, seen, ubiquitous = [], set(), 0
    for row in preferred + sorted(tools[code], key=score):
        name = tool_name(row["Example"], everyday)
        if name is None or name in seen or row["Example"] in OTHER_INDUSTRIES:
            continue
        if everywhere[row["Example"]] / occupation_count > UBIQUITOUS_SHARE:
            if ubiquitous == MAX_UBIQUITOUS and row not in preferred:
                continue
            ubiquitous += 1
        seen.add(name)
        ranked.append([name, row["Hot Technology"] == "Y", row["In Demand"] == "Y"])
        if len(ranked) == MAX_TOOLS:
            break
    return ranked


def core_tasks(rows: list[dict]) -> list[str]:
    """Core task statements short enough for a sentence of a summary, in O*NET's order.

    Some occupations have no task types; all their tasks count as core then.
    """
    tasks = [" ".join(r["Task Title"].split()) for r in rows if r["Task Type"] in ("Core", "")]
    return [t for t in tasks if len(t) <= MAX_TASK_LENGTH][:MAX_TASKS]


def job_description(description: str) -> str:
    """The O*NET description without its classification notes ("Excludes ...", "Includes ...")."""
    sentences = re.split(r"(?<=\.)\s+", description.strip())
    return " ".join(s for s in sentences if not s.startswith(("Excludes", "Includes")))


def build_roles(onet_dir: Path) -> dict:
    """The roles file's content, from the O*NET tables in `onet_dir`."""
    occupations = {r["O*NET-SOC Code"]: r for r in _rows(onet_dir / "occupation_data.csv")}
    tools: dict[str, list[dict]] = defaultdict(list)
    for r in _rows(onet_dir / "technology_skills.csv"):
        tools[r["O*NET-SOC Code"]].append(r)
    tasks: dict[str, list[dict]] = defaultdict(list)
    for r in _rows(onet_dir / "task_statements.csv"):
        tasks[r["O*NET-SOC Code"]].append(r)

    everyday = everyday_words(
        [o["Description"] for o in occupations.values()] + [t["Task Title"] for rows in tasks.values() for t in rows]
    )
    roles = []
    for code, spec in ROLES.items():
        occupation = occupations[code]
        role = {
            "code": code,
            "title": spec.title,
            "onet_title": occupation["Title"],
            "department": spec.department,
            "weight": spec.weight,
            "description": job_description(occupation["Description"]),
            "tools": ranked_tools(code, tools, len(occupations), everyday),
            "tasks": core_tasks(tasks[code]),
        }
        if len(role["tools"]) < MIN_TOOLS or len(role["tasks"]) < 3:
            raise SystemExit(f"{code} {occupation['Title']}: too few tools or tasks for a believable profile")
        roles.append(role)
    return {"version": FORMAT_VERSION, "attribution": ATTRIBUTION, "roles": roles}


def write_gzip_json(content: dict, path: Path) -> None:
    """Gzip-compressed JSON with no timestamp or file name in the header, so rebuilds are identical."""
    raw = json.dumps(content, ensure_ascii=False, indent=0, separators=(",", ":")).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as archive:
        archive.write(raw)
    path.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("onet_dir", type=Path, help="folder with occupation_data.csv, technology_skills.csv, ...")
    parser.add_argument("--out", type=Path, default=ROLES_FILE)
    args = parser.parse_args(argv)
    content = build_roles(args.onet_dir)
    write_gzip_json(content, args.out)
    print(f"Wrote {len(content['roles'])} roles to {args.out} ({args.out.stat().st_size:,} bytes).")


if __name__ == "__main__":
    main()
