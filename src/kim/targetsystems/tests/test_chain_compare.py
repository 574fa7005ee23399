"""As-is against to-be (chains.compare, chains.total_days, and diagram.moves for steps that only
moved): pure functions, tested on plain step objects without a database."""

from types import SimpleNamespace

from kim.targetsystems.chains import compare, total_days
from kim.targetsystems.diagram import marks_from_comparison, moves

_pk = iter(range(1, 10_000))


def step(org, title, **attrs):
    values = {
        "pk": next(_pk),
        "organisation_id": org,
        "title": title,
        "office_id": None,
        "legal_domain_id": None,
        "client_task": "",
        "institution_task": "",
        "typical_days": None,
        "is_break_point": False,
        "break_point_note": "",
    }
    values.update(attrs)
    return SimpleNamespace(**values)


def summary(rows):
    return [
        (r.status, r.as_is and r.as_is.title, r.to_be and r.to_be.title, r.changed) for r in rows
    ]


def chain(*titles):
    return [step(i, t) for i, t in enumerate(titles, 1)]


def test_identical_chains_are_the_same_row_by_row():
    a, b = chain("Antrag", "Bescheid"), chain("Antrag", "Bescheid")
    assert summary(compare(a, b)) == [
        ("same", "Antrag", "Antrag", []),
        ("same", "Bescheid", "Bescheid", []),
    ]


def test_a_step_inserted_in_the_middle_is_added_there():
    a = [step(1, "Antrag"), step(3, "Kurs")]
    b = [step(1, "Antrag"), step(2, "Beratung"), step(3, "Kurs")]
    assert summary(compare(a, b)) == [
        ("same", "Antrag", "Antrag", []),
        ("added", None, "Beratung", []),
        ("same", "Kurs", "Kurs", []),
    ]


def test_a_dropped_step_is_removed():
    a = [step(1, "Antrag"), step(2, "Nachweis nachreichen"), step(3, "Kurs")]
    b = [step(1, "Antrag"), step(3, "Kurs")]
    assert summary(compare(a, b)) == [
        ("same", "Antrag", "Antrag", []),
        ("removed", "Nachweis nachreichen", None, []),
        ("same", "Kurs", "Kurs", []),
    ]


def test_a_changed_field_is_named():
    a = [step(1, "Antrag", typical_days=30, is_break_point=True, break_point_note="liegt")]
    b = [step(1, "Antrag", typical_days=7)]
    assert summary(compare(a, b)) == [
        ("changed", "Antrag", "Antrag", ["typical_days", "is_break_point", "break_point_note"])
    ]


def test_every_compared_field_counts():
    for name, old, new in [
        ("office_id", 1, 2),
        ("legal_domain_id", None, 4),
        ("client_task", "", "Pass mitbringen"),
        ("institution_task", "prüft", "prüft digital"),
    ]:
        rows = compare([step(1, "A", **{name: old})], [step(1, "A", **{name: new})])
        assert [(r.status, r.changed) for r in rows] == [("changed", [name])]


def test_the_same_title_at_another_institution_is_another_step():
    rows = compare([step(1, "Beratung")], [step(2, "Beratung")])
    assert [r.status for r in rows] == ["removed", "added"]


def test_titles_match_regardless_of_case_and_spaces():
    rows = compare([step(1, "Antrag  stellen")], [step(1, " antrag Stellen ")])
    assert [r.status for r in rows] == ["same"]


def test_a_reordered_step_is_removed_at_its_old_and_added_at_its_new_place():
    a = chain("A", "B", "C")
    b = [a[1], a[0], a[2]]  # B before A
    b = [step(s.organisation_id, s.title) for s in b]
    assert summary(compare(a, b)) == [
        ("added", None, "B", []),
        ("same", "A", "A", []),
        ("removed", "B", None, []),
        ("same", "C", "C", []),
    ]


def test_moves_pairs_the_removed_and_the_added_step_of_a_reordering():
    a = chain("A", "B", "C")
    b = [step(2, "B"), step(1, "A"), step(3, "C")]
    rows = compare(a, b)
    assert moves(rows) == {a[1].pk: b[0]}
    as_is_marks, to_be_marks = marks_from_comparison(rows)
    assert as_is_marks == {a[1].pk: ("moved", "verschoben")}
    assert to_be_marks == {b[0].pk: ("moved", "verschoben")}


def test_marks_tag_removed_added_and_changed_steps():
    a = [step(1, "A"), step(2, "B", typical_days=3)]
    b = [step(2, "B", typical_days=5), step(3, "C")]
    as_is_marks, to_be_marks = marks_from_comparison(compare(a, b))
    assert as_is_marks == {a[0].pk: ("removed", "entfällt")}
    assert to_be_marks == {b[0].pk: ("changed", "geändert"), b[1].pk: ("added", "neu")}


def test_an_empty_to_be_removes_everything():
    a = chain("A", "B")
    assert [r.status for r in compare(a, [])] == ["removed", "removed"]


def test_an_empty_as_is_adds_everything():
    assert [r.status for r in compare([], chain("A", "B"))] == ["added", "added"]


def test_two_empty_variants_have_no_rows():
    assert compare([], []) == []
    assert moves([]) == {}


def test_total_days_adds_the_known_and_counts_the_unknown():
    steps = [step(1, "A", typical_days=14), step(2, "B"), step(3, "C", typical_days=0)]
    assert total_days(steps) == (14, 1)
    assert total_days([]) == (0, 0)
