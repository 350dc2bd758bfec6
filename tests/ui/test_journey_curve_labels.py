"""Labels on the emotion curve never sit on top of each other (neighbouring touchpoints' names
ran into each other at 1366 px when every label had the same offset from its point)."""

from __future__ import annotations

from vocdesk.ui.charts.journey_curve import place_label


def test_the_first_free_box_is_taken() -> None:
    placed = [(0.0, 4.0, 0.5, 0.6)]
    assert place_label(placed, [(2.0, 6.0, 0.55, 0.65), (2.0, 6.0, 0.65, 0.75)]) == 1
    assert place_label(placed, [(5.0, 8.0, 0.5, 0.6), (2.0, 6.0, 0.65, 0.75)]) == 0


def test_when_nothing_is_free_the_least_overlapping_box_is_taken() -> None:
    placed = [(0.0, 4.0, 0.5, 0.6)]
    assert place_label(placed, [(0.0, 4.0, 0.5, 0.6), (3.0, 6.0, 0.55, 0.65)]) == 1


def test_labels_of_neighbouring_points_on_the_page_do_not_overlap(qtbot) -> None:
    from vocdesk.ui.charts.journey_curve import CurvePoint, JourneyCurve

    curve = JourneyCurve()
    qtbot.addWidget(curve)
    curve.resize(1300, 240)                    # the journey page's curve at 1366×768
    curve.show()
    qtbot.waitExposed(curve)
    pts = [CurvePoint(name=f"t{i}", label=f"Touchpoint number {i}", mean=m, low=m - .02,
                      high=m + .02, rows=100, flag="low" if m < .4 else "high",
                      strength=abs(m - .45))
           for i, m in enumerate([.45, .3, .32, .31, .6, .62, .61])]
    pts.append(CurvePoint(name="t7", label="Touchpoint number 7", mean=.31, low=.29, high=.33,
                          rows=100, flag="low", final=True))
    curve.show_points(pts, [("all", 0, len(pts) - 1)])
    boxes = curve._placed[curve._obstacles:]          # after the points' own boxes
    assert len(boxes) == len(curve.labels) >= 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]), (a, b)


def test_labels_are_laid_out_again_at_the_size_the_chart_is_shown_at(qtbot) -> None:
    """Drawn before the page is shown, the labels were placed for a guessed size and ran over
    the points on a laptop; the chart places them again once it has its real size."""
    from vocdesk.ui.charts.journey_curve import CurveLink, CurvePoint, JourneyCurve

    curve = JourneyCurve()
    qtbot.addWidget(curve)
    pts = [CurvePoint(name=f"t{i}", label=f"Touchpoint number {i}", mean=m, low=m - .02,
                      high=m + .02, rows=100, flag="low" if m < .4 else None,
                      strength=abs(m - .45), final=i == 5)
           for i, m in enumerate([.45, .3, .5, .5, .25, .26])]
    curve.show_points(pts, [("all", 0, len(pts) - 1)])
    curve.show_links([CurveLink(key=0, first=1, second=4, label="#1")])
    guessed = list(curve._placed)
    curve.resize(700, 180)
    curve.show()
    qtbot.waitExposed(curve)
    qtbot.waitUntil(lambda: curve._laid_for == (curve.plot.width(), curve.plot.height()))
    assert curve._placed != guessed                    # boxes measured at the shown size
    assert len(curve.links) == 1                        # the broken link is drawn again too
    assert len(curve.labels) == len(set(curve.labels)) >= 2    # each mark drawn once


def test_a_crowded_end_of_the_journey_keeps_its_labels_off_the_points(qtbot) -> None:
    """The demo's after-sales end: three low touchpoints side by side at the right edge, the end
    label growing leftwards over them. A label may slide sideways or move up (tied to its point
    by a line), but it never covers a point, and labels never cover each other."""
    from vocdesk.ui.charts.journey_curve import CurvePoint, JourneyCurve

    curve = JourneyCurve()
    qtbot.addWidget(curve)
    curve.resize(980, 190)                     # the curve's size on the page at 1366×768
    curve.show()
    qtbot.waitExposed(curve)
    means = [.42, .44, .38, .36, .08, .28, .36, .36, .30, .40, .28, .47, .32, .35, .45, .47,
             .66, .25, .25, .38, .38, .13]
    flags = {4: "low", 16: "high", 17: "low", 18: "low", 21: "low"}
    pts = [CurvePoint(name=f"t{i}", label=f"Touchpoint {i} name", mean=m, low=m - .03,
                      high=m + .03, rows=300 + 97 * (i % 5), flag=flags.get(i),
                      strength=abs(m - .36), worst=i == 4, final=i == len(means) - 1)
           for i, m in enumerate(means)]
    curve.show_points(pts, [("all", 0, len(pts) - 1)])
    qtbot.waitUntil(lambda: curve._laid_for == (curve.plot.width(), curve.plot.height()))
    points, boxes = curve._placed[:curve._obstacles], curve._placed[curve._obstacles:]
    assert len(boxes) == len(curve.labels) >= 4

    def overlap(a: tuple, b: tuple) -> bool:
        return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]

    for i, a in enumerate(boxes):
        assert not any(overlap(a, p) for p in points), (curve.labels[i], a)
        assert not any(overlap(a, b) for b in boxes[i + 1:]), (curve.labels[i], a)
    assert len(curve.leaders) <= len(boxes)
