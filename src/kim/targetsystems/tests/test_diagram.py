"""The swimlane layout of a service chain (diagram.py): pure, on plain step objects."""

from types import SimpleNamespace

from kim.targetsystems import diagram
from kim.targetsystems.chains import compare
from kim.targetsystems.diagram import chain_diagrams, lane_order, wrap

_pk = iter(range(1, 10_000))


class Org:
    def __init__(self, name):
        self.pk = next(_pk)
        self.name = name

    def __str__(self):
        return self.name


JC, ABH, VHS, BAMF, KI, MBE = (
    Org(n)
    for n in (
        "Jobcenter Märkischer Kreis",
        "Ausländerbehörde",
        "Volkshochschule Iserlohn",
        "Bundesamt für Migration und Flüchtlinge",
        "Kommunales Integrationszentrum",
        "Migrationsberatung für erwachsene Zugewanderte",
    )
)


def step(position, organisation, title="Schritt", **attrs):
    values = {
        "pk": next(_pk),
        "position": position,
        "organisation": organisation,
        "organisation_id": organisation.pk,
        "office": None,
        "office_id": None,
        "legal_domain": None,
        "legal_domain_id": None,
        "title": title,
        "client_task": "",
        "institution_task": "",
        "typical_days": None,
        "is_break_point": False,
        "break_point_note": "",
    }
    values.update(attrs)
    return SimpleNamespace(**values)


def test_lanes_follow_the_first_appearance_across_both_variants():
    as_is = [step(2, ABH), step(1, JC), step(3, JC)]
    to_be = [step(1, KI), step(2, ABH), step(3, VHS)]
    assert list(lane_order(as_is, to_be)) == [JC.pk, ABH.pk, KI.pk, VHS.pk]


def test_both_diagrams_have_the_same_lanes_in_the_same_rows():
    as_is = [step(1, JC), step(2, ABH)]
    to_be = [step(1, VHS), step(2, JC)]
    left, right = chain_diagrams(as_is, to_be)
    assert [lane.name for lane in left.lanes] == [str(JC), str(ABH), str(VHS)]
    assert [(lane.key, lane.y, lane.height) for lane in left.lanes] == [
        (lane.key, lane.y, lane.height) for lane in right.lanes
    ]
    assert left.height == right.height


def test_boxes_go_from_left_to_right_in_the_order_of_their_number():
    steps = [step(3, VHS, "C"), step(1, JC, "A"), step(2, ABH, "B")]
    (layout, _) = chain_diagrams(steps, [])
    assert [b.step.title for b in layout.boxes] == ["A", "B", "C"]
    assert [b.column for b in layout.boxes] == [0, 1, 2]
    xs = [b.x for b in layout.boxes]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert all(b.x >= layout.label_width for b in layout.boxes)
    assert layout.width >= max(b.x + b.w for b in layout.boxes)


def test_a_gap_in_the_numbering_leaves_no_empty_column():
    (layout, _) = chain_diagrams([step(1, JC), step(5, JC)], [])
    assert [(b.number, b.column) for b in layout.boxes] == [(1, 0), (5, 1)]


def test_each_box_sits_in_the_lane_of_its_institution():
    steps = [step(1, JC), step(2, ABH), step(3, JC)]
    (layout, _) = chain_diagrams(steps, [])
    for box in layout.boxes:
        lane = layout.lanes[box.lane]
        assert lane.key == box.step.organisation_id
        assert lane.y <= box.y and box.y + box.h <= lane.y + lane.height


def test_arrows_join_consecutive_steps():
    steps = [step(1, JC), step(2, JC), step(3, ABH)]
    (layout, _) = chain_diagrams(steps, [])
    assert [(a.source.number, a.target.number) for a in layout.arrows] == [(1, 2), (2, 3)]
    same_lane, other_lane = layout.arrows
    assert " V " not in same_lane.path  # straight
    assert " V " in other_lane.path  # down into the next lane
    first, second = layout.boxes[:2]
    assert same_lane.path.startswith(f"M {first.x + first.w:g} {first.cy:g}")
    assert same_lane.path.endswith(f"H {second.x:g}")


def test_break_points_are_flagged_with_a_word():
    steps = [
        step(1, JC, is_break_point=True, break_point_note="Unterlagen fehlen"),
        step(2, ABH),
    ]
    (layout, _) = chain_diagrams(steps, [])
    flagged, plain = layout.boxes
    assert flagged.is_break_point and not plain.is_break_point
    assert any(line.kind == "alert" and "Bruchstelle" in line.text for line in flagged.lines)
    assert not any(line.kind == "alert" for line in plain.lines)
    assert "Bruchstelle: Unterlagen fehlen" in flagged.description
    assert layout.break_points == 1


def test_days_and_legal_domain_are_in_the_box():
    domain = SimpleNamespace(code="SGB II")
    (layout, _) = chain_diagrams(
        [step(1, JC, typical_days=14, legal_domain=domain, legal_domain_id=1)], []
    )
    assert "SGB II · 14 Tage" in [line.text for line in layout.boxes[0].lines]


def test_all_boxes_have_the_same_size_in_both_variants():
    as_is = [step(1, JC, "Kurz")]
    to_be = [step(1, JC, "Ein sehr langer Titel, der über mehrere Zeilen umbricht", typical_days=3)]
    left, right = chain_diagrams(as_is, to_be)
    assert left.boxes[0].h == right.boxes[0].h
    titles = [line for line in right.boxes[0].lines if line.kind == "title"]
    assert len(titles) > 1
    assert all(len(line.text) <= diagram.TITLE_CHARS + 1 for line in titles)


def test_text_stays_inside_its_box():
    long = "Anerkennungsverfahrensbescheinigungsausstellung " * 4
    office = SimpleNamespace(name="Beratungsstelle mit einem sehr langen Namen in Iserlohn")
    (layout, _) = chain_diagrams(
        [step(1, JC, long, office=office, office_id=1, is_break_point=True, typical_days=9)], []
    )
    box = layout.boxes[0]
    title_lines = [line for line in box.lines if line.kind == "title"]
    assert len(title_lines) == diagram.TITLE_LINES
    assert title_lines[-1].text.endswith("…")
    for line in box.lines:
        assert box.y < line.y < box.y + box.h, line
        assert line.x >= box.x


def test_wrap_cuts_and_marks_what_does_not_fit():
    assert wrap("Antrag stellen", 20, 2) == ["Antrag stellen"]
    assert wrap("eins zwei drei vier fünf", 9, 2) == ["eins zwei", "drei vie…"]
    assert wrap("Kurs bei der Volkshochschule", 12, 1) == ["Kurs bei…"]


def test_wrap_hyphenates_words_longer_than_a_line():
    assert wrap("Integrationskursberechtigung", 12, 3) == ["Integration-", "skursberech-", "tigung"]
    # at their own hyphens first
    assert wrap("Volkshochschule Hemer-Menden-Balve", 16, 3) == [
        "Volkshochschule",
        "Hemer-Menden-",
        "Balve",
    ]
    # no piece of one or two letters
    assert wrap("Migrationsberatung", 17, 2) == ["Migrationsberat-", "ung"]


def test_long_institution_names_wrap_in_the_lane_label():
    (layout, _) = chain_diagrams([step(1, BAMF)], [])
    lines = layout.lanes[0].lines
    assert len(lines) > 1
    assert " ".join(line.text for line in lines) == str(BAMF)
    assert all(len(line.text) <= diagram.LABEL_CHARS for line in lines)


def test_eight_steps_over_six_institutions():
    orgs = [JC, ABH, VHS, BAMF, KI, MBE, JC, VHS]
    (layout, _) = chain_diagrams([step(n, o) for n, o in enumerate(orgs, 1)], [])
    assert len(layout.lanes) == 6
    assert len(layout.boxes) == 8 and len(layout.arrows) == 7
    # no two boxes overlap
    for a in layout.boxes:
        for b in layout.boxes:
            if a is not b:
                assert a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y


def test_an_empty_variant_keeps_the_lanes_but_has_no_boxes():
    left, right = chain_diagrams([step(1, JC), step(2, ABH)], [])
    assert right.is_empty and not right.arrows
    assert len(right.lanes) == 2
    assert right.summary() == "Noch keine Schritte."
    assert left.summary() == "2 Schritte bei 2 Institutionen, 0 Bruchstellen."


def test_the_comparison_tags_boxes_with_a_word():
    as_is = [step(1, JC, "A"), step(2, ABH, "B")]
    to_be = [step(1, JC, "A", typical_days=3), step(2, VHS, "C")]
    left, right = chain_diagrams(as_is, to_be, compare(as_is, to_be))
    assert [(b.mark_status, b.mark) for b in left.boxes] == [("", ""), ("removed", "entfällt")]
    assert [(b.mark_status, b.mark) for b in right.boxes] == [
        ("changed", "geändert"),
        ("added", "neu"),
    ]
    tagged = right.boxes[1]
    assert tagged.x < tagged.mark_x and tagged.mark_x + tagged.mark_w <= tagged.x + tagged.w
