"""The demo company: a mid-size software firm moving people from eliminated roles into customer work.

Plain data only, read by `talentpool.services.demo`, which creates it through the services.
Dates are days relative to the day of seeding, so the demo looks the same whenever it is run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from talentpool.models import ApplicationStage, Interest, OutcomeKind, Role

ENGINEERING = "Engineering"
ANALYTICS = "Analytics"
MARKETING = "Marketing"
BUSINESS_OPERATIONS = "Business Operations"
LEGAL = "Legal"
CUSTOMER_SUCCESS = "Customer Success"
FINANCE = "Finance"
PEOPLE = "People"

DEPARTMENTS = (
    ENGINEERING,
    ANALYTICS,
    MARKETING,
    BUSINESS_OPERATIONS,
    LEGAL,
    CUSTOMER_SUCCESS,
    FINANCE,
    PEOPLE,
)

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

# The HR business partner who owns the cases of each eliminated department.
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


@dataclass(frozen=True)
class Person:
    """An entry of the employee register: who they are, what they did and can do."""

    name: str
    title: str
    department: str
    location: str
    skills: Mapping[str, int]
    summary: str = ""


@dataclass(frozen=True)
class PoolEntry:
    """A person whose role was eliminated, and how many days ago they entered the pool."""

    person: Person
    entered_days_ago: int


@dataclass(frozen=True)
class ClosedEntry:
    """A past pool stay and how it ended, `after_days` after entry."""

    person: Person
    entered_days_ago: int
    outcome: OutcomeKind
    after_days: int
    opening: str | None = None  # title of the opening a reassigned person moved into
    weeks_of_pay: float | None = None
    notes: str = ""


@dataclass(frozen=True)
class DemoOpening:
    """An opening as its manager posts it; `closes_in_days` None means no closing date."""

    title: str
    department: str
    location: str
    description: str
    headcount: int
    manager: str
    required: Mapping[str, int | None]
    nice_to_have: tuple[str, ...] = ()
    closes_in_days: int | None = None


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
    reason: str = ""


@dataclass(frozen=True)
class HistoryOpening:
    """An opening from earlier rounds; closed with `close_reason` once its reassignments are done."""

    opening: DemoOpening
    close_reason: str | None = None


# People on the payroll who are not in the pool, so the register looks like a real one.
STAFF = (
    Person("Julia Wagner", "Customer Support Specialist", CUSTOMER_SUCCESS, "Berlin",
           {"Customer service": 5, "Zendesk": 4, "Written communication": 4}),
    Person("Pedro Santos", "Customer Success Manager", CUSTOMER_SUCCESS, "Lisbon",
           {"Stakeholder management": 4, "Salesforce": 4, "Negotiation": 3}),
    Person("Hana Kim", "Technical Support Engineer", CUSTOMER_SUCCESS, "Remote",
           {"Troubleshooting": 5, "SQL": 4, "REST APIs": 4, "Linux": 3}),
    Person("Inês Carvalho", "Support Team Lead", CUSTOMER_SUCCESS, "Lisbon",
           {"Customer service": 5, "Team leadership": 4, "Zendesk": 4}),
    Person("Ben Adeyemi", "Onboarding Specialist", CUSTOMER_SUCCESS, "Berlin",
           {"Training others": 4, "Customer service": 4, "Project management": 3}),
    Person("Marta Nowicka", "Accounts Payable Specialist", FINANCE, "Warsaw",
           {"Accounts payable": 5, "SAP": 4, "Microsoft Excel": 4}),
    Person("Thomas Müller", "Financial Controller", FINANCE, "Berlin",
           {"Financial reporting": 5, "Microsoft Excel": 5, "SAP": 4}),
    Person("Laura Bianchi", "Recruiter", PEOPLE, "Lisbon",
           {"Interviewing": 4, "Stakeholder management": 3, "Written communication": 4}),
    Person("Viktor Horvat", "Engineering Manager", ENGINEERING, "Berlin",
           {"Team leadership": 4, "Java": 4, "Project management": 3}),
    Person("Sarah O'Connor", "Legal Counsel", LEGAL, "Dublin",
           {"Contract management": 5, "GDPR": 4, "Negotiation": 4}),
)

SOFIA = Person(
    "Sofia Marques", "Marketing Specialist", MARKETING, "Lisbon",
    {"Customer service": 4, "Written communication": 5, "Copywriting": 4, "HubSpot": 4, "Social media": 4,
     "Content strategy": 3, "Google Analytics": 3, "Presentation skills": 3, "Training others": 3, "Zendesk": 2},
    "I ran our email campaigns and social channels for four years and answered the customer questions "
    "that came in through them. I wrote help articles with the support team and trained new colleagues on HubSpot.",
)

# The pool today: about thirty people, entered over the last four months (so some are overdue).
POOL = (
    # Engineering
    PoolEntry(Person(
        "Rafael Costa", "Software Developer", ENGINEERING, "Lisbon",
        {"Java": 4, "REST APIs": 4, "SQL": 3, "Git": 4, "Troubleshooting": 4, "Linux": 3, "Written communication": 3},
        "I built and maintained our billing integrations in Java for six years. Support escalated the hardest "
        "customer tickets to me, so I know how to debug a problem with the customer on the line.",
    ), 112),
    PoolEntry(Person(
        "Daniel Okafor", "QA Engineer", ENGINEERING, "Berlin",
        {"Test automation": 4, "Selenium": 4, "Jira": 4, "Troubleshooting": 4, "Written communication": 3,
         "Customer service": 2, "SQL": 2},
        "I tested the web app before each release and wrote the automated regression suite. I reproduced the "
        "bugs customers reported and wrote them up so developers could act on them.",
    ), 64),
    PoolEntry(Person(
        "Jonas Becker", "DevOps Engineer", ENGINEERING, "Berlin",
        {"Linux": 5, "Kubernetes": 4, "AWS": 4, "Python": 3, "Git": 4, "Troubleshooting": 4},
        "I ran the deployment pipelines and the on-call rotation for the legacy platform. Incidents taught me "
        "to stay calm and explain clearly what is going on.",
    ), 84),
    PoolEntry(Person(
        "Priyanka Nair", "Frontend Developer", ENGINEERING, "Remote",
        {"JavaScript": 4, "React": 4, "CSS": 4, "Accessibility": 3, "Written communication": 3, "Figma": 2},
        "I built the customer dashboard in React together with our designers. I also ran usability sessions "
        "with customers and turned what they said into changes.",
    ), 45),
    PoolEntry(Person(
        "Mateusz Zieliński", "Backend Developer", ENGINEERING, "Warsaw",
        {"Python": 4, "SQL": 4, "REST APIs": 4, "Django": 3, "Technical writing": 3, "Troubleshooting": 3},
        "I wrote internal APIs in Python and kept their documentation up to date. I like explaining technical "
        "things in plain words.",
    ), 22),
    PoolEntry(Person(
        "Elif Yılmaz", "QA Engineer", ENGINEERING, "Berlin",
        {"Manual testing": 4, "Jira": 3, "Troubleshooting": 3, "Customer service": 3, "Written communication": 4,
         "Zendesk": 2},
        "I did exploratory testing and triaged the bugs that came in through support. I often joined customer "
        "calls to reproduce a problem live.",
    ), 80),
    PoolEntry(Person(
        "Tomás Álvarez", "Integration Developer", ENGINEERING, "Lisbon",
        {"REST APIs": 4, "JavaScript": 3, "SQL": 3, "Salesforce": 3, "Stakeholder management": 3,
         "Project management": 2},
        "I built the integrations between our product and customers' CRMs, mostly Salesforce. I scoped each "
        "project directly with the customer's IT team.",
    ), 10),
    # Analytics
    PoolEntry(Person(
        "Anna Kowalczyk", "Data Analyst", ANALYTICS, "Warsaw",
        {"SQL": 5, "Data analysis": 5, "Microsoft Excel": 5, "Tableau": 4, "Python": 3, "Presentation skills": 3},
        "I built the weekly revenue and churn reports for sales leadership. I turned their questions into "
        "queries and the answers into charts they could use.",
    ), 118),
    PoolEntry(Person(
        "Hiroshi Tanaka", "BI Developer", ANALYTICS, "Remote",
        {"SQL": 5, "Power BI": 5, "dbt": 4, "Data modeling": 4, "Python": 3, "Training others": 3},
        "I maintained the data warehouse models and the Power BI dashboards. I trained finance and sales "
        "colleagues to build their own reports.",
    ), 104),
    PoolEntry(Person(
        "Fatima Zahra Benali", "Data Analyst", ANALYTICS, "Lisbon",
        {"SQL": 4, "Looker": 4, "Google Analytics": 4, "Microsoft Excel": 4, "Written communication": 3,
         "Customer service": 2},
        "I analysed product usage to find where customers got stuck during onboarding, and presented what I "
        "found to the Customer Success team every month.",
    ), 70),
    PoolEntry(Person(
        "Lars Eriksson", "Reporting Analyst", ANALYTICS, "Berlin",
        {"Microsoft Excel": 5, "Financial reporting": 3, "Reconciliation": 3, "SQL": 3, "Tableau": 3},
        "I produced the monthly KPI pack and reconciled the figures between the finance and CRM systems.",
    ), 55),
    PoolEntry(Person(
        "Chiara Romano", "Data Scientist", ANALYTICS, "Remote",
        {"Python": 5, "Machine learning": 4, "SQL": 4, "Statistics": 4, "Presentation skills": 3},
        "I built our churn prediction models and explained their results to teams without a technical "
        "background.",
    ), 38),
    PoolEntry(Person(
        "Kwame Mensah", "Data Analyst", ANALYTICS, "Berlin",
        {"SQL": 3, "Microsoft Excel": 4, "Tableau": 3, "Data analysis": 3, "Customer service": 3, "Salesforce": 3},
        "Before analytics I spent three years in a call centre. Here I analysed support ticket trends and built "
        "the Salesforce reports for the account managers.",
    ), 15),
    # Marketing
    PoolEntry(SOFIA, 30),
    PoolEntry(Person(
        "Mei Chen", "Marketing Specialist", MARKETING, "Berlin",
        {"Email marketing": 4, "HubSpot": 3, "Copywriting": 3, "Customer service": 3, "Presentation skills": 3,
         "Google Analytics": 3},
        "I planned our customer newsletters and product launch emails. At trade fairs I gave the product demos "
        "and answered visitors' questions.",
    ), 66),
    PoolEntry(Person(
        "Camille Laurent", "Content Writer", MARKETING, "Remote",
        {"Copywriting": 5, "Written communication": 5, "Content strategy": 4, "SEO": 3, "WordPress": 3,
         "Customer service": 2},
        "I wrote blog posts, case studies and product pages. Interviewing customers for the case studies was "
        "the part I enjoyed most.",
    ), 79),
    PoolEntry(Person(
        "Noah Fischer", "SEO Specialist", MARKETING, "Berlin",
        {"SEO": 5, "Google Analytics": 5, "HTML": 3, "Content strategy": 3, "Microsoft Excel": 3,
         "Data analysis": 3},
        "I ran technical SEO and keyword research for the website and the help centre.",
    ), 88),
    PoolEntry(Person(
        "Isabella Rossi", "Event Marketing Specialist", MARKETING, "Lisbon",
        {"Event planning": 4, "Project management": 4, "Stakeholder management": 4, "Presentation skills": 4,
         "Negotiation": 3, "Salesforce": 2},
        "I organised our customer conferences and webinars, from venue contracts to coaching the speakers.",
    ), 60),
    PoolEntry(Person(
        "Oliver Grant", "Marketing Automation Specialist", MARKETING, "Remote",
        {"HubSpot": 5, "Salesforce": 4, "Email marketing": 4, "Training others": 3, "Process improvement": 3,
         "SQL": 2},
        "I built our HubSpot nurture flows and kept the CRM data clean. I also trained the sales team on HubSpot.",
    ), 35),
    PoolEntry(Person(
        "Amara Osei", "Social Media Manager", MARKETING, "Berlin",
        {"Social media": 5, "Customer service": 4, "Written communication": 4, "Community management": 4,
         "Canva": 4, "Zendesk": 2},
        "I ran our social channels and answered the questions and complaints customers posted there, passing "
        "the tricky ones to support.",
    ), 18),
    # Business Operations
    PoolEntry(Person(
        "Aylin Demir", "Order Management Specialist", BUSINESS_OPERATIONS, "Berlin",
        {"Customer service": 4, "Zendesk": 3, "Written communication": 3, "Salesforce": 3, "Microsoft Excel": 4,
         "Data entry": 4},
        "I processed customer orders and sorted out billing problems with customers by email and phone, "
        "working in Zendesk every day.",
    ), 50),
    PoolEntry(Person(
        "Marek Novák", "Business Operations Analyst", BUSINESS_OPERATIONS, "Warsaw",
        {"Microsoft Excel": 5, "Process improvement": 4, "SQL": 3, "Stakeholder management": 3, "Jira": 3,
         "Project management": 3},
        "I mapped and improved our order-to-cash process and built the operational dashboards. Much of the job "
        "was getting teams to agree on how a process should run.",
    ), 92),
    PoolEntry(Person(
        "Katarzyna Wójcik", "Procurement Specialist", BUSINESS_OPERATIONS, "Warsaw",
        {"Procurement": 4, "Vendor management": 4, "SAP": 4, "Negotiation": 4, "Microsoft Excel": 4,
         "Contract management": 3, "Accounts payable": 2},
        "I sourced software and office suppliers and negotiated their renewals. I worked with accounts payable "
        "to settle invoice disputes.",
    ), 76),
    PoolEntry(Person(
        "Ahmed Hassan", "Business Operations Analyst", BUSINESS_OPERATIONS, "Remote",
        {"Microsoft Excel": 4, "Salesforce": 3, "Data analysis": 3, "Process improvement": 3,
         "Project management": 3, "Stakeholder management": 3},
        "I ran the sales operations reporting and the quarterly territory planning.",
    ), 42),
    PoolEntry(Person(
        "Lucía Fernández", "Sales Operations Coordinator", BUSINESS_OPERATIONS, "Lisbon",
        {"Salesforce": 4, "Data entry": 4, "Customer service": 3, "Microsoft Excel": 3, "Written communication": 3,
         "Training others": 2},
        "I set up new customer accounts in Salesforce once contracts were signed and made sure the handover to "
        "Customer Success was complete.",
    ), 27),
    PoolEntry(Person(
        "Henrik Larsen", "Business Systems Administrator", BUSINESS_OPERATIONS, "Berlin",
        {"Jira": 4, "Confluence": 4, "Salesforce": 4, "Troubleshooting": 4, "Training others": 4,
         "Process improvement": 3},
        "I administered Jira and Salesforce for the operations teams and ran their training sessions.",
    ), 8),
    # Legal
    PoolEntry(Person(
        "Siobhán Murphy", "Paralegal", LEGAL, "Dublin",
        {"Legal research": 4, "Westlaw": 4, "Contract management": 4, "Document management": 4,
         "Written communication": 4, "GDPR": 3},
        "I drafted and reviewed NDAs and supplier agreements and kept the contract database up to date.",
    ), 108),
    PoolEntry(Person(
        "Yusuf Kaya", "Legal Assistant", LEGAL, "Berlin",
        {"Document management": 4, "Contract management": 3, "Customer service": 3, "Written communication": 3,
         "Microsoft Excel": 3, "Data entry": 3},
        "I looked after the legal inbox and answered customers' contract and invoice questions before passing "
        "them to the lawyers.",
    ), 85),
    PoolEntry(Person(
        "Elena Petrova", "Contracts Administrator", LEGAL, "Remote",
        {"Contract management": 5, "Salesforce": 3, "Negotiation": 3, "Compliance": 3, "Stakeholder management": 3},
        "I administered customer contracts from signature to renewal and reminded account managers of renewal "
        "dates in time.",
    ), 58),
    PoolEntry(Person(
        "Grace Mwangi", "Legal Operations Specialist", LEGAL, "Dublin",
        {"Compliance": 4, "GDPR": 4, "Risk assessment": 3, "Process improvement": 3, "Microsoft Excel": 3,
         "Jira": 2},
        "I ran our GDPR request process and the yearly policy attestation.",
    ), 33),
)

# Openings of earlier rounds, which the reassigned people of CLOSED moved into.
HISTORY_OPENINGS = (
    HistoryOpening(DemoOpening(
        "Customer Support Specialist (DACH)", CUSTOMER_SUCCESS, "Berlin",
        "Answer German-speaking customers by email and chat and resolve their tickets in Zendesk.",
        2, MANAGER, {"Customer service": 3, "Written communication": 3}, ("Zendesk",),
    )),
    HistoryOpening(DemoOpening(
        "Support Engineer (Tier 2)", CUSTOMER_SUCCESS, "Remote",
        "Take over escalated tickets, reproduce bugs and work with engineering on fixes.",
        1, MANAGER, {"Troubleshooting": 4, "REST APIs": 3}, ("Jira",),
    )),
    HistoryOpening(DemoOpening(
        "People Operations Assistant", PEOPLE, "Lisbon",
        "Keep employee records and contracts in order and answer colleagues' HR questions.",
        1, HR_2, {"Document management": 3, "Written communication": 3}, ("Microsoft Excel",),
    )),
    HistoryOpening(
        DemoOpening(
            "Customer Success Associate", CUSTOMER_SUCCESS, "Remote",
            "Support the Customer Success Managers with account reviews, usage reports and renewals.",
            2, MANAGER, {"Customer service": 3, "Microsoft Excel": 3}, ("Salesforce",),
        ),
        close_reason="The second place was frozen in the budget review.",
    ),
)

# Past stays in the pool, one or more of each outcome, entered four to seven months ago.
CLOSED = (
    ClosedEntry(Person(
        "Lukas Schneider", "Frontend Developer", ENGINEERING, "Berlin",
        {"JavaScript": 4, "Troubleshooting": 4, "REST APIs": 3, "Customer service": 3},
        "I built the admin pages of our product and handled the bugs support sent our way.",
    ), 185, OutcomeKind.REASSIGNED, 40, opening="Support Engineer (Tier 2)"),
    ClosedEntry(Person(
        "Zoë Hendriks", "Marketing Coordinator", MARKETING, "Berlin",
        {"Customer service": 3, "Written communication": 4, "Zendesk": 2, "Event planning": 3},
        "I coordinated campaigns and webinars and answered the questions attendees sent in.",
    ), 170, OutcomeKind.REASSIGNED, 35, opening="Customer Support Specialist (DACH)"),
    ClosedEntry(Person(
        "Marie Dubois", "Business Operations Analyst", BUSINESS_OPERATIONS, "Berlin",
        {"Microsoft Excel": 4, "Customer service": 3, "Written communication": 3, "Process improvement": 3},
        "I handled order exceptions and wrote the process guides for the order desk.",
    ), 160, OutcomeKind.REASSIGNED, 52, opening="Customer Support Specialist (DACH)"),
    ClosedEntry(Person(
        "Ana Popescu", "Legal Assistant", LEGAL, "Lisbon",
        {"Document management": 4, "Written communication": 3, "Microsoft Excel": 3},
        "I kept the legal team's files and contract records in order.",
    ), 150, OutcomeKind.REASSIGNED, 61, opening="People Operations Assistant"),
    ClosedEntry(Person(
        "Samuel Asante", "Data Analyst", ANALYTICS, "Remote",
        {"SQL": 4, "Microsoft Excel": 4, "Customer service": 3, "Salesforce": 2},
        "I built usage reports for account managers and joined their customer reviews.",
    ), 135, OutcomeKind.REASSIGNED, 70, opening="Customer Success Associate"),
    ClosedEntry(Person(
        "Dmitri Volkov", "Senior Backend Developer", ENGINEERING, "Berlin",
        {"Java": 5, "SQL": 4, "Kubernetes": 3},
        "I led the backend of the legacy platform for eight years.",
    ), 200, OutcomeKind.EXIT_PACKAGE, 90, weeks_of_pay=26,
        notes="Chose the package to start his own consultancy."),
    ClosedEntry(Person(
        "Charlotte Evans", "Brand Manager", MARKETING, "Dublin",
        {"Brand strategy": 4, "Copywriting": 3, "Stakeholder management": 3},
        "I looked after our brand guidelines and the agency relationships.",
    ), 175, OutcomeKind.EXIT_PACKAGE, 85, weeks_of_pay=12,
        notes="No suitable opening in Dublin; agreed a package."),
    ClosedEntry(Person(
        "Piotr Kaczmarek", "Office Manager", BUSINESS_OPERATIONS, "Warsaw",
        {"Vendor management": 3, "Microsoft Excel": 3, "Procurement": 2},
        "I ran the Warsaw office and its suppliers.",
    ), 140, OutcomeKind.EXIT_PACKAGE, 75, weeks_of_pay=8),
    ClosedEntry(Person(
        "Arjun Mehta", "BI Developer", ANALYTICS, "Remote",
        {"SQL": 5, "Tableau": 4, "Python": 3},
        "I built the Tableau dashboards for product and finance.",
    ), 165, OutcomeKind.RESIGNED, 20, notes="Accepted an offer from another company."),
    ClosedEntry(Person(
        "Nora Lindqvist", "Paralegal", LEGAL, "Dublin",
        {"Legal research": 4, "Westlaw": 3, "Contract management": 3},
        "I supported the lawyers with research and contract drafting.",
    ), 125, OutcomeKind.RESIGNED, 33, notes="Moving back to Sweden."),
)

# What managers are hiring for now: mostly in Customer Success, where the company is growing.
OPENINGS = (
    DemoOpening(
        "Customer Support Specialist", CUSTOMER_SUCCESS, "Berlin",
        "Answer customers' questions by email and chat and resolve their tickets in Zendesk. You will be the "
        "first person customers talk to, so clear writing and patience matter more than product knowledge.",
        3, MANAGER, {"Customer service": 3, "Written communication": 3, "Zendesk": 2},
        ("Troubleshooting", "Salesforce"), 28,
    ),
    DemoOpening(
        "Technical Support Engineer", CUSTOMER_SUCCESS, "Remote",
        "Investigate the tickets first-line support cannot solve: API errors, integrations and data issues. "
        "You will reproduce problems, query logs and databases, and work with engineering on fixes.",
        2, MANAGER, {"Troubleshooting": 4, "SQL": 3, "REST APIs": 3, "Customer service": 2},
        ("Linux", "Jira", "Python"), 35,
    ),
    DemoOpening(
        "Customer Success Manager", CUSTOMER_SUCCESS, "Lisbon",
        "Own a portfolio of mid-size customers: run their business reviews, spot risks early and grow their "
        "use of the product. You will work closely with sales on renewals and upsells.",
        2, MANAGER, {"Stakeholder management": 4, "Customer service": 3, "Salesforce": 3},
        ("Presentation skills", "Negotiation", "Data analysis"), 42,
    ),
    DemoOpening(
        "Onboarding Specialist", CUSTOMER_SUCCESS, "Berlin",
        "Guide new customers through their first 60 days, from kick-off call to go-live. You will run training "
        "sessions and keep each onboarding plan on track.",
        1, MANAGER, {"Training others": 3, "Customer service": 3, "Project management": 2},
        ("Salesforce", "Presentation skills"), 21,
    ),
    DemoOpening(
        "Support Team Lead", CUSTOMER_SUCCESS, "Berlin",
        "Lead a team of eight support specialists: plan shifts, coach on difficult tickets and watch response "
        "times. You will also improve our support processes with the rest of Customer Success.",
        1, MANAGER, {"Customer service": 4, "Team leadership": 3, "Zendesk": 3},
        ("Process improvement", "Jira"), 30,
    ),
    DemoOpening(
        "Knowledge Base Writer", CUSTOMER_SUCCESS, "Remote",
        "Write and maintain the help centre articles our customers and support team rely on. You will turn "
        "recurring tickets into clear, searchable answers.",
        1, MANAGER, {"Written communication": 4, "Technical writing": 3},
        ("Confluence", "SEO", "Zendesk"), 45,
    ),
    DemoOpening(
        "Customer Education Specialist", CUSTOMER_SUCCESS, "Lisbon",
        "Design and run webinars, training courses and short videos that help customers get more out of the "
        "product. You will work with product managers on each release.",
        1, MANAGER, {"Training others": 3, "Written communication": 3, "Presentation skills": 3},
        ("Content strategy", "E-learning authoring", "Video editing"), 40,
    ),
    DemoOpening(
        "Implementation Consultant", CUSTOMER_SUCCESS, "Remote",
        "Set up the product for larger customers: data migration, integrations and configuration. You will "
        "scope each project with the customer and see it through to launch.",
        2, MANAGER, {"Project management": 3, "Stakeholder management": 3, "SQL": 2},
        ("REST APIs", "Microsoft Excel", "Data migration"), 49,
    ),
    DemoOpening(
        "Renewals Specialist", CUSTOMER_SUCCESS, "Lisbon",
        "Prepare and negotiate renewals for our small and mid-size customers. You will keep the renewal "
        "pipeline in Salesforce accurate and flag churn risks early.",
        1, MANAGER, {"Negotiation": 3, "Salesforce": 3, "Customer service": 3},
        ("Microsoft Excel", "Contract management"), 26,
    ),
    DemoOpening(
        "Accounts Payable Specialist", FINANCE, "Warsaw",
        "Process supplier invoices, match them to purchase orders and prepare the payment runs. You will "
        "answer suppliers' questions and help with the monthly close.",
        1, MANAGER_2, {"Accounts payable": 2, "Microsoft Excel": 3, "Reconciliation": 2},
        ("SAP", "Procurement"), 30,
    ),
    DemoOpening(
        "Operations Coordinator", BUSINESS_OPERATIONS, "Berlin",
        "Keep the day-to-day operations running: vendor contracts, internal tooling requests and process "
        "documentation. You will be the go-to person for the Berlin office.",
        1, MANAGER_2, {"Process improvement": 3, "Microsoft Excel": 3, "Stakeholder management": 2},
        ("Jira", "Vendor management"), 33,
    ),
    DemoOpening(
        "Compliance Analyst", LEGAL, "Dublin",
        "Run our GDPR and SOC 2 evidence processes and keep the policy library current. You will work with "
        "every department to make sure controls are followed.",
        1, MANAGER_2, {"Compliance": 3, "GDPR": 3, "Risk assessment": 2},
        ("Document management", "Jira"), 38,
    ),
)

# The demo employee's answers: one yes, one no with a reason HR can read.
EMPLOYEE_ANSWERS = (
    Answer("Customer Education Specialist", Interest.INTERESTED),
    Answer(
        "Technical Support Engineer",
        Interest.DECLINED,
        "I'm not technical enough to debug API errors; I'd rather use my writing and training.",
    ),
)

# Managers' pipelines: an offer waiting for HR, shortlists, one candidate turned down.
MANAGER_STEPS = (
    ManagerStep("Customer Education Specialist", "Sofia Marques", (ApplicationStage.SHORTLISTED,)),
    ManagerStep(
        "Customer Support Specialist", "Aylin Demir", (ApplicationStage.SHORTLISTED, ApplicationStage.OFFERED)
    ),
    ManagerStep("Customer Support Specialist", "Elif Yılmaz", (ApplicationStage.SHORTLISTED,)),
    ManagerStep("Customer Support Specialist", "Amara Osei", (ApplicationStage.SHORTLISTED,)),
    ManagerStep("Technical Support Engineer", "Rafael Costa", (ApplicationStage.SHORTLISTED,)),
    ManagerStep("Technical Support Engineer", "Jonas Becker", (ApplicationStage.TURNED_DOWN,)),
    ManagerStep("Accounts Payable Specialist", "Katarzyna Wójcik", (ApplicationStage.SHORTLISTED,)),
)
