"""Pictures of a throughput measurement: producer (load) and consumer (training step) lanes,
for the sequential baseline and for the learner's pipeline, on one time scale.

A learner should see at a glance whether "batch 2 is loaded while batch 1 trains": in the
baseline the lanes take turns; in an overlapped pipeline they run at the same time.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from grader.report.model import Lanes

BUSY, IDLE = "█", "·"
_NAMES = {"baseline": "baseline (ds.map(load))", "learner": "your pipeline"}


def _lane(intervals: list[tuple[float, float]], end: float, width: int) -> str:
    cells = []
    for column in range(width):
        left, right = end * column / width, end * (column + 1) / width
        covered = sum(max(0.0, min(b, right) - max(a, left)) for a, b in intervals)
        cells.append(BUSY if covered >= (right - left) / 2 else IDLE)
    return "".join(cells)


def text(timeline: dict[str, Lanes], width: int = 60) -> str:
    """A few lines of terminal art, both runs on the slower run's time scale."""
    end = max(run.seconds for run in timeline.values())
    lines = [f"time 0 .. {end:.2f} s, {width} columns ({end / width * 1000:.0f} ms each); {BUSY} busy, {IDLE} idle"]
    for name, run in timeline.items():
        lines.append(f"{_NAMES.get(name, name)}: {run.seconds:.2f} s")
        lines.append(f"  load  {_lane(run.producer, end, width)}")
        lines.append(f"  train {_lane(run.consumer, end, width)}")
    return "\n".join(lines)


def svg(timelines: dict[str, dict[str, Lanes]], scale_px: float = 1200) -> str:
    """An SVG document: for each throughput check, both runs' lanes as bars on a shared time axis."""
    runs = [(check, name, run) for check, timeline in timelines.items() for name, run in timeline.items()]
    end = max((run.seconds for _, _, run in runs), default=1.0) or 1.0
    row, label = 22, 260
    height = 40 + row * 3 * len(runs)
    root = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", width=str(int(label + scale_px + 20)),
                      height=str(height), style="font-family: sans-serif; font-size: 12px")
    ET.SubElement(root, "text", x="10", y="20").text = f"time axis: 0 .. {end:.2f} s (load = blue, train = orange)"
    y = 40
    for check, name, run in runs:
        ET.SubElement(root, "text", x="10", y=str(y + 14)).text = f"{check}: {_NAMES.get(name, name)} ({run.seconds:.2f} s)"
        for lane, intervals, colour in (("load", run.producer, "#4c78a8"), ("train", run.consumer, "#f58518")):
            y += row
            ET.SubElement(root, "text", x="30", y=str(y + 14)).text = lane
            for a, b in intervals:
                ET.SubElement(root, "rect", x=f"{label + a / end * scale_px:.1f}", y=str(y + 3),
                              width=f"{max(1.0, (b - a) / end * scale_px):.1f}", height=str(row - 6), fill=colour)
        y += row
    return ET.tostring(root, encoding="unicode")
