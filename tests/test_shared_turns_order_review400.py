"""Checks shared with a forked child (`io.forked.SharedTurns`) find exactly what one process
finds, in the same order, whichever process takes which check and in whatever order.

The dataset is messy and damaged as files arrive: ten organisations of the sample ward, their
rows retyped with the messy city's habits (`sample.messy`), dates shifted, changes retyped, a
member also on another file's roll, a file sent twice, and so on: 25 and more issue codes of
members, changes, years and organisations. Every field of every issue (code, file, sheet,
cell, message...) and their order are compared (review400). Where nothing is forked, the
checks are all run here and the comparison holds trivially."""

from __future__ import annotations

import copy
import datetime as dt
import os
import random
from pathlib import Path
from typing import Any

import pytest

import toolkit.validation.run as runner
from toolkit.core.model import Issue
from toolkit.io import forked
from toolkit.sample.messy import messy_submission
from toolkit.sample.rows import SubmissionRows
from toolkit.sample.ward import build_sample_ward
from toolkit.validation import validate_files

TODAY = dt.date(2026, 4, 5)
CHANGES = ("admitted", "transfer_in", "transfer_out", "died", "struck_off", "readmitted")


def _damaged(rng: random.Random, org: Any, everyone: list[dict[str, Any]]) -> SubmissionRows:
    members = copy.deepcopy(org.members)
    events = copy.deepcopy(org.events)
    years = copy.deepcopy(org.years)
    for m in members:
        r = rng.random()
        if r < 0.05 and m.get("birth_date"):
            m["birth_date"] = m["birth_date"].replace(year=m["birth_date"].year + 40)
        elif r < 0.08:
            m["gender"] = "Namm"
        elif r < 0.11:
            m["admission_date"] = None
        elif r < 0.13 and m.get("admission_date"):
            m["official_date"] = m["admission_date"] - dt.timedelta(days=3)
    for _ in range(2):  # a member of another file on this roll too
        members.append({**copy.deepcopy(rng.choice(everyone)), "row_no": len(members) + 1})
    for e in events:
        r = rng.random()
        if r < 0.1 and e.get("event_date"):
            e["event_date"] += dt.timedelta(days=rng.choice([-4000, 400, 3]))
        elif r < 0.13:
            e["birth_date"] = None
        elif r < 0.16:
            e["birth_date"] = dt.date(1900, 1, 1)
        elif r < 0.19:
            e["event_date"] = dt.date(2200, 5, 5)
        elif r < 0.25:
            e["event_type"] = rng.choice(CHANGES)
    for m in rng.sample(members, min(3, len(members))):  # changes of people on the roll
        events.append(
            {
                **copy.deepcopy(events[0] if events else {}),
                "full_name": m.get("full_name"),
                "birth_date": m.get("birth_date"),
                "event_type": rng.choice(CHANGES),
                "event_date": dt.date(2025, rng.randint(1, 12), 1),
                "row_no": len(events) + 1,
            }
        )
    for y in years:
        if rng.random() < 0.3:
            y["new_members_completed"] = (y.get("new_members_trained") or 0) + 2
    rows = SubmissionRows(info=dict(org.info), members=members, events=events, years=years)
    return messy_submission(rows, rng).rows


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Any]:
    folder = tmp_path_factory.mktemp("messy")
    sample = build_sample_ward()
    rng = random.Random(7)
    orgs = sample.orgs[:10]
    everyone = [m for o in orgs for m in o.members]
    subs = [_damaged(rng, org, everyone) for org in orgs]
    paths = [sub.write(folder / f"{n:02d}.xlsx") for n, sub in enumerate(subs)]
    paths.append(subs[1].write(folder / "twice.xlsx"))  # a second file of one organisation
    return paths, sample.registry


def _validate(paths: list[Path], registry: Any) -> list[Issue]:
    return validate_files(paths, registry=registry, today=TODAY).issues


def _split(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """The checks dealt at random: a random share to the child, each process taking its own in
    a random order (the real turns go to whichever asks first)."""
    parent = os.getpid()

    class Dealt(forked.SharedTurns):
        def __init__(self, count: int) -> None:
            super().__init__(count)
            deal = random.Random(seed)
            order = list(range(count))
            deal.shuffle(order)
            cut = deal.randrange(count + 1)
            self.ours, self.theirs = order[:cut], order[cut:]

        def take(self) -> int | None:
            mine = self.ours if os.getpid() == parent else self.theirs
            return mine.pop(0) if mine else None

    monkeypatch.setattr(runner, "SharedTurns", Dealt)


def test_forked_checks_find_every_issue_of_one_process_in_its_order_however_dealt(
    ward: tuple[list[Path], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, registry = ward
    monkeypatch.setattr(runner, "worker_count", lambda files: 1)
    serial = _validate(paths, registry)
    codes = {i.code for i in serial}
    assert len(codes) >= 25 and len(serial) > 500
    assert {"member.duplicate_other_file", "event.left_still_on_roll", "org.duplicate_file"} <= codes
    monkeypatch.setattr(runner, "worker_count", lambda files: 2)
    for _ in range(3):  # the turns as they come
        assert _validate(paths, registry) == serial
    for seed in range(6):  # and dealt at random
        with monkeypatch.context() as dealt:
            _split(dealt, seed)
            assert _validate(paths, registry) == serial
