"""The skills-similarity model: what it promises to the web app and to outside scripts."""

import ast
import math
import pickle
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from talentpool.matching import (
    ARTIFACT_VERSION,
    EncodedCandidates,
    Match,
    SkillMatcher,
    canonical_skill,
    default_space,
    normalize_skill,
)
from talentpool.matching.build import _shortened_names
from talentpool.matching.matcher import CLOSE_CREDIT
from talentpool.matching.space import DATA_DIR, career_move_table

MATCHING_PACKAGE = Path(__file__).resolve().parents[1] / "talentpool" / "matching"

CUSTOMER_SUPPORT = {
    "id": 1,
    "title": "Customer Support Specialist",
    "description": "Answer customer questions by email and chat, resolve tickets in Zendesk.",
    "skills": ["Zendesk", "customer service", "Written communication", "Spreadsheet"],
}
PARALEGAL = {
    "id": 2,
    "title": "Paralegal",
    "description": "Support the legal team with research, contract drafting and case files.",
    "skills": ["legal research", "contract drafting", "Westlaw"],
}
DATA_ANALYST = {
    "id": 3,
    "title": "Data Analyst",
    "description": "Build reports and dashboards from sales data with SQL and Python.",
    "skills": ["SQL", "Python", "data analysis", "Tableau"],
}
OPENINGS = [CUSTOMER_SUPPORT, PARALEGAL, DATA_ANALYST]

SUPPORT_PERSON = {
    "id": 10,
    "title": "Marketing Specialist",
    "description": "Spent two years answering customer questions and resolving complaints.",
    "skills": ["Customer service", "Zendesk", "Microsoft Excel", "Written communication"],
}
ANALYST_PERSON = {
    "id": 11,
    "title": "Business Analyst",
    "description": "Wrote SQL reports and Python scripts for the finance team.",
    "skills": ["SQL", "Python", "Excel"],
}


def fitted(openings=OPENINGS):
    return SkillMatcher().fit(openings)


def opening(opening_id, skills, **fields):
    return {"id": opening_id, "title": "Support Agent", "description": "Helping customers.", "skills": skills, **fields}


def person(person_id, skills, **fields):
    return {"id": person_id, "title": "Agent", "description": "Helped customers.", "skills": skills, **fields}


def test_fit_returns_the_matcher():
    matcher = SkillMatcher()
    assert matcher.fit(OPENINGS) is matcher


def test_rank_gives_one_list_per_candidate_of_matches_best_first():
    ranked = fitted().rank([SUPPORT_PERSON, ANALYST_PERSON])
    assert len(ranked) == 2
    for matches in ranked:
        assert all(isinstance(m, Match) for m in matches)
        assert sorted(m.opening_id for m in matches) == [1, 2, 3]
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_match_carries_score_explanation_and_components_in_unit_interval():
    match = fitted().rank([SUPPORT_PERSON])[0][0]
    assert match.opening_id == 1
    assert isinstance(match.matched_skills, tuple) and isinstance(match.missing_skills, tuple)
    for value in (match.score, match.title_similarity, match.text_similarity, match.skill_coverage):
        assert isinstance(value, float) and 0.0 <= value <= 1.0
    assert 0.0 < match.score


def test_match_is_immutable():
    match = fitted().rank([SUPPORT_PERSON])[0][0]
    with pytest.raises(AttributeError):
        match.score = 1.0


@pytest.mark.parametrize("top_k, expected_length", [(1, 1), (2, 2), (10, 3), (0, 0), (None, 3)])
def test_top_k_bounds_each_list(top_k, expected_length):
    ranked = fitted().rank([SUPPORT_PERSON, ANALYST_PERSON], top_k=top_k)
    assert [len(matches) for matches in ranked] == [expected_length, expected_length]


def test_objects_rank_exactly_like_mappings():
    as_objects = [SimpleNamespace(**o) for o in OPENINGS]
    people = [SimpleNamespace(**SUPPORT_PERSON), SimpleNamespace(**ANALYST_PERSON)]
    assert fitted(as_objects).rank(people) == fitted().rank([SUPPORT_PERSON, ANALYST_PERSON])


def test_missing_fields_read_as_empty():
    bare_opening = SimpleNamespace(id=1, title="Paralegal")
    [[match]] = SkillMatcher().fit([bare_opening]).rank([{"id": 5, "title": "Paralegal"}])
    assert match.skill_coverage == 0.0 and match.title_similarity == pytest.approx(1.0)


def test_same_input_gives_identical_output():
    people = [SUPPORT_PERSON, ANALYST_PERSON]
    assert fitted().rank(people, top_k=2) == fitted().rank(people, top_k=2)


def test_tied_openings_rank_by_opening_id():
    twin = {key: value for key, value in CUSTOMER_SUPPORT.items() if key != "id"}
    matcher = SkillMatcher().fit([{"id": 7, **twin}, {"id": 3, **twin}])
    ranked = matcher.rank([SUPPORT_PERSON])[0]
    assert ranked[0].score == ranked[1].score
    assert [m.opening_id for m in ranked] == [3, 7]
    # The cut at top_k also keeps the lower id, whatever order the partition leaves ties in.
    assert [m.opening_id for m in matcher.rank([SUPPORT_PERSON], top_k=1)[0]] == [3]


def test_ties_at_the_top_k_cut_keep_the_lower_ids():
    # Scores by id run low, mid, best, best, mid: a layout where a bare argpartition keeps id 4.
    twin = {key: value for key, value in CUSTOMER_SUPPORT.items() if key != "id"}
    near = dict(twin, skills=["Zendesk", "Spreadsheet"])
    openings = [dict(PARALEGAL, id=1), dict(near, id=2), dict(twin, id=3), dict(twin, id=4), dict(near, id=5)]
    ranked = SkillMatcher().fit(openings).rank([SUPPORT_PERSON], top_k=3)[0]
    assert [m.opening_id for m in ranked] == [3, 4, 2]
    assert [m.opening_id for m in SkillMatcher().fit(openings).rank([SUPPORT_PERSON], top_k=1)[0]] == [3]


def test_scoring_in_chunks_changes_nothing():
    people = [SUPPORT_PERSON, ANALYST_PERSON, person(12, ["Zendesk"]), person(13, [])]
    whole = SkillMatcher().fit(OPENINGS).rank(people, top_k=2)
    assert SkillMatcher(chunk_rows=1).fit(OPENINGS).rank(people, top_k=2) == whole


def test_support_person_fits_customer_support_better_than_paralegal():
    scores = {m.opening_id: m.score for m in fitted().rank([SUPPORT_PERSON])[0]}
    assert scores[CUSTOMER_SUPPORT["id"]] > scores[PARALEGAL["id"]]


def test_analyst_fits_data_analyst_best():
    assert fitted().rank([ANALYST_PERSON], top_k=1)[0][0].opening_id == DATA_ANALYST["id"]


def test_explanation_lists_opening_skills_in_the_openings_spelling_and_order():
    match = fitted().rank([SUPPORT_PERSON], top_k=1)[0][0]
    assert match.matched_skills == ("Zendesk", "customer service", "Written communication")
    assert match.missing_skills == ("Spreadsheet",)


def test_normalisation_applies_when_matching():
    matcher = SkillMatcher().fit([opening(1, ["customer service", "spreadsheet", "C"])])
    [[match]] = matcher.rank([person(9, ["Customer-Service", "Spreadsheets", "C++"])])
    assert match.matched_skills == ("customer service", "spreadsheet")
    assert match.missing_skills == ("C",)


@pytest.mark.parametrize(
    "spelling, same_as",
    [
        ("Customer-Service", "customer service"),
        ("  Customer   Service. ", "customer service"),
        ("Spreadsheets", "spreadsheet"),
        ("Data analyses", "data analysis"),
        ("Business processes", "business process"),
        ("Companies", "company"),
        ("REST APIs", "REST API"),
        ("ＳＱＬ", "sql"),  # full-width letters fold under NFKC
    ],
)
def test_spellings_of_one_skill_share_a_key(spelling, same_as):
    assert normalize_skill(spelling) == normalize_skill(same_as)


@pytest.mark.parametrize("name", ["sales", "business", "status", "analysis", "statistics", "c++", "c#"])
def test_words_that_only_look_plural_keep_their_form(name):
    assert normalize_skill(name) == name


@pytest.mark.parametrize("one, other", [("C++", "C"), ("C#", "C"), ("C++", "C#"), ("Sales", "Sale")])
def test_distinct_skills_keep_distinct_keys(one, other):
    assert normalize_skill(one) != normalize_skill(other)


def test_missing_skills_are_only_the_required_ones():
    support = opening(1, ["Zendesk", "Salesforce", "Spanish"], required_skills=["Zendesk", "Spanish"])
    [[match]] = SkillMatcher().fit([support]).rank([person(9, ["Salesforce"])])
    assert match.matched_skills == ("Salesforce",)
    assert match.missing_skills == ("Zendesk", "Spanish")


def test_required_skills_weigh_more_than_optional_ones():
    # Skills of different categories, so neither earns "close" credit for the other.
    support = opening(1, ["Zendesk", "Spanish"], required_skills=["Zendesk"])
    has_required, has_optional = SkillMatcher().fit([support]).rank_candidates(
        1, [person(8, ["Zendesk"]), person(9, ["Spanish"])]
    )
    assert has_required[0] == 8
    assert has_required[1].skill_coverage == pytest.approx(1.0 / 1.5)
    assert has_optional[1].skill_coverage == pytest.approx(0.5 / 1.5)


def test_required_skills_not_in_skills_still_count():
    support = opening(1, ["Zendesk"], required_skills=["Spanish"])
    [[match]] = SkillMatcher().fit([support]).rank([person(9, ["Spanish"])])
    assert match.matched_skills == ("Spanish",)
    assert match.missing_skills == ()


def test_a_level_below_the_minimum_is_partial_coverage_and_still_matched():
    support = opening(1, ["Zendesk"], required_skills=["Zendesk"], skill_levels={"Zendesk": 4})
    novice = person(8, ["Zendesk"], skill_levels={"zendesk": 2})
    expert = person(9, ["Zendesk"], skill_levels={"Zendesk": 5})
    unstated = person(10, ["Zendesk"])
    by_id = dict(SkillMatcher().fit([support]).rank_candidates(1, [novice, expert, unstated]))
    assert by_id[8].score < by_id[9].score
    assert by_id[8].skill_coverage == pytest.approx(2 / 4)
    assert by_id[8].matched_skills == ("Zendesk",) and by_id[8].missing_skills == ()
    assert by_id[9].skill_coverage == pytest.approx(1.0)
    assert by_id[10].skill_coverage == pytest.approx(1.0)


def test_rank_candidates_orders_people_for_an_opening_best_first_ties_by_id():
    matcher = fitted()
    twin_a, twin_b = dict(SUPPORT_PERSON, id=30), dict(SUPPORT_PERSON, id=20)
    ranked = matcher.rank_candidates(CUSTOMER_SUPPORT["id"], [ANALYST_PERSON, twin_a, twin_b])
    assert [candidate_id for candidate_id, _ in ranked] == [20, 30, 11]
    assert all(match.opening_id == CUSTOMER_SUPPORT["id"] for _, match in ranked)
    assert [candidate_id for candidate_id, _ in matcher.rank_candidates(1, [twin_a, twin_b], top_k=1)] == [20]


def test_rank_candidates_scores_a_pair_as_rank_does():
    matcher = fitted()
    [(_, from_opening)] = matcher.rank_candidates(PARALEGAL["id"], [SUPPORT_PERSON])
    from_person = next(m for m in matcher.rank([SUPPORT_PERSON])[0] if m.opening_id == PARALEGAL["id"])
    assert from_opening.score == pytest.approx(from_person.score)
    assert from_opening.matched_skills == from_person.matched_skills
    assert from_opening.missing_skills == from_person.missing_skills


def test_rank_candidates_for_an_unknown_opening_raises_key_error():
    with pytest.raises(KeyError):
        fitted().rank_candidates(999, [SUPPORT_PERSON])


def test_no_candidates_give_no_lists():
    assert fitted().rank([]) == []
    assert fitted().rank_candidates(1, []) == []


def test_no_openings_give_an_empty_list_per_candidate():
    assert SkillMatcher().fit([]).rank([SUPPORT_PERSON, ANALYST_PERSON]) == [[], []]


def test_a_person_with_nothing_scores_zero_everywhere():
    for match in fitted().rank([{"id": 1}])[0]:
        assert (match.score, match.title_similarity, match.text_similarity, match.skill_coverage) == (0, 0, 0, 0)
        assert match.matched_skills == ()


def test_openings_without_skills_or_words_give_finite_scores():
    blank = [{"id": 1, "title": "The", "description": "of the and", "skills": []}, {"id": 2}]
    for match in SkillMatcher().fit(blank).rank([SUPPORT_PERSON])[0]:
        assert not math.isnan(match.score) and match.score == 0.0


def test_ranking_before_fit_is_an_error():
    with pytest.raises(RuntimeError):
        SkillMatcher().rank([SUPPORT_PERSON])


def test_duplicate_opening_ids_are_rejected():
    with pytest.raises(ValueError):
        SkillMatcher().fit([CUSTOMER_SUPPORT, dict(PARALEGAL, id=CUSTOMER_SUPPORT["id"])])


def imported_roots(source: str) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_matching_imports_only_numeric_libraries_and_the_standard_library():
    # Importing the package would import talentpool/__init__ (the Flask app), so read the source.
    allowed = {"numpy", "scipy", "sklearn"} | sys.stdlib_module_names
    sources = sorted(MATCHING_PACKAGE.glob("*.py"))
    assert sources, f"no sources found in {MATCHING_PACKAGE}"
    for source in sources:
        assert imported_roots(source.read_text()) <= allowed, source.name


# --- The vocabulary: synonyms and alternative labels map to one canonical skill -------------


@pytest.mark.parametrize("spelling", ["customer support", "Client support", "customer service", "Customer care"])
def test_support_spellings_map_to_one_canonical_skill(spelling):
    assert canonical_skill(spelling).name == "Customer service"


@pytest.mark.parametrize("spelling", ["MS Excel", "ms-excel", "Excel", "Microsoft Excel"])
def test_excel_spellings_map_to_microsoft_excel(spelling):
    skill = canonical_skill(spelling)
    assert skill.name == "Microsoft Excel" and skill.category == "Spreadsheet software"


@pytest.mark.parametrize(
    "spelling, name",
    [("SQL", "Structured query language SQL"), ("Postgres", "PostgreSQL"), ("JS", "JavaScript"),
     ("Westlaw", "Thomson Reuters Westlaw"), ("Jira", "Atlassian JIRA")],
)
def test_abbreviations_and_vendor_less_names_are_known(spelling, name):
    assert canonical_skill(spelling).name == name


def test_unknown_skills_fall_back_to_string_folding():
    skill = canonical_skill("Quantum basket-weaving")
    assert skill.key == normalize_skill("quantum basket weaving") and skill.category is None
    matcher = SkillMatcher().fit([opening(1, ["quantum basket weaving"])])
    [[match]] = matcher.rank([person(9, ["Quantum Basket-Weaving"])])
    assert match.matched_skills == ("quantum basket weaving",) and match.missing_skills == ()


def test_synonyms_match_as_the_same_skill():
    matcher = SkillMatcher().fit([opening(1, ["Customer service", "MS Excel"])])
    [[match]] = matcher.rank([person(9, ["client support", "Excel"])])
    assert match.matched_skills == ("Customer service", "MS Excel")
    assert match.missing_skills == () and match.close_skills == ()
    assert match.skill_coverage == pytest.approx(1.0)


# --- Close skills: partial credit, and the explanation says why -----------------------------


def test_a_skill_of_the_same_category_is_close_and_gives_partial_credit():
    service_cloud = opening(1, ["Salesforce Service Cloud", "Spanish"])
    matcher = SkillMatcher().fit([service_cloud])
    [(_, zendesk), (_, nothing)] = matcher.rank_candidates(1, [person(8, ["Zendesk"]), person(9, ["Knitting"])])
    assert zendesk.close_skills == (("Salesforce Service Cloud", "Zendesk"),)
    assert zendesk.missing_skills == ("Salesforce Service Cloud", "Spanish")  # close is not the same as held
    assert zendesk.skill_coverage == pytest.approx(CLOSE_CREDIT / 2)
    assert nothing.close_skills == () and nothing.skill_coverage == 0.0
    assert zendesk.score > nothing.score


def test_holding_the_skill_beats_a_close_one():
    matcher = SkillMatcher().fit([opening(1, ["Salesforce Service Cloud"])])
    held, close = matcher.rank_candidates(1, [person(8, ["Salesforce Service Cloud"]), person(9, ["Zendesk"])])
    assert held[0] == 8 and held[1].skill_coverage == pytest.approx(1.0) and held[1].close_skills == ()
    assert close[1].skill_coverage == pytest.approx(CLOSE_CREDIT)


# --- A small company still ranks sensibly: the space comes from the shipped artifact --------


BOARD = [
    {"id": 1, "title": "Customer Success Manager", "skills": ["Zendesk", "Customer service", "Salesforce"],
     "description": "Own onboarding and renewals for our customers, handle escalations and support tickets."},
    {"id": 2, "title": "Paralegal", "skills": ["Legal research", "Contract drafting", "Westlaw"],
     "description": "Prepare legal documents, research case law and maintain contract files for attorneys."},
    {"id": 3, "title": "Accountant", "skills": ["QuickBooks", "Microsoft Excel", "Financial reporting"],
     "description": "Prepare financial statements, reconcile accounts and support audits."},
    {"id": 4, "title": "Software Developer", "skills": ["Python", "Git", "JavaScript"],
     "description": "Design, code and test web applications and internal tools."},
    {"id": 5, "title": "Data Analyst", "skills": ["SQL", "Tableau", "Python"],
     "description": "Build dashboards and reports; analyze sales and operations data."},
    {"id": 6, "title": "Warehouse Supervisor", "skills": ["Inventory management", "Forklift"],
     "description": "Supervise shipping and receiving staff and inventory counts."},
    {"id": 7, "title": "Registered Nurse", "skills": ["Patient care", "Epic"],
     "description": "Assess patients, administer medication and record care plans."},
    {"id": 8, "title": "Marketing Coordinator", "skills": ["HubSpot", "Adobe Photoshop", "Social media"],
     "description": "Plan campaigns, write copy and track leads."},
    {"id": 9, "title": "Recruiter", "skills": ["Workday", "Interviewing"],
     "description": "Source candidates, schedule interviews and manage offers."},
    {"id": 10, "title": "Electrician", "skills": ["AutoCAD", "Wiring"],
     "description": "Install and repair electrical systems in buildings."},
    {"id": 11, "title": "Help Desk Technician", "skills": ["ServiceNow", "Windows", "Active Directory"],
     "description": "Answer staff IT questions, reset passwords and troubleshoot laptops."},
    {"id": 12, "title": "Payroll Clerk", "skills": ["ADP", "Microsoft Excel"],
     "description": "Process payroll, compute wages and answer pay questions."},
]
CALL_CENTRE_AGENT = {
    "id": 100, "title": "Call Center Representative", "skills": ["client support", "Freshdesk", "MS Excel"],
    "description": "I answered customer calls and emails, resolved complaints and logged tickets.",
}
BOOKKEEPER = {
    "id": 101, "title": "Bookkeeper", "skills": ["QuickBooks", "Excel"],
    "description": "I kept the books, reconciled bank accounts and prepared monthly statements.",
}


@pytest.fixture(scope="module")
def board_matcher():
    return SkillMatcher().fit(BOARD)


def test_a_twelve_opening_board_ranks_support_roles_first_for_a_support_person(board_matcher):
    [best] = board_matcher.rank([CALL_CENTRE_AGENT], top_k=1)[0]
    assert best.opening_id == 1
    assert best.matched_skills == ("Customer service",)  # "client support" is the same skill
    assert best.close_skills == (("Zendesk", "Freshdesk"), ("Salesforce", "Freshdesk"))
    scores = {m.opening_id: m.score for m in board_matcher.rank([CALL_CENTRE_AGENT])[0]}
    assert scores[1] > scores[2]  # customer success above the legal opening


def test_a_twelve_opening_board_ranks_finance_roles_first_for_a_bookkeeper(board_matcher):
    ranked = [m.opening_id for m in board_matcher.rank([BOOKKEEPER], top_k=2)[0]]
    assert set(ranked) == {3, 12}


def test_a_pair_scores_the_same_whatever_the_other_openings(board_matcher):
    alone = SkillMatcher().fit([BOARD[0]]).rank([CALL_CENTRE_AGENT])[0][0]
    on_board = next(m for m in board_matcher.rank([CALL_CENTRE_AGENT])[0] if m.opening_id == 1)
    assert alone == on_board


def test_scores_and_parts_stay_in_the_unit_interval(board_matcher):
    people = [CALL_CENTRE_AGENT, BOOKKEEPER, SUPPORT_PERSON, ANALYST_PERSON, {"id": 5, "title": "the of"}]
    for matches in board_matcher.rank(people):
        for m in matches:
            for value in (m.score, m.title_similarity, m.text_similarity, m.skill_coverage, m.skill_similarity,
                          m.career_move):
                assert isinstance(value, float) and 0.0 <= value <= 1.0


# --- Career moves: where experts say people from a role can go --------------------------------


def code_of(title):
    return default_space().reference_codes[default_space().reference_titles.index(title)]


def test_career_move_table_takes_gains_by_tier_and_skips_self_and_unknown_codes():
    codes = ("11-1011.00", "11-1021.00", "13-2011.00")
    table = career_move_table(codes, {
        "11-1011.00": {"11-1021.00": "Primary-Short", "13-2011.00": "Supplemental", "11-1011.00": "Primary-Short",
                       "99-9999.00": "Primary-Long"},
        "13-2011.00": {"11-1011.00": "Primary-Long"},
    })
    assert table.toarray().tolist() == [[0, 3, 1], [0, 0, 0], [2, 0, 0]]


def test_the_shipped_artifact_knows_the_expert_reviewed_moves():
    space = default_space()
    moves = space.career_moves
    assert moves.shape == (len(space.reference_codes),) * 2 and moves.nnz > 10_000
    assert set(np.unique(moves.data).tolist()) == {1.0, 2.0, 3.0}


def test_an_opening_experts_list_as_a_move_gets_career_move_credit_an_unlisted_one_none():
    space = default_space()
    accountant, auditor = code_of("Accountants and Auditors"), code_of("Budget Analysts")
    table = career_move_table(space.reference_codes, {accountant: {auditor: "Primary-Short"}})
    matcher = SkillMatcher(space=space.with_career_moves(table)).fit([
        {"id": 1, "title": "Budget Analyst", "description": "Examine budget estimates for completeness."},
        {"id": 2, "title": "Registered Nurse", "description": "Assess patients and administer medication."},
    ])
    person = {"id": 9, "title": "Accountant", "description": "Prepared financial statements and audited accounts."}
    by_opening = {m.opening_id: m for m in matcher.rank([person])[0]}
    assert by_opening[1].career_move > 0.5 and by_opening[2].career_move == 0.0
    without = SkillMatcher(space=space.with_career_moves(career_move_table(space.reference_codes, {}))).fit([
        {"id": 1, "title": "Budget Analyst", "description": "Examine budget estimates for completeness."}])
    [alone] = without.rank([person])[0]
    assert alone.career_move == 0.0 and alone.score < by_opening[1].score


# --- Encoded pools: encode once, rank many times --------------------------------------------


def test_rank_of_encoded_candidates_equals_rank_of_raw_ones(board_matcher):
    people = [CALL_CENTRE_AGENT, BOOKKEEPER, SUPPORT_PERSON, ANALYST_PERSON, person(13, [])]
    encoded = board_matcher.encode(people)
    assert isinstance(encoded, EncodedCandidates) and len(encoded) == len(people)
    assert board_matcher.rank(encoded, top_k=4) == board_matcher.rank(people, top_k=4)
    for opening_id in (1, 5):
        assert board_matcher.rank_candidates(opening_id, encoded, top_k=3) == board_matcher.rank_candidates(
            opening_id, people, top_k=3
        )


def test_encoded_candidates_belong_to_the_matcher_that_made_them(board_matcher):
    encoded = board_matcher.encode([CALL_CENTRE_AGENT])
    with pytest.raises(ValueError):
        SkillMatcher().fit(BOARD).rank(encoded)


def test_matches_compare_hash_and_pickle_by_value(board_matcher):
    [match, *_] = board_matcher.rank([CALL_CENTRE_AGENT])[0]
    copy = pickle.loads(pickle.dumps(match))
    assert copy == match and hash(copy) == hash(match)
    assert copy.close_skills == match.close_skills and "close_skills=" in repr(match)
    with pytest.raises(AttributeError):
        match.matched_skills = ()


# --- The shipped artifact ---------------------------------------------------------------------


def test_the_artifact_loads_with_its_version_and_shapes():
    space = default_space()
    assert space is default_space()  # loaded once per process
    assert space.version == ARTIFACT_VERSION == 2
    assert space.projection.shape == (len(space.terms), space.dims) and space.dims >= 100
    assert space.references.shape == space.person_references.shape == (len(space.reference_titles), space.dims)
    assert len(space.reference_titles) > 1000 and len(space.vocabulary) > 9000
    assert "Customer relationship management CRM software" in space.vocabulary.categories


def test_the_artifact_is_small_pickle_free_and_attributed():
    files = sorted(p.name for p in DATA_DIR.iterdir())
    assert files == ["README.md", "semantic-space-v2.json", "semantic-space-v2.npz", "skills-vocabulary-v2.json"]
    assert sum((DATA_DIR / f).stat().st_size for f in files) < 10 * 2**20
    with np.load(DATA_DIR / "semantic-space-v2.npz", allow_pickle=False) as arrays:
        assert arrays["lsa_components"].dtype == np.int8 and arrays["references"].dtype == np.float16
    readme = (DATA_DIR / "README.md").read_text()
    for attribution in ("O*NET", "USDOL/ETA", "CC BY 4.0", "ESCO", "European Union", "2011/833/EU"):
        assert attribution in readme


def test_shortened_names_drop_vendors_and_spell_out_acronyms():
    assert "Excel" in _shortened_names("Microsoft Excel")
    assert {"SQL", "Structured query language"} <= set(_shortened_names("Structured query language SQL"))
    assert "Salesforce" in _shortened_names("Salesforce software")
