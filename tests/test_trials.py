"""Trial periods: a reassignment starts as a trial; HR confirms it or records that it failed."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talentpool.extensions import db
from talentpool.models import (
    ApplicationStage,
    AuditEvent,
    CaseStatus,
    Opening,
    OpeningStatus,
    OutcomeKind,
    PoolCase,
    Role,
    Trial,
    TrialStatus,
    User,
)
from talentpool.services import applications, dashboard, pool, suggestions
from talentpool.services.errors import InvalidTransition, ValidationError
from tests import factories

TODAY = date.today()
STANDARD_DAYS = 28


def _start(hr, case, opening, **overrides):
    arguments = dict(opening_id=opening.id, starts_on=TODAY, trial_period_days=STANDARD_DAYS, today=TODAY) | overrides
    return pool.start_trial(db.session, hr, case.id, **arguments)


def _actions(case_id):
    return [e.action for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id))]


def _reload(model, record_id):
    db.session.expire_all()
    return db.session.get(model, record_id)


class TestStartingATrial:
    def test_takes_a_place_gives_the_new_title_and_keeps_the_case_in_progress(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case(factories.employee(title="SEO Specialist", department_name="Marketing"))
        opening = factories.opening("Customer Success Manager", department_name="Customer Success", headcount=1)

        trial = _start(hr, case, opening)

        case, opening = _reload(PoolCase, case.id), _reload(Opening, opening.id)
        assert case.status == CaseStatus.TRIAL and case.outcome_kind is None and case.closed_on is None
        assert (opening.places_filled, opening.status) == (1, OpeningStatus.FILLED)
        assert (case.employee.title, case.employee.department.name) == ("Customer Success Manager", "Customer Success")
        assert (trial.starts_on, trial.ends_on, trial.status) == (TODAY, TODAY + timedelta(days=28), TrialStatus.RUNNING)
        assert trial.previous_title == "SEO Specialist"
        assert applications.find_application(db.session, case.id, opening.id).stage == ApplicationStage.ON_TRIAL
        assert _actions(case.id)[-2:] == ["opening.place_filled", "trial.started"]

    def test_the_standard_length_is_configurable(self, app_ctx):
        trial = _start(factories.user(Role.HR), factories.pool_case(), factories.opening(), trial_period_days=42)
        assert trial.ends_on == TODAY + timedelta(days=42)

    def test_a_trial_shorter_than_the_standard_period_is_refused(self, app_ctx):
        case = factories.pool_case()
        with pytest.raises(ValidationError, match="standard period") as error:
            _start(factories.user(Role.HR), case, factories.opening(), ends_on=TODAY + timedelta(days=14))
        assert error.value.field == "trial_ends_on"
        assert _reload(PoolCase, case.id).status == CaseStatus.OPEN

    def test_a_longer_trial_needs_a_written_agreement(self, app_ctx):
        with pytest.raises(ValidationError, match="agreement") as error:
            _start(factories.user(Role.HR), factories.pool_case(), factories.opening(), ends_on=TODAY + timedelta(days=56))
        assert error.value.field == "extension_agreement"

    def test_a_longer_trial_needs_the_date_of_the_agreement(self, app_ctx):
        with pytest.raises(ValidationError) as error:
            _start(factories.user(Role.HR), factories.pool_case(), factories.opening(),
                   ends_on=TODAY + timedelta(days=56), extension_agreement="Signed letter, training needed")
        assert error.value.field == "extension_agreed_on"

    def test_an_agreement_made_after_the_start_does_not_extend_a_trial(self, app_ctx):
        with pytest.raises(ValidationError, match="before it starts") as error:
            _start(factories.user(Role.HR), factories.pool_case(), factories.opening(),
                   ends_on=TODAY + timedelta(days=56), extension_agreement="Agreed by phone",
                   extension_agreed_on=TODAY + timedelta(days=1))
        assert error.value.field == "extension_agreed_on"

    def test_an_agreement_made_before_the_start_is_recorded_with_the_trial(self, app_ctx):
        trial = _start(factories.user(Role.HR), factories.pool_case(), factories.opening(),
                       ends_on=TODAY + timedelta(days=56), extension_agreement="Signed letter: 8 weeks, CRM training",
                       extension_agreed_on=TODAY - timedelta(days=3))
        assert trial.ends_on == TODAY + timedelta(days=56)
        assert (trial.extension_agreement, trial.extension_agreed_on) == (
            "Signed letter: 8 weeks, CRM training", TODAY - timedelta(days=3))

    def test_records_which_suggestion_led_to_it(self, app_ctx):
        case = factories.pool_case(factories.employee(skills={"Customer service": 4, "Active listening": 4}))
        best = factories.opening("Customer Support Specialist", required={"Customer service": 3})
        factories.opening("Data Engineer", required={"Python": 4, "Apache Spark": 3})
        ranked = suggestions.suggestions_for_case(db.session, case, TODAY, top_k=None)
        assert ranked[0].opening.id == best.id

        trial = _start(factories.user(Role.HR), case, best)

        assert trial.suggestion_rank == 1 and trial.match_score == pytest.approx(ranked[0].match.score)
        started = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "trial.started"))
        assert started.note.startswith("Suggestion #1 for the person (match ")

    def test_an_opening_that_was_not_suggested_is_recorded_as_such(self, app_ctx):
        case = factories.pool_case()
        past_closing = factories.opening(closing_date=TODAY - timedelta(days=1))  # no longer suggested
        trial = _start(factories.user(Role.HR), case, past_closing)
        assert trial.suggestion_rank is None and trial.match_score is None
        started = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "trial.started"))
        assert started.note == "The opening was not among the person's suggestions."


class TestWhileOnTrial:
    @pytest.mark.parametrize("attempt", ["exit", "resign", "another trial"])
    def test_no_other_outcome_until_the_trial_is_decided(self, app_ctx, attempt):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        _start(hr, case, factories.opening())
        other = factories.opening("Account Manager")
        calls = {
            "exit": lambda: pool.record_exit_package(db.session, hr, case.id, weeks_of_pay=4, last_working_day=TODAY),
            "resign": lambda: pool.record_resignation(db.session, hr, case.id, resignation_date=TODAY),
            "another trial": lambda: _start(hr, case, other),
        }
        with pytest.raises(InvalidTransition, match="on trial: confirm the trial or record that it failed"):
            calls[attempt]()
        assert _reload(PoolCase, case.id).status == CaseStatus.TRIAL
        assert _reload(Opening, other.id).places_filled == 0

    def test_the_person_cannot_be_added_to_the_pool_again(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        _start(hr, case, factories.opening())
        with pytest.raises(ValidationError, match="already has an open pool case"):
            pool.add_to_pool(db.session, hr, employee_id=case.employee_id, eliminated_title="x",
                             eliminated_department_id=case.eliminated_department_id, reason="x", entered_on=TODAY,
                             deadline=None, hr_owner_id=hr.id, pool_period_days=90)

    def test_the_person_is_no_longer_a_candidate_for_other_openings(self, app_ctx):
        case = factories.pool_case(factories.employee("Tess Trial"))
        factories.pool_case(factories.employee("Pat Pool"))
        _start(factories.user(Role.HR), case, factories.opening())
        other = factories.opening("Account Manager")
        names = [c.case.employee.full_name for c in suggestions.candidates_for_opening(db.session, other, TODAY)]
        assert names == ["Pat Pool"]

    def test_only_a_case_on_trial_can_be_confirmed_or_failed(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        with pytest.raises(InvalidTransition, match="not on trial"):
            pool.confirm_trial(db.session, hr, case.id, decided_on=TODAY)
        with pytest.raises(InvalidTransition, match="not on trial"):
            pool.fail_trial(db.session, hr, case.id, reason="x", decided_on=TODAY)


class TestConfirmingATrial:
    def test_closes_the_case_as_reassigned_from_the_first_day_of_the_trial(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        opening = factories.opening()
        started = TODAY - timedelta(days=28)
        case = factories.pool_case(entered_on=started - timedelta(days=5))
        trial = _start(hr, case, opening, starts_on=started)

        outcome = pool.confirm_trial(db.session, hr, case.id, decided_on=TODAY, notes="Settled in well")

        case = _reload(PoolCase, case.id)
        assert (case.status, case.outcome_kind, case.closed_on) == (CaseStatus.CLOSED, OutcomeKind.REASSIGNED, started)
        assert outcome.trial_id == trial.id and outcome.opening_id == opening.id and outcome.effective_on == started
        trial = _reload(Trial, trial.id)
        assert (trial.status, trial.decided_on, trial.decided_by_id) == (TrialStatus.CONFIRMED, TODAY, hr.id)
        assert applications.find_application(db.session, case.id, opening.id).stage == ApplicationStage.HIRED
        assert _actions(case.id)[-2:] == ["trial.confirmed", "case.reassigned"]

    def test_the_history_says_which_suggestion_led_to_the_outcome(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        factories.reassign(hr, case, factories.opening())
        reassigned = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.reassigned"))
        assert reassigned.note.startswith("Suggestion #1 for the person")

    def test_cannot_be_confirmed_before_it_started(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        _start(hr, case, factories.opening())
        with pytest.raises(ValidationError, match="before it started"):
            pool.confirm_trial(db.session, hr, case.id, decided_on=TODAY - timedelta(days=1))


class TestAFailedTrial:
    @pytest.fixture()
    def failed(self, app_ctx):
        """Ravi was 10 days into his pool time with a deadline 80 days out; his trial failed after 20 days."""
        hr = factories.user(Role.HR)
        started = TODAY - timedelta(days=20)
        case = factories.pool_case(factories.employee("Ravi", title="Data Analyst", department_name="Analytics"),
                                   entered_on=started - timedelta(days=10), deadline=started + timedelta(days=80))
        opening = factories.opening("Support Lead", department_name="Customer Success", headcount=1)
        trial = _start(hr, case, opening, starts_on=started)
        events_before = len(_actions(case.id))
        pool.fail_trial(db.session, hr, case.id, reason="The on-call rota did not fit", decided_on=TODAY)
        return {"case": case.id, "opening": opening.id, "trial": trial.id, "started": started,
                "deadline": started + timedelta(days=80), "events_before": events_before, "hr": hr.id}

    def test_sends_the_person_back_to_the_pool_in_the_same_case(self, failed):
        case = _reload(PoolCase, failed["case"])
        assert case.status == CaseStatus.OPEN and case.outcome_kind is None
        assert case.entered_on == failed["started"] - timedelta(days=10)  # days in pool keep counting from entry
        assert db.session.scalar(select(db.func.count()).select_from(PoolCase)) == 1

    def test_the_days_on_trial_do_not_count_against_the_deadline(self, failed):
        assert _reload(PoolCase, failed["case"]).deadline == failed["deadline"] + timedelta(days=20)

    def test_frees_the_place_in_the_opening(self, failed):
        opening = _reload(Opening, failed["opening"])
        assert (opening.places_filled, opening.status) == (0, OpeningStatus.OPEN)

    def test_gives_back_the_former_title_and_department(self, failed):
        employee = _reload(PoolCase, failed["case"]).employee
        assert (employee.title, employee.department.name) == ("Data Analyst", "Analytics")

    def test_keeps_the_trial_and_its_reason_in_the_history(self, failed):
        trial = _reload(Trial, failed["trial"])
        assert (trial.status, trial.failure_reason, trial.decided_on) == (
            TrialStatus.FAILED, "The on-call rota did not fit", TODAY)
        actions = _actions(failed["case"])
        assert actions[failed["events_before"]:] == ["opening.place_freed", "trial.failed"]
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "trial.failed"))
        assert event.note == "The on-call rota did not fit"
        assert (event.before["case"]["status"], event.after["case"]["status"]) == ("trial", "open")
        application = applications.find_application(db.session, failed["case"], failed["opening"])
        assert application.stage == ApplicationStage.TRIAL_FAILED

    def test_the_person_is_a_candidate_again_and_can_start_another_trial(self, failed):
        hr = db.session.get(User, failed["hr"])
        case = _reload(PoolCase, failed["case"])
        other = factories.opening("Account Manager")
        assert [c.case.id for c in suggestions.candidates_for_opening(db.session, other, TODAY)] == [case.id]
        assert _start(hr, case, other).status == TrialStatus.RUNNING

    def test_a_reason_is_required(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        _start(hr, case, factories.opening())
        with pytest.raises(ValidationError, match="Write why the trial failed") as error:
            pool.fail_trial(db.session, hr, case.id, reason="  ", decided_on=TODAY)
        assert error.value.field == "reason"
        assert _reload(PoolCase, case.id).status == CaseStatus.TRIAL


class TestTrialsEndingOnTheDashboard:
    def test_lists_running_trials_ending_within_the_window_soonest_first(self, app_ctx):
        hr = factories.user(Role.HR)
        soon, later, far = (factories.pool_case(factories.employee(name), owner=hr,
                                                entered_on=TODAY - timedelta(days=60)) for name in ("Soon", "Later", "Far"))
        _start(hr, soon, factories.opening(), starts_on=TODAY - timedelta(days=25))  # ends in 3 days
        _start(hr, later, factories.opening(), starts_on=TODAY - timedelta(days=18))  # ends in 10 days
        _start(hr, far, factories.opening(), starts_on=TODAY - timedelta(days=2))  # ends in 26 days
        board = dashboard.today_in_the_pool(db.session, TODAY)
        assert [t.case.employee.full_name for t in board.trials.items] == ["Soon", "Later"]
        assert board.trials.count == 2

    def test_a_decided_trial_leaves_the_list(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case(entered_on=TODAY - timedelta(days=60))
        _start(hr, case, factories.opening(), starts_on=TODAY - timedelta(days=30))  # ended 2 days ago
        assert dashboard.today_in_the_pool(db.session, TODAY).trials.count == 1
        pool.confirm_trial(db.session, hr, case.id, decided_on=TODAY)
        assert dashboard.today_in_the_pool(db.session, TODAY).trials.count == 0


class TestTheHRPages:
    """HR starts, confirms and fails trials through the forms, each with its confirmation step."""

    @pytest.fixture()
    def ids(self, app):
        with app.app_context():
            hr = factories.user(Role.HR, email="hr.trials@example.com")
            case = factories.pool_case(factories.employee("Mira Trial", title="Analyst"), owner=hr,
                                       entered_on=TODAY - timedelta(days=5))
            opening = factories.opening("Support Agent", headcount=2)
            return {"hr": hr.id, "hr_user": hr, "case": case.id, "opening": opening.id}

    def _reassign_form(self, ids, **fields):
        return {"opening_id": str(ids["opening"]), "effective_on": TODAY.isoformat(), "trial_ends_on": "",
                "extension_agreement": "", "extension_agreed_on": "", "notes": ""} | fields

    def test_the_review_page_shows_the_trial_and_confirming_starts_it(self, app, client, auth, ids):
        auth.login(user=ids["hr_user"])
        url = f"/hr/pool/{ids['case']}/outcome/reassigned"
        review = client.post(url, data=self._reassign_form(ids)).get_data(as_text=True)
        assert "This starts a trial in the new role" in review
        assert f"to <strong>{(TODAY + timedelta(days=28)).isoformat()}</strong>" in review

        done = client.post(url, data=self._reassign_form(ids, confirmed="yes"), follow_redirects=True)
        page = done.get_data(as_text=True)
        assert f"starts in Support Agent on trial until {(TODAY + timedelta(days=28)).isoformat()}" in page
        assert "On trial in Support Agent" in page and "Confirm the reassignment" in page
        with app.app_context():
            assert db.session.get(PoolCase, ids["case"]).status == CaseStatus.TRIAL

    def test_a_longer_trial_without_agreement_is_shown_next_to_the_field(self, client, auth, ids):
        auth.login(user=ids["hr_user"])
        longer = (TODAY + timedelta(days=42)).isoformat()
        page = client.post(f"/hr/pool/{ids['case']}/outcome/reassigned",
                           data=self._reassign_form(ids, trial_ends_on=longer)).get_data(as_text=True)
        assert "A longer trial needs the agreement with the employee" in page
        assert "This starts a trial" not in page  # still on the form, not the review page

    def test_confirming_a_trial_closes_the_case(self, app, client, auth, ids):
        with app.app_context():
            _start(db.session.get(User, ids["hr"]), db.session.get(PoolCase, ids["case"]),
                   db.session.get(Opening, ids["opening"]))
        auth.login(user=ids["hr_user"])
        form = client.get(f"/hr/pool/{ids['case']}/trial/confirm").get_data(as_text=True)
        assert "The case closes as <strong>reassigned</strong>" in form
        done = client.post(f"/hr/pool/{ids['case']}/trial/confirm", data={"decided_on": TODAY.isoformat(), "notes": ""},
                           follow_redirects=True).get_data(as_text=True)
        assert "Reassignment confirmed: Mira Trial stays in Support Agent" in done
        with app.app_context():
            assert db.session.get(PoolCase, ids["case"]).outcome_kind == OutcomeKind.REASSIGNED

    def test_failing_a_trial_needs_a_reason_then_sends_the_person_back(self, app, client, auth, ids):
        with app.app_context():
            _start(db.session.get(User, ids["hr"]), db.session.get(PoolCase, ids["case"]),
                   db.session.get(Opening, ids["opening"]))
        auth.login(user=ids["hr_user"])
        url = f"/hr/pool/{ids['case']}/trial/fail"
        assert "The place in Support Agent is freed" in client.get(url).get_data(as_text=True)
        refused = client.post(url, data={"decided_on": TODAY.isoformat(), "reason": ""}).get_data(as_text=True)
        assert "Write why the trial failed." in refused
        done = client.post(url, data={"decided_on": TODAY.isoformat(), "reason": "Night shifts"},
                           follow_redirects=True).get_data(as_text=True)
        assert "The trial is recorded as failed. Mira Trial is back in the pool" in done
        assert "Failed trials" in done and "Night shifts" in done
        with app.app_context():
            assert db.session.get(PoolCase, ids["case"]).status == CaseStatus.OPEN

    def test_the_pool_list_filters_people_on_trial(self, app, client, auth, ids):
        with app.app_context():
            factories.pool_case(factories.employee("Still Looking"))
            _start(db.session.get(User, ids["hr"]), db.session.get(PoolCase, ids["case"]),
                   db.session.get(Opening, ids["opening"]))
        auth.login(user=ids["hr_user"])
        page = client.get("/hr/pool?status=trial").get_data(as_text=True)
        assert "Mira Trial" in page and "Still Looking" not in page
        assert "Mira Trial" not in client.get("/hr/pool?status=open").get_data(as_text=True)

    def test_the_trial_decision_pages_refuse_a_case_not_on_trial(self, client, auth, ids):
        auth.login(user=ids["hr_user"])
        page = client.get(f"/hr/pool/{ids['case']}/trial/confirm", follow_redirects=True).get_data(as_text=True)
        assert "Mira Trial is not on trial." in page


def test_the_employee_sees_their_trial_and_what_happens_if_it_fails(app, client, auth):
    with app.app_context():
        hr = factories.user(Role.HR)
        person = factories.employee("Noor Trial")
        case = factories.pool_case(person, owner=hr)
        _start(hr, case, factories.opening("Support Agent"))
        account = factories.user(Role.EMPLOYEE, email="noor@example.com", employee=db.session.get(type(person), person.id))
    auth.login(user=account)
    page = client.get("/me/").get_data(as_text=True)
    assert "You are on trial as Support Agent" in page
    assert f"The trial runs until <strong>{(TODAY + timedelta(days=28)).isoformat()}</strong>" in page
    assert "you come back to the talent pool with your case as it was" in page


def test_the_manager_sees_who_is_on_trial_in_their_opening(app, client, auth):
    with app.app_context():
        manager = factories.user(Role.MANAGER, email="boss@example.com")
        opening = factories.opening("Support Agent", manager=manager)
        _start(factories.user(Role.HR), factories.pool_case(factories.employee("Noor Trial")), opening)
        opening_id = opening.id
        db.session.refresh(manager)
    auth.login(user=manager)
    page = client.get(f"/manager/openings/{opening_id}").get_data(as_text=True)
    assert "Reassigned to this opening" in page
    assert "Noor Trial" in page and "On trial</span> until " + (TODAY + timedelta(days=28)).isoformat() in page


def test_a_start_date_at_the_end_of_the_calendar_is_a_message_not_a_crash(app, client, auth):
    with app.app_context():
        case_id = factories.pool_case().id
        opening_id = factories.opening().id
        hr = factories.user(Role.HR)
    auth.login(user=hr)
    page = client.post(f"/hr/pool/{case_id}/outcome/reassigned",
                       data={"opening_id": str(opening_id), "effective_on": "9999-12-31"})
    assert page.status_code == 200
    assert "This date is too far in the future." in page.get_data(as_text=True)
