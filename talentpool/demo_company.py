"""The demo company: a software firm moving people from eliminated roles into customer work.

Jobs come from O*NET (`talentpool.demo_data`): every title is an O*NET occupation's common form,
every skill one of its technology skills, every summary and job description is built from its task
statements and description. What is written by hand here is the company's shape: the named people
and their stories, the openings, the pipeline, names for everyone else and how the company grows
with `seed-demo --people N`. Everything is deterministic, and dates are days relative to the day of
seeding, so the demo looks the same whenever it is run. Read by `talentpool.services.demo`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from talentpool.demo_data import OnetRole, load_roles
from talentpool.models import (
    ApplicationStage,
    ContestKind,
    DeclineCategory,
    Interest,
    OutcomeKind,
    Role,
    StatutoryPriority,
    WorkingHours,
)

ENGINEERING = "Engineering"
ANALYTICS = "Analytics"
MARKETING = "Marketing"
BUSINESS_OPERATIONS = "Business Operations"
LEGAL = "Legal"
CUSTOMER_SUCCESS = "Customer Success"
FINANCE = "Finance"
PEOPLE = "People"
SALES = "Sales"

DEPARTMENTS = (
    ENGINEERING,
    ANALYTICS,
    MARKETING,
    BUSINESS_OPERATIONS,
    LEGAL,
    CUSTOMER_SUCCESS,
    SALES,
    FINANCE,
    PEOPLE,
)
LOCATIONS = ("Berlin", "Lisbon", "Warsaw", "Dublin", "Remote")

HR = "hr@example.com"
HR_2 = "hr2@example.com"
MANAGER = "manager@example.com"
MANAGER_2 = "manager2@example.com"
EMPLOYEE = "employee@example.com"


@dataclass(frozen=True)
class DemoUser:
    """A demo sign-in; `employee` names the register entry it is linked to, if any."""

    email: str
    full_name: str
    roles: tuple[Role, ...]
    description: str
    employee: str | None = None


USERS = (
    DemoUser(HR, "Hannah Richter", (Role.HR,), "Hannah Richter, HR business partner (HR)"),
    DemoUser(
        HR_2,
        "Yasmin Haddad",
        (Role.HR, Role.MANAGER),
        "Yasmin Haddad, HR manager who also hires for People (HR + manager)",
    ),
    DemoUser(MANAGER, "Marco Silva", (Role.MANAGER,), "Marco Silva, head of Customer Success (manager)"),
    DemoUser(
        MANAGER_2, "Priya Raman", (Role.MANAGER,), "Priya Raman, head of Finance and Operations (manager)"
    ),
    DemoUser(
        EMPLOYEE,
        "Sofia Marques",
        (Role.EMPLOYEE,),
        "Sofia Marques, former Marketing Specialist, in the pool (employee)",
        employee="Sofia Marques",
    ),
)

# The departments whose roles were eliminated, the HR business partner who owns their cases, and why.
CASE_OWNERS = {
    ENGINEERING: HR,
    ANALYTICS: HR,
    LEGAL: HR,
    MARKETING: HR_2,
    BUSINESS_OPERATIONS: HR_2,
}
REASONS = {
    ENGINEERING: "Role eliminated when the legacy platform team merged into Core Engineering",
    ANALYTICS: "Role eliminated in the analytics consolidation",
    MARKETING: "Role eliminated when brand and field marketing moved to an agency",
    BUSINESS_OPERATIONS: "Role eliminated by the automation of order processing",
    LEGAL: "Role eliminated when contract review moved to the central legal hub",
}
# Who posts the openings of each hiring department.
HIRING_MANAGERS = {
    CUSTOMER_SUCCESS: MANAGER,
    FINANCE: MANAGER_2,
    BUSINESS_OPERATIONS: MANAGER_2,
    LEGAL: MANAGER_2,
    PEOPLE: HR_2,
}


# --- The named people and openings -------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A named member of the register: their job (an O*NET title of the roles file), office, and
    jobs they held before, which add to their skills and summary; their grade is their job's
    (`pay_grade`) unless given."""

    name: str
    title: str
    location: str
    earlier: tuple[str, ...] = ()
    hours: WorkingHours = WorkingHours.FULL_TIME
    grade: int | None = None


@dataclass(frozen=True)
class PoolEntry:
    """A person whose role was eliminated, how many days ago they entered the pool, and the statutory
    priority HR recorded for them, if any."""

    person: Person
    entered_days_ago: int
    priority: StatutoryPriority | None = None
    priority_note: str = ""


@dataclass(frozen=True)
class ClosedEntry:
    """A past pool stay and how it ended, `after_days` after entry."""

    person: Person
    entered_days_ago: int
    outcome: OutcomeKind
    after_days: int
    opening: str | None = None  # title of the history opening a reassigned person moved into
    weeks_of_pay: float | None = None
    notes: str = ""


@dataclass(frozen=True)
class DemoOpening:
    """An opening as its manager posts it, for one of the roles; `closes_in_days` None: no closing date.
    Its grade is the job's (`pay_grade`) unless given; `pool_priority_days` are the days left of its
    priority window for the pool (0: the window has ended)."""

    title: str
    location: str
    headcount: int
    manager: str
    closes_in_days: int | None = None
    hours: WorkingHours = WorkingHours.FULL_TIME
    grade: int | None = None
    pool_priority_days: int = 0


@dataclass(frozen=True)
class HistoryOpening:
    """An opening from earlier rounds, posted `posted_days_ago`; closed with `close_reason` once its
    reassignments are done."""

    opening: DemoOpening
    posted_days_ago: int
    close_reason: str | None = None


@dataclass(frozen=True)
class ManagerStep:
    """A manager moving one pool member through the stages of one of their openings."""

    opening: str
    person: str
    stages: tuple[ApplicationStage, ...]


@dataclass(frozen=True)
class Answer:
    """The demo employee's answer to an opening."""

    opening: str
    interest: Interest
    category: DeclineCategory | None = None
    reason: str = ""


SOFIA = Person(
    "Sofia Marques", "Marketing Specialist", "Lisbon",
    earlier=("Customer Service Representative", "Training and Development Specialist"),
)

# The pool today: thirty people, entered over the last four months (so some are overdue).
POOL = (
    # Engineering
    PoolEntry(Person("Rafael Costa", "Software Developer", "Lisbon"), 112),
    PoolEntry(Person("Daniel Okafor", "Software Quality Assurance Analyst", "Berlin"), 64),
    PoolEntry(Person("Jonas Becker", "Systems Administrator", "Berlin"), 84),
    PoolEntry(Person("Priyanka Nair", "Web Developer", "Remote"), 45),
    PoolEntry(Person("Mateusz Zieliński", "Software Developer", "Warsaw"), 22),
    PoolEntry(
        Person("Elif Yılmaz", "Software Quality Assurance Analyst", "Berlin", ("Technical Support Specialist",)), 80
    ),
    PoolEntry(Person("Tomás Álvarez", "Systems Engineer", "Lisbon"), 10),
    # Analytics
    PoolEntry(Person("Anna Kowalczyk", "Business Intelligence Analyst", "Warsaw"), 118),
    PoolEntry(Person("Hiroshi Tanaka", "Data Warehousing Specialist", "Remote"), 104),
    PoolEntry(Person("Fatima Zahra Benali", "Business Intelligence Analyst", "Lisbon"), 70),
    PoolEntry(Person("Lars Eriksson", "Operations Research Analyst", "Berlin"), 55),
    PoolEntry(Person("Chiara Romano", "Data Scientist", "Remote"), 38),
    PoolEntry(
        Person("Kwame Mensah", "Business Intelligence Analyst", "Berlin", ("Customer Service Representative",)), 15
    ),
    # Marketing
    PoolEntry(SOFIA, 30),
    PoolEntry(
        Person("Mei Chen", "Marketing Specialist", "Berlin"),
        66,
        StatutoryPriority.FAMILY_LEAVE,
        "Back from parental leave since last month; protected until the end of next year.",
    ),
    PoolEntry(Person("Camille Laurent", "Content Writer", "Remote"), 79),
    PoolEntry(Person("Noah Fischer", "Search Marketing Strategist", "Berlin"), 88),
    PoolEntry(Person("Isabella Rossi", "Event Planner", "Lisbon"), 60),
    PoolEntry(Person("Oliver Grant", "Graphic Designer", "Remote"), 35),
    PoolEntry(
        Person("Amara Osei", "Public Relations Specialist", "Berlin", ("Customer Service Representative",)), 18
    ),
    # Business Operations
    PoolEntry(Person("Aylin Demir", "Order Clerk", "Berlin", ("Customer Service Representative",)), 50),
    PoolEntry(Person("Marek Novák", "Management Analyst", "Warsaw"), 92),
    PoolEntry(Person("Katarzyna Wójcik", "Purchasing Agent", "Warsaw", ("Accounting Clerk",)), 76),
    PoolEntry(Person("Ahmed Hassan", "Management Analyst", "Remote"), 42),
    PoolEntry(Person("Lucía Fernández", "Administrative Assistant", "Lisbon", hours=WorkingHours.PART_TIME), 27),
    PoolEntry(Person("Henrik Larsen", "Project Management Specialist", "Berlin"), 8),
    # Legal
    PoolEntry(Person("Siobhán Murphy", "Paralegal", "Dublin"), 108),
    PoolEntry(Person("Yusuf Kaya", "Legal Secretary", "Berlin"), 85),
    PoolEntry(Person("Elena Petrova", "Paralegal", "Remote"), 58),
    PoolEntry(Person("Grace Mwangi", "Compliance Manager", "Dublin"), 33),
)

# Openings of earlier rounds, which the reassigned people of CLOSED moved into.
HISTORY_OPENINGS = (
    HistoryOpening(DemoOpening("Customer Service Representative", "Berlin", 2, MANAGER), 175),
    HistoryOpening(DemoOpening("Technical Support Specialist", "Remote", 1, MANAGER), 180),
    HistoryOpening(DemoOpening("Human Resources Assistant", "Lisbon", 1, HR_2), 140),
    HistoryOpening(
        DemoOpening("Account Manager", "Remote", 2, MANAGER),
        120,
        close_reason="The second place was frozen in the budget review.",
    ),
)

# Past stays in the pool, one or more of each outcome, entered four to seven months ago.
CLOSED = (
    ClosedEntry(Person("Lukas Schneider", "Web Developer", "Berlin"), 185, OutcomeKind.REASSIGNED, 40,
                opening="Technical Support Specialist"),
    ClosedEntry(Person("Zoë Hendriks", "Event Planner", "Berlin"), 170, OutcomeKind.REASSIGNED, 35,
                opening="Customer Service Representative"),
    ClosedEntry(Person("Marie Dubois", "Order Clerk", "Berlin"), 160, OutcomeKind.REASSIGNED, 52,
                opening="Customer Service Representative"),
    ClosedEntry(Person("Ana Popescu", "Legal Secretary", "Lisbon"), 150, OutcomeKind.REASSIGNED, 61,
                opening="Human Resources Assistant"),
    ClosedEntry(Person("Samuel Asante", "Business Intelligence Analyst", "Remote"), 135, OutcomeKind.REASSIGNED, 70,
                opening="Account Manager"),
    ClosedEntry(Person("Dmitri Volkov", "Software Developer", "Berlin"), 200, OutcomeKind.EXIT_PACKAGE, 90,
                weeks_of_pay=26, notes="Chose the package to start his own consultancy."),
    ClosedEntry(Person("Charlotte Evans", "Marketing Manager", "Dublin"), 175, OutcomeKind.EXIT_PACKAGE, 85,
                weeks_of_pay=12, notes="No suitable opening in Dublin; agreed a package."),
    ClosedEntry(Person("Piotr Kaczmarek", "Operations Manager", "Warsaw"), 140, OutcomeKind.EXIT_PACKAGE, 75,
                weeks_of_pay=8),
    ClosedEntry(Person("Arjun Mehta", "Data Warehousing Specialist", "Remote"), 165, OutcomeKind.RESIGNED, 20,
                notes="Accepted an offer from another company."),
    ClosedEntry(Person("Nora Lindqvist", "Paralegal", "Dublin"), 125, OutcomeKind.RESIGNED, 33,
                notes="Moving back to Sweden."),
)

# What managers are hiring for now: mostly in Customer Success, where the company is growing.
OPENINGS = (
    DemoOpening("Customer Service Representative", "Berlin", 3, MANAGER, 28),  # grade 6, Sofia's is 8
    DemoOpening("Technical Support Specialist", "Remote", 2, MANAGER, 35),
    DemoOpening("Account Manager", "Lisbon", 2, MANAGER, 42),
    DemoOpening("Training and Development Specialist", "Lisbon", 1, MANAGER, 40, hours=WorkingHours.PART_TIME),
    DemoOpening("Customer Service Supervisor", "Berlin", 1, MANAGER, 30, pool_priority_days=10),
    DemoOpening("Technical Writer", "Remote", 1, MANAGER, 45),
    DemoOpening("Network Support Specialist", "Remote", 1, MANAGER, 49),
    DemoOpening("Accounting Clerk", "Warsaw", 1, MANAGER_2, 30),
    DemoOpening("Financial Analyst", "Warsaw", 1, MANAGER_2, 45),
    DemoOpening("Project Management Specialist", "Berlin", 1, MANAGER_2, 33),
    DemoOpening("Compliance Manager", "Dublin", 1, MANAGER_2, 38),
    DemoOpening("Human Resources Assistant", "Lisbon", 1, HR_2, 26),
)

# The demo employee's answers: one yes, one no with a reason HR can read.
EMPLOYEE_ANSWERS = (
    Answer("Training and Development Specialist", Interest.INTERESTED),
    Answer(
        "Technical Support Specialist",
        Interest.DECLINED,
        DeclineCategory.SKILLS,
        "I'm not technical enough for Active Directory and SQL; I'd rather use my writing and training.",
    ),
)


@dataclass(frozen=True)
class Contest:
    """The demo employee contesting her suggestions."""

    kind: ContestKind
    message: str


# Waiting in her HR owner's queue, so the queue and the answer page have something to show.
EMPLOYEE_CONTESTS = (
    Contest(
        ContestKind.MISSING_ROLE,
        "The Human Resources Assistant opening in Lisbon is not in my suggestions, but I ran onboarding "
        "training for two years and would like to be considered.",
    ),
)

# Managers' pipelines: an offer waiting for HR, shortlists, one candidate turned down.
MANAGER_STEPS = (
    ManagerStep("Training and Development Specialist", "Sofia Marques", (ApplicationStage.SHORTLISTED,)),
    ManagerStep(
        "Customer Service Representative", "Aylin Demir", (ApplicationStage.SHORTLISTED, ApplicationStage.OFFERED)
    ),
    ManagerStep("Customer Service Representative", "Amara Osei", (ApplicationStage.SHORTLISTED,)),
    ManagerStep("Customer Service Representative", "Kwame Mensah", (ApplicationStage.SHORTLISTED,)),
    ManagerStep("Technical Support Specialist", "Elif Yılmaz", (ApplicationStage.SHORTLISTED,)),
    ManagerStep("Technical Support Specialist", "Jonas Becker", (ApplicationStage.TURNED_DOWN,)),
    ManagerStep("Accounting Clerk", "Katarzyna Wójcik", (ApplicationStage.SHORTLISTED,)),
)



@dataclass(frozen=True)
class DemoTrial:
    """A pool member offered an opening and reassigned on trial `started_days_ago`; with
    `failed_after_days`, HR recorded that the trial failed that many days in, with `reason`."""

    opening: str
    person: str
    started_days_ago: int
    failed_after_days: int | None = None
    reason: str = ""


# Trials: one ending this week (on HR's dashboard), one just started, and one that failed, so its
# person is back in the pool with the days on trial added to their deadline.
TRIALS = (
    DemoTrial("Technical Support Specialist", "Elif Yılmaz", 24),
    DemoTrial("Customer Service Representative", "Camille Laurent", 6),
    DemoTrial(
        "Customer Service Supervisor", "Marek Novák", 40, failed_after_days=18,
        reason="Leading the team on the phones was not for him; both sides agreed to stop the trial.",
    ),
)

# Pay grades (1-30) of the company's jobs; a job not listed has its department's.
JOB_GRADES = {
    "Customer Service Representative": 6,
    "Order Clerk": 6,
    "Administrative Assistant": 6,
    "Legal Secretary": 7,
    "Accounting Clerk": 7,
    "Human Resources Assistant": 7,
    "Technical Support Specialist": 8,
    "Marketing Specialist": 8,
    "Paralegal": 8,
    "Event Planner": 8,
    "Content Writer": 8,
    "Training and Development Specialist": 8,
    "Account Manager": 9,
    "Customer Service Supervisor": 9,
    "Technical Writer": 9,
    "Network Support Specialist": 9,
    "Data Scientist": 11,
    "Compliance Manager": 11,
    "Marketing Manager": 12,
    "Operations Manager": 12,
}
DEPARTMENT_GRADES = {
    ENGINEERING: 10,
    ANALYTICS: 10,
    MARKETING: 8,
    BUSINESS_OPERATIONS: 8,
    LEGAL: 9,
    CUSTOMER_SUCCESS: 7,
    SALES: 8,
    FINANCE: 9,
    PEOPLE: 8,
}
PART_TIME_SHARE = 0.15  # of the generated colleagues


def pay_grade(title: str) -> int:
    """The grade of a job of the company."""
    return JOB_GRADES.get(title) or DEPARTMENT_GRADES[role(title).department]


# --- The company at scale (`seed-demo --people N`) -----------------------------------------

# The demo company without --people; a larger N adds generated colleagues to the same company.
BASE_PEOPLE = 150
POOL_SHARE = 0.02  # of all people, in the pool today (never fewer than the named pool)
CLOSED_SHARE = 0.01  # of all people, with a closed case from earlier rounds
OPENINGS_PER_PERSON = 0.006  # open openings per person: 300 at 50,000
# Departments hiring at scale, by share of the openings; roles within each by their weight.
OPENING_DEPARTMENTS = {CUSTOMER_SUCCESS: 60, FINANCE: 12, BUSINESS_OPERATIONS: 10, PEOPLE: 10, LEGAL: 8}
# How earlier rounds ended, by share of the closed cases.
OUTCOME_SHARES = {OutcomeKind.REASSIGNED: 50, OutcomeKind.EXIT_PACKAGE: 30, OutcomeKind.RESIGNED: 20}
# Where the reassigned people of earlier rounds went (by role weight within these departments).
REASSIGNMENT_DEPARTMENTS = (CUSTOMER_SUCCESS, PEOPLE, FINANCE)


@dataclass(frozen=True)
class NameGroup:
    """Given names and family names that go together, and the office where most such names work."""

    office: str
    given: tuple[str, ...]
    family: tuple[str, ...]


NAMES = (
    NameGroup("Lisbon",
              ("Ana", "João", "Beatriz", "Tiago", "Inês", "Miguel", "Mariana", "Rui", "Carolina", "Duarte",
               "Leonor", "Gonçalo", "Marta", "Nuno"),
              ("Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa",
               "Fernandes", "Gonçalves", "Lopes", "Almeida", "Ribeiro")),
    NameGroup("Lisbon",
              ("Lucía", "Javier", "Carmen", "Diego", "Elena", "Pablo", "Sofía", "Alejandro", "Paula", "Sergio",
               "Nerea", "Andrés", "Valentina", "Mateo"),
              ("García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno", "Romero",
               "Navarro", "Torres", "Ramírez", "Castro")),
    NameGroup("Berlin",
              ("Lena", "Felix", "Laura", "Jonas", "Hannah", "Lukas", "Lea", "Maximilian", "Katharina", "Paul",
               "Johanna", "Tobias", "Clara", "Florian"),
              ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
               "Schulz", "Koch", "Richter", "Klein", "Neumann")),
    NameGroup("Warsaw",  # family names that are the same for women and men
              ("Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Magdalena", "Michał", "Joanna", "Paweł", "Aleksandra",
               "Krzysztof", "Monika", "Łukasz", "Zofia", "Jakub"),
              ("Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Kaczmarek", "Zając", "Król", "Wieczorek",
               "Wróbel", "Pawlak", "Michalak", "Sikora", "Walczak")),
    NameGroup("Dublin",
              ("Aoife", "Cian", "Niamh", "Seán", "Ciara", "Conor", "Róisín", "Darragh", "Saoirse", "Oisín",
               "Emma", "James", "Orla", "Eoin"),
              ("Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien", "Doyle", "McCarthy",
               "Gallagher", "O'Connor", "Kennedy", "Lynch", "Quinn")),
    NameGroup("Remote",
              ("Chinedu", "Ngozi", "Tunde", "Adaeze", "Emeka", "Yewande", "Femi", "Chiamaka", "Ifeanyi", "Funmilayo",
               "Obinna", "Zainab", "Segun", "Amaka"),
              ("Okafor", "Adeyemi", "Okonkwo", "Eze", "Balogun", "Nwosu", "Adebayo", "Obi", "Okoro", "Ogunleye",
               "Chukwu", "Bello", "Afolabi", "Nnamdi")),
    NameGroup("Dublin",
              ("Kwame", "Abena", "Kofi", "Akosua", "Kwabena", "Efua", "Yaw", "Ama", "Kwesi", "Adwoa", "Kojo",
               "Esi", "Fiifi", "Akua"),
              ("Mensah", "Boateng", "Asante", "Owusu", "Appiah", "Osei", "Acheampong", "Darko", "Ofori", "Amoah",
               "Agyeman", "Antwi", "Badu", "Quaye")),
    NameGroup("Remote",
              ("Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Divya", "Aditya", "Sneha", "Rahul",
               "Meera", "Karthik", "Pooja", "Sanjay"),
              ("Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Menon", "Rao", "Kapoor", "Joshi", "Mehta",
               "Krishnan", "Banerjee", "Desai")),
    NameGroup("Remote",
              ("Wei", "Mei", "Jun", "Xiaoling", "Hao", "Yan", "Lei", "Ling", "Jing", "Tao", "Xin", "Yu", "Fang",
               "Bo"),
              ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
               "Zhu")),
    NameGroup("Berlin",
              ("Hiroshi", "Yuki", "Haruto", "Aiko", "Kenji", "Sakura", "Takeshi", "Emi", "Daiki", "Naoko", "Ren",
               "Mai", "Sota", "Hina"),
              ("Tanaka", "Sato", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi",
               "Kato", "Yoshida", "Yamada", "Sasaki", "Inoue")),
    NameGroup("Remote",
              ("Min-jun", "Seo-yeon", "Ji-ho", "Soo-ah", "Jae-won", "Ha-eun", "Dong-hyun", "Ji-woo", "Sung-min",
               "Yoon-seo", "Hyun-woo", "Eun-ji", "Tae-yang", "Da-eun"),
              ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
               "Shin")),
    NameGroup("Berlin",
              ("Elif", "Emre", "Zeynep", "Burak", "Ayşe", "Mehmet", "Selin", "Can", "Yusuf", "Deniz", "Cem",
               "Ebru", "Murat", "Derya"),
              ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan", "Doğan", "Kılıç",
               "Aslan", "Koç", "Kurt", "Özdemir")),
    NameGroup("Berlin",
              ("Omar", "Fatima", "Karim", "Nour", "Samir", "Layla", "Youssef", "Rania", "Tarek", "Salma", "Hani",
               "Dina", "Ziad", "Mariam"),
              ("Haddad", "Khalil", "Hassan", "Mansour", "Saleh", "Nasser", "Aziz", "Rahman", "Farouk", "Hamdan",
               "Khoury", "Sabbagh", "Awad", "Najjar")),
    NameGroup("Remote",
              ("Camille", "Louis", "Chloé", "Hugo", "Manon", "Antoine", "Élise", "Julien", "Léa", "Théo",
               "Mathilde", "Nicolas", "Juliette", "Maxime"),
              ("Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Lefèvre", "Girard", "Roux", "Fournier",
               "Mercier", "Blanc", "Garnier", "Chevalier", "Rousseau")),
    NameGroup("Remote",
              ("Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Alessia", "Lorenzo", "Sara",
               "Davide", "Martina", "Simone", "Elisa", "Andrea"),
              ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
               "Greco", "Bruno", "Gallo", "Conti", "De Luca")),
    NameGroup("Berlin",
              ("Lars", "Ingrid", "Erik", "Astrid", "Nils", "Sigrid", "Mikkel", "Freja", "Anders", "Sanna",
               "Johan", "Elin", "Oskar", "Linnea"),
              ("Andersson", "Johansson", "Larsen", "Nielsen", "Hansen", "Lindqvist", "Eriksson", "Berg",
               "Jensen", "Karlsson", "Nilsson", "Solberg", "Dahl", "Holm")),
    NameGroup("Warsaw",
              ("Andrei", "Ioana", "Mihai", "Elena", "Bogdan", "Alexandra", "Cristian", "Raluca", "Vlad", "Irina",
               "Radu", "Simona", "Adrian", "Diana"),
              ("Popescu", "Ionescu", "Dumitru", "Stan", "Munteanu", "Constantin", "Marin", "Tudor", "Florea",
               "Dobre", "Barbu", "Nistor", "Matei", "Lazăr")),
    NameGroup("Warsaw",
              ("Olena", "Taras", "Oksana", "Dmytro", "Iryna", "Andriy", "Natalia", "Serhiy", "Yulia", "Oleksandr",
               "Kateryna", "Bohdan", "Sofiia", "Yaroslav"),
              ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliynyk", "Lysenko",
               "Rudenko", "Savchenko", "Petrenko", "Marchenko", "Moroz", "Pavlenko", "Melnyk")),
    NameGroup("Remote",
              ("Nikola", "Milica", "Luka", "Ivana", "Marko", "Ana", "Stefan", "Jelena", "Filip", "Maja", "Petar",
               "Tamara", "Dario", "Nina"),
              ("Horvat", "Kovačević", "Jovanović", "Petrović", "Marković", "Babić", "Novak", "Jurić", "Knežević",
               "Pavlović", "Nikolić", "Vuković", "Perić", "Ilić")),
)
HOME_OFFICE_SHARE = 0.6  # of people whose office is their name group's; the rest anywhere


# --- Roles, profiles and texts from the O*NET data ---------------------------------------


@lru_cache(maxsize=1)
def roles_by_title() -> dict[str, OnetRole]:
    """The roles of the shipped O*NET file, by the job title the company uses."""
    return {role.title: role for role in load_roles().values()}


def role(title: str) -> OnetRole:
    return roles_by_title()[title]


@dataclass(frozen=True)
class Profile:
    """What a person's register entry says they can do: skills with levels, and a summary."""

    skills: dict[str, int]
    summary: str


_KEEP_CASE = re.compile(r"^[A-Z0-9]{2,}")  # "IT", "SQL": acronyms keep their capitals


def _lower_first(text: str) -> str:
    return text if _KEEP_CASE.match(text) else text[:1].lower() + text[1:]


def first_person(task: str) -> str:
    """An O*NET task ("Confer with customers ...") to follow "I" or "to": "confer with customers ..."."""
    return _lower_first(task.rstrip(". "))


def job_name(title: str) -> str:
    """A title inside a sentence, with its article: "a marketing specialist", "an IT manager"."""
    words = " ".join(w if _KEEP_CASE.match(w) else w.lower() for w in title.split())
    return f"{'an' if words[0] in 'aeiouAEIOU' else 'a'} {words}"


def profile(seed: str, job: OnetRole, earlier: Sequence[OnetRole] = (), *, current: bool = False) -> Profile:
    """Skills and a first-person summary for someone in `job`, the same every time for the same seed.

    Skills are the job's first three tools and three more of its next seven (levels 3-5 and 2-4),
    plus the first two tools of each earlier job; the summary is two or three of the job's tasks
    and one of each earlier job's, told in the past unless the job is `current` (not eliminated).
    """
    rng = random.Random(f"{seed}|{job.code}")
    names = job.tool_names
    chosen = list(names[:3]) + sorted(rng.sample(names[3:10], 3), key=names.index)
    skills = {name: rng.randint(3, 5) if i < 3 else rng.randint(2, 4) for i, name in enumerate(chosen)}
    for previous in earlier:
        for name in previous.tool_names[:2]:
            skills.setdefault(name, rng.randint(3, 4))

    tasks = [first_person(t) for t in rng.sample(job.tasks, 3)]
    # O*NET tasks start with a bare verb ("Confer with ..."), so they read well after "I" and "to".
    if current:
        openers = ("As {job}, I {task}.", "In my job as {job} I {task}.")
        more, most = "I also {task}.", "Another part of my role is to {task}."
    else:
        openers = ("My job as {job} was to {task}.", "As {job}, my main task was to {task}.")
        more, most = "I also had to {task}.", "Another part of the role was to {task}."
    sentences = [rng.choice(openers).format(job=job_name(job.title), task=tasks[0]), more.format(task=tasks[1])]
    if rng.random() < 0.5:
        sentences.append(most.format(task=tasks[2]))
    for previous, when in zip(earlier, ("Before that", "Earlier still", "Even earlier")):
        task = first_person(rng.choice(previous.tasks[:5]))
        sentences.append(f"{when} I worked as {job_name(previous.title)}, where my job was to {task}.")
    return Profile(skills, " ".join(sentences))


def person_profile(person: Person) -> Profile:
    """The profile of a named person."""
    return profile(person.name, role(person.title), [role(t) for t in person.earlier])


def opening_description(job: OnetRole, seed: str) -> str:
    """O*NET's description of the job, then two of its tasks as what the new colleague will do."""
    first, second = random.Random(f"{seed}|{job.code}").sample(job.tasks[:6], 2)
    return f"{job.description} In this role you will {first_person(first)}. You will also {first_person(second)}."


def opening_skills(job: OnetRole) -> tuple[dict[str, int], tuple[str, ...]]:
    """Required skills with minimum levels (the job's first three tools) and nice-to-have ones (the next two)."""
    names = job.tool_names
    return dict(zip(names[:3], (3, 3, 2))), tuple(names[3:5])
