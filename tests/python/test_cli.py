"""The `peaceplan` command, run in-process."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser

import peaceplan as pp
import pytest
from conftest import NETWORK_TOML
from peaceplan.cli import main


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_demo_writes_report(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    sc = pp.examples.postwar_country()
    plan = sc.cpm()
    assert sc.name in printed
    assert " → ".join(plan.critical_path) in printed
    assert "planning" in printed
    assert "unfunded" in printed
    # The plan under the office's staff and the pledge timeline, with its delay explanation.
    staffed = pp.report.with_office_staff(sc, pp.examples.pbso_office())
    limited = staffed.schedule(method="search", max_schedules=2000, seed=0)
    assert "SEARCH, " in printed and " schedules, seed 0" in printed  # stops early at the bound
    assert f"month {limited.makespan:.1f}" in printed
    assert limited.delays()["explanation"].iloc[0] in printed
    assert f"planning {limited.utilisation()['planning']:.0%}" in printed
    report = out / "report.html"
    assert str(report) in printed
    parser = _Collector()
    parser.feed(report.read_text(encoding="utf-8"))
    parser.close()
    assert {"html", "table", "svg"} <= set(parser.tags)
    text = "".join(parser.text)
    assert "critical" in text.lower()
    assert "unfunded" in text
    assert "Why interventions start later" in text
    assert "Funding balance" in text
    assert parser.tags.count("svg") == 2  # Gantt with pool load, funding balance
    assert not [p for p in out.iterdir() if p.name != "report.html"]  # no temporary left behind


def test_validate_valid(tmp_path, capsys) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(NETWORK_TOML, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"{path}: valid"


def test_validate_lists_every_problem(tmp_path, capsys) -> None:
    path = tmp_path / "bad.json"
    sc = pp.Scenario.from_toml(NETWORK_TOML).to_dict()
    sc["interventions"][1]["after"] = ["nowhere"]
    sc["interventions"][2]["duration_months"] = -2
    path.write_text(pp.Scenario.from_dict(sc).to_json(), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    printed = capsys.readouterr().out
    assert "interventions[1].after[0]: " in printed
    assert "interventions[2].duration_months" in printed


def test_validate_parse_error_has_location(tmp_path, capsys) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('schema = 1\nname = = "x"\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    printed = capsys.readouterr().out
    assert printed.startswith(f"{path}:2:")


@pytest.mark.parametrize("name", ["missing.toml", "scenario.txt"])
def test_validate_unreadable_file(tmp_path, capsys, name: str) -> None:
    path = tmp_path / name
    if path.suffix == ".txt":
        path.write_text(NETWORK_TOML, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_cpm_prints_the_plan(tmp_path, capsys) -> None:
    path = tmp_path / "n.toml"
    path.write_text(NETWORK_TOML, encoding="utf-8")
    assert main(["cpm", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "critical path: a → b → d → f" in printed
    lines = printed.splitlines()
    for ident in "abcdef":
        assert any(line.split()[:1] == [ident] for line in lines), ident
    assert main(["cpm", str(path), "--durations", "0.8"]) == 0
    assert main(["cpm", str(path), "--durations", "median"]) == 2
    assert main(["cpm", str(path), "--durations", "1.5"]) == 2


def test_usage_errors_return_2(capsys) -> None:
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["--help"]) == 0
    capsys.readouterr()


def test_python_m_peaceplan(tmp_path) -> None:
    path = tmp_path / "n.toml"
    path.write_text(NETWORK_TOML, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "peaceplan", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("valid")
