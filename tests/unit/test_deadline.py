"""A per-record deadline in the stages: an overrun becomes a reject and the run goes on."""

import signal
import time

import cleancli.stages.strip.passes
from cleancli.record import Record, Reject
from cleancli.stages.each import each
from cleancli.stages.split import split
from cleancli.stages.strip import strip

PAGE = "Harbour expansion wins final approval\n\nThe council approved the harbour expansion."


def _records(*names):
    return [Record(id=name, source=name, text=PAGE) for name in names]


def _spin(rec):
    """Work that never ends on its own, in Python code as a pathological page's would be."""
    while rec.source == "slow.txt":
        pass
    return rec


def test_a_record_past_its_deadline_becomes_a_reject_and_the_next_one_is_processed(monkeypatch):
    monkeypatch.setattr(cleancli.stages.strip.passes, "strip_record", lambda rec, **_: _spin(rec))
    out = list(strip(_records("slow.txt", "next.txt"), timeout=0.05))
    assert out[0] == Reject("slow.txt", "strip", "took longer than 0.05 s in strip", out[0].preview)
    assert out[0].preview.startswith("Harbour expansion")
    assert isinstance(out[1], Record)
    assert out[1].source == "next.txt"


def test_the_deadline_is_disarmed_after_each_record():
    before = signal.getsignal(signal.SIGVTALRM)
    out = list(each(_records("a.txt", "b.txt"), lambda rec: rec, "strip", timeout=0.05))
    assert [item.source for item in out] == ["a.txt", "b.txt"]
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGVTALRM) is before
    time.sleep(0.1)  # no alarm left to fire outside a record's work


def test_without_a_timeout_a_slow_record_is_waited_for():
    def slow(rec):
        time.sleep(0.05)
        return rec

    out = list(each(_records("a.txt"), slow, "split"))
    assert isinstance(out[0], Record)


def test_split_takes_a_deadline_too():
    out = list(split(_records("a.txt"), timeout=5.0))
    assert [item.source for item in out] == ["a.txt"]
