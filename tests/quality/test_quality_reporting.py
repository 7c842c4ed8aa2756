"""The actions of quality reporting: figures checked, thresholds from parameters, the deadline, rights,
files all-or-nothing, attestation by the Authorized to Sign contact, audited."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acoms.accounts.roles import SYSTEM
from acoms.audit.models import AuditEvent
from acoms.lib.refusals import Conflict
from acoms.participants.reader import UploadError
from acoms.quality import actions, reporting
from acoms.quality.models import MeasureReport, ReportingPeriod, Submission

from .golden import CAHPS, measures_csv

PY = 2026


def figures(measure="236", collection="eCQM", eligible=125, den=110, excl=5, exc=5, num=80):
    return reporting.MeasureFigures(measure, collection, eligible, den, excl, exc, num)


def test_a_measure_is_saved_with_its_rate_and_completeness_and_audited(people, aco):
    warnings = actions.save_measure(by=people["aco-data"], aco=aco, py=PY, figures=figures())
    m = MeasureReport.objects.get(submission__organization=aco, measure_id="236")
    assert m.rate == pytest.approx(80.0)  # 80 / (110 - 5 - 5)
    assert m.completeness == pytest.approx(0.88)  # 110 / 125
    assert warnings == []
    event = AuditEvent.objects.get(action="quality.measure_save")
    assert event.organization == aco and event.after["numerator"] == 80


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"num": 101}, "numerator", "larger than the denominator less exclusions and exceptions (100)"),
        ({"den": 130}, "denominator", "larger than the eligible population (125)"),
        ({"excl": 60, "exc": 60}, "exclusions", "more than the denominator"),
        ({"measure": "999"}, "measure_id", "not one the ACO reports for PY2026"),
        ({"measure": "321"}, "measure_id", "not one the ACO reports"),  # CAHPS comes from the survey
        ({"measure": "479"}, "measure_id", "not one the ACO reports"),  # CMS calculates it from claims
        ({"collection": "Web Interface"}, "collection", "not eCQM, MIPS CQM or Medicare CQM"),
    ],
)
def test_impossible_figures_are_refused_and_nothing_changes(people, aco, change, field, words):
    with pytest.raises(ValidationError) as error:
        actions.save_measure(by=people["aco-data"], aco=aco, py=PY, figures=figures(**change))
    assert words in " ".join(error.value.message_dict[field])
    assert not MeasureReport.objects.exists()
    assert not AuditEvent.objects.filter(action="quality.measure_save").exists()


def test_low_completeness_and_a_small_denominator_are_saved_with_what_the_score_does(people, aco):
    # 75% data completeness and 20 cases: quality_scoring.csv (42 CFR 414.1340, 414.1380(b)(1)(iii))
    low = actions.save_measure(
        by=people["aco-data"], aco=aco, py=PY, figures=figures(eligible=200, den=149, excl=0, exc=0, num=70)
    )
    assert low == ["Data completeness is 74.5%, below 75%: the measure will score 0 of 10 points."]
    small = actions.save_measure(
        by=people["aco-data"], aco=aco, py=PY, figures=figures(eligible=19, den=19, excl=0, exc=0, num=10)
    )
    assert small == [
        "19 cases after exclusions and exceptions, below the case minimum of 20: the measure will be left out of the score."
    ]
    assert not actions.save_measure(
        by=people["aco-data"], aco=aco, py=PY, figures=figures(eligible=20, den=20, excl=0, exc=0, num=10)
    )


def test_only_the_contacts_with_the_data_right_report(people, aco):
    for name in ("aco-liaison", "aco-signer", "aco-application", "cms-admin"):
        with pytest.raises(PermissionDenied):
            actions.save_measure(by=people[name], aco=aco, py=PY, figures=figures())
    for name in ("aco-executive", "aco-medical", "aco-data"):
        actions.save_measure(by=people[name], aco=aco, py=PY, figures=figures())
    with pytest.raises(TypeError):
        actions.save_measure(by=None, aco=aco, py=PY, figures=figures())


def test_nothing_changes_after_the_deadline(people, aco):
    last = reporting.deadline(PY)
    actions.save_measure(by=people["aco-data"], aco=aco, py=PY, figures=figures(), on=last)
    with pytest.raises(ValidationError) as error:
        actions.save_measure(
            by=people["aco-data"], aco=aco, py=PY, figures=figures(num=1), on=last + dt.timedelta(days=1)
        )
    assert "closed on" in str(error.value)
    for act in (
        lambda on: actions.save_cahps(by=people["aco-data"], aco=aco, py=PY, scores=CAHPS, on=on),
        lambda on: actions.attest(by=people["aco-signer"], aco=aco, py=PY, on=on),
        lambda on: actions.upload_file(
            by=people["aco-data"], aco=aco, py=PY, kind="measures", data=measures_csv(), on=on
        ),
    ):
        with pytest.raises(ValidationError):
            act(last + dt.timedelta(days=1))
    assert MeasureReport.objects.get().numerator == 80


def test_the_deadline_is_the_parameter_unless_cms_set_one(db):
    # 42 CFR 414.1325(f): March 31 after the performance year (quality/parameters/reporting.csv)
    assert reporting.deadline(2024) == dt.date(2025, 3, 31)
    assert reporting.deadline(2025) == dt.date(2026, 3, 31)
    assert reporting.deadline(2026) == dt.date(2027, 3, 31)
    ReportingPeriod.objects.create(py=2025, deadline=dt.date(2026, 4, 15))
    assert reporting.deadline(2025) == dt.date(2026, 4, 15)
    assert reporting.current_py(dt.date(2026, 4, 1)) == 2025
    assert reporting.current_py(dt.date(2026, 4, 16)) == 2026
    assert reporting.current_py(dt.date(2030, 1, 1)) == 2026


def test_a_file_with_one_bad_row_saves_nothing_and_names_every_problem(people, aco):
    bad = measures_csv() + b"236,Medicare CQM,100,90,0,0,95\n001,eCQM,ten,5,0,0,1\n"
    with pytest.raises(ValidationError) as error:
        actions.upload_file(by=people["aco-data"], aco=aco, py=PY, kind="measures", data=bad, filename="q.csv")
    messages = error.value.messages
    assert any(m.startswith("Row 7: The numerator (95)") for m in messages)
    assert "Row 8, eligible_population: “ten” is not a whole number of zero or more." in messages
    assert any("Row 7: measure 236 (Medicare CQM) appears twice" in m for m in messages)
    assert not MeasureReport.objects.exists()


def test_a_measures_file_in_csv_or_xlsx_replaces_the_same_measures(people, aco):
    result = actions.upload_file(
        by=people["aco-data"], aco=aco, py=PY, kind="measures", data=measures_csv(), filename="q.csv"
    )
    assert result == {"saved": 5, "warnings": []}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["Measure ID", "Collection type", "Eligible population", "Denominator", "Exclusions", "Exceptions", "Numerator"]
    )
    sheet.append(["1", "Medicare CQM", 12000, 10000, 0, 0, 3000])
    buffer = io.BytesIO()
    book.save(buffer)
    actions.upload_file(
        by=people["aco-data"], aco=aco, py=PY, kind="measures", data=buffer.getvalue(), filename="q.xlsx"
    )
    assert MeasureReport.objects.count() == 5
    assert MeasureReport.objects.get(measure_id="001").numerator == 3000


def test_a_file_that_is_not_a_quality_template_is_refused_whole(people, aco):
    with pytest.raises(UploadError, match="missing measure_id"):
        actions.upload_file(by=people["aco-data"], aco=aco, py=PY, kind="measures", data=b"tin,name\n1,2\n")
    with pytest.raises(UploadError, match="formula"):
        book = openpyxl.Workbook()
        book.active.append(["summary_measure", "score"])
        book.active.append(["CAHPS_1", "=1+1"])
        buffer = io.BytesIO()
        book.save(buffer)
        actions.upload_file(
            by=people["aco-data"], aco=aco, py=PY, kind="cahps", data=buffer.getvalue(), filename="c.xlsx"
        )


def test_cahps_scores_as_the_vendor_sends_them(people, aco):
    data = ("summary_measure,score\n" + "".join(f"{k},{v}\n" for k, v in CAHPS.items())).encode()
    assert actions.upload_file(by=people["aco-data"], aco=aco, py=PY, kind="cahps", data=data)["saved"] == 9
    assert Submission.objects.get(organization=aco).cahps_summary["CAHPS_11"] == 25.68
    with pytest.raises(ValidationError) as error:
        actions.upload_file(
            by=people["aco-data"],
            aco=aco,
            py=PY,
            kind="cahps",
            data=b"summary_measure,score\nCAHPS_10,80\nCAHPS_1,101\n",
        )
    assert any("CAHPS_10 is not a CAHPS for MIPS summary measure of PY2026" in m for m in error.value.messages)
    assert any("CAHPS_1: the score 101.0 is not between 0 and 100" in m for m in error.value.messages)
    actions.save_cahps(by=people["aco-data"], aco=aco, py=PY, scores={}, not_sampled=True)
    sub = Submission.objects.get(organization=aco)
    assert sub.cahps_not_sampled and sub.cahps_summary == {}


def test_pi_scores_per_tin(people, aco):
    data = b"tin,eligible_clinicians,pi_score\n11-1111111,10,80\n222222222,30,\n"
    actions.upload_file(by=people["aco-data"], aco=aco, py=PY, kind="pi", data=data)
    sub = Submission.objects.get(organization=aco)
    assert [(p.tin, p.eligible_clinicians, p.score) for p in sub.pi_scores.all()] == [
        ("111111111", 10, 80.0),
        ("222222222", 30, None),
    ]
    with pytest.raises(ValidationError) as error:
        actions.upload_file(
            by=people["aco-data"], aco=aco, py=PY, kind="pi", data=b"tin,eligible_clinicians,pi_score\n1234,0,120\n"
        )
    assert error.value.messages == ["Row 2: The TIN must have nine digits."]


def test_the_signer_attests_and_a_change_withdraws_the_attestation(people, aco):
    with pytest.raises(Conflict):  # nothing reported yet
        actions.attest(by=people["aco-signer"], aco=aco, py=PY)
    actions.save_measure(by=people["aco-data"], aco=aco, py=PY, figures=figures())
    for name in ("aco-executive", "aco-data", "cms-admin"):
        with pytest.raises(PermissionDenied):
            actions.attest(by=people[name], aco=aco, py=PY)
    sub = actions.attest(by=people["aco-signer"], aco=aco, py=PY)
    assert sub.attested_by == people["aco-signer"] and sub.attested
    with pytest.raises(Conflict):
        actions.attest(by=people["aco-signer"], aco=aco, py=PY)
    actions.save_measure(by=people["aco-data"], aco=aco, py=PY, figures=figures(num=81))
    sub.refresh_from_db()
    assert not sub.attested
    assert AuditEvent.objects.filter(action="quality.attestation_withdrawn", organization=aco).count() == 1
    assert AuditEvent.objects.filter(action="quality.attest", actor=people["aco-signer"]).count() == 1


def test_cms_inputs_need_the_analytics_right(people, aco):
    with pytest.raises(PermissionDenied):
        actions.set_cms_inputs(by=people["aco-executive"], aco=aco, py=PY, euc_affected=True)
    with pytest.raises(ValidationError):
        actions.set_cms_inputs(by=SYSTEM, aco=aco, py=PY, underserved_multiplier=1.5)
    inputs = actions.set_cms_inputs(by=people["cms-analyst"], aco=aco, py=PY, rate_479=0.15, cases_479=300)
    assert inputs.rate_479 == 0.15
    assert AuditEvent.objects.filter(action="quality.cms_inputs").count() == 1


def test_cms_extends_the_deadline_through_an_audited_action(people, db):
    with pytest.raises(PermissionDenied):
        actions.set_deadline(by=people["cms-analyst"], py=2025, deadline=dt.date(2026, 4, 30))
    with pytest.raises(ValidationError):
        actions.set_deadline(by=people["cms-admin"], py=2025, deadline=dt.date(2031, 4, 30))
    actions.set_deadline(by=people["cms-admin"], py=2025, deadline=dt.date(2026, 4, 30))
    assert reporting.deadline(2025) == dt.date(2026, 4, 30)
    event = AuditEvent.objects.get(action="quality.deadline_set")
    assert event.before == {"deadline": "2026-03-31"} and event.after == {"deadline": "2026-04-30"}
