"""The ``peaceplan`` command.

::

    peaceplan demo [--out DIR]             plan the post-war template, write DIR/report.html
    peaceplan validate FILE                list every problem in a scenario file (exit 1 if any)
    peaceplan cpm FILE [--durations mode]  print the critical-path plan of a scenario file
    peaceplan schedule FILE [--method serial|parallel|search] [--rule lft] [--max-schedules N]
                       [--seed N] [--durations mode] [--hard-deadlines]
                                           print the plan under staff and money limits, and why
                                           interventions start late

Exit status: 0 on success, 1 when the file is invalid (parse error or validation problems) or the
constraints cannot be met (infeasible), 2 for usage errors, bad options and files that cannot be
read (missing, wrong extension).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pandas as pd

import peaceplan as pp
from peaceplan import examples, frames
from peaceplan.report import cost_table, staff_table, with_office_staff, write_html_report
from peaceplan.scenario import Scenario

if TYPE_CHECKING:
    from collections.abc import Sequence

    from peaceplan.plan import Plan

__all__ = ["main"]

_EXTENSIONS = (".toml", ".json")
_POINTS = ("mode", "mean", "min", "max")
_METHODS = ("serial", "parallel", "search")
# The demo's constrained plan: the search under the same budget and seed every time.
_DEMO_SCHEDULES = 2000
_DEMO_SEED = 0
_DEMO_DELAY_ROWS = 8


class _FileError(Exception):
    """A file that cannot be read at all (exit 2)."""


def _location(file: str, err: BaseException) -> str:
    line = getattr(err, "line", None)
    column = getattr(err, "column", None)
    where = file
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    # ParseError.message is the parser's words without the location printed in front here.
    message = getattr(err, "message", None) or str(err)
    path = getattr(err, "path", None)
    if path and path not in message:
        message = f"{path}: {message}"
    return f"{where}: {message}"


def _load(file: str) -> Scenario:
    path = Path(file)
    if path.suffix.lower() not in _EXTENSIONS:
        raise _FileError(f"{file}: not a .toml or .json scenario file")
    if not path.is_file():
        raise _FileError(f"{file}: no such file")
    try:
        return Scenario.load(os.fspath(path))
    except OSError as err:
        raise _FileError(f"{file}: {err.strerror or err}") from err


def _print_issues(issues: list[dict[str, str]], out: TextIO) -> None:
    for issue in issues:
        print(f"{issue.get('path', '')}: {issue.get('message', '')}", file=out)


def _durations(text: str) -> str | float:
    if text in _POINTS:
        return text
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not one of {', '.join(_POINTS)} or a quantile in (0, 1)"
        ) from None


def _money(value: float) -> str:
    return "–" if pd.isna(value) else f"{value / 1e6:,.1f}"


def _finish(plan: Plan) -> str:
    text = f"month {plan.makespan:.1f}"
    if plan.start_date:
        date = frames.month_dates(plan.start_date, plan.makespan)
        text += f" ({date:%d %B %Y}; month 0 = {plan.start_date})"
    return text


def _utilisation(plan: Plan) -> str:
    return ", ".join(f"{pool} {share:.0%}" for pool, share in plan.utilisation().items()) or "–"


def _delays_text(plan: Plan, rows: int | None = None) -> str:
    delays = frames.delays_frame(plan)
    if delays.empty:
        return "no intervention starts later than on its critical path"
    more = ""
    if rows is not None and len(delays) > rows:
        more = f"\n({len(delays) - rows} more rows: Plan.delays())"
        delays = delays.head(rows)
    width = max(2, *(len(i) for i in delays["id"]))
    lines = [f"{'id':<{width}}  delay  why"]
    lines.extend(
        f"{ident:<{width}}  {delay:5.1f}  {why}"
        for ident, delay, why in zip(
            delays["id"], delays["delay_months"], delays["explanation"], strict=True
        )
    )
    return "\n".join(lines) + more


def _gap(plan: Plan, baseline: Plan) -> str:
    gap = plan.makespan - baseline.makespan
    if abs(gap) < 0.05:
        return "the same as the critical-path finish"
    return f"{gap:.1f} months after the critical-path finish"


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    scenario = examples.postwar_country()
    office = examples.pbso_office()
    plan = scenario.cpm()
    print(scenario.name, file=out)
    print(f"  finish         {_finish(plan)}", file=out)
    print(
        f"  method         {plan.method.upper()}, {plan.durations} durations "
        "(staff and money do not delay anything)",
        file=out,
    )
    print(f"  critical path  {' → '.join(plan.critical_path)}", file=out)

    staffed = with_office_staff(scenario, office, plan.durations)
    limited = staffed.schedule(method="search", max_schedules=_DEMO_SCHEDULES, seed=_DEMO_SEED)
    delayed = len(set(limited.delay_table()["id"]))
    print(f"\nUnder the staff of {office.name} and the pledge timeline", file=out)
    print(f"  finish         {_finish(limited)},", file=out)
    print(f"                 {_gap(limited, plan)}", file=out)
    print(
        f"  method         {limited.method.upper()}, {limited.schedules_used:,} schedules, "
        f"seed {_DEMO_SEED}, {limited.durations} durations",
        file=out,
    )
    print(f"  held back      {delayed} of {len(limited.ids)} interventions", file=out)
    print(f"  staff use      {_utilisation(limited)} (share of available FTE-months)", file=out)
    print("\nWhy interventions start later than on the critical path (months)", file=out)
    print(_delays_text(limited, _DEMO_DELAY_ROWS), file=out)

    staff = staff_table(limited, office)
    print(f"\nPeak staff demand (FTE) vs capacity of {office.name}", file=out)
    print(
        staff.to_string(
            index=False,
            float_format=lambda v: f"{v:.1f}",
            formatters={"utilisation": lambda v: f"{v:.0%}"},
            na_rep="–",
        ),
        file=out,
    )

    costs = cost_table(limited)
    print("\nCost by funding source ($m)", file=out)
    print(
        costs.to_string(
            index=False,
            formatters={"pledged_usd": _money, "allocated_usd": _money},
            header=["source", "kind", "pledged", "allocated"],
            na_rep="–",
        ),
        file=out,
    )

    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    report = write_html_report(
        folder / "report.html", staffed, limited, office=office, baseline=plan
    )
    print(f"\nreport: {report} (the plan under staff and money limits)", file=out)
    return 0


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    try:
        scenario = _load(args.file)
    except pp.ParseError as err:
        print(_location(args.file, err), file=out)
        return 1
    issues = scenario.issues()
    if not issues:
        print(f"{args.file}: valid", file=out)
        return 0
    _print_issues(issues, out)
    print(f"{args.file}: {len(issues)} problem{'s' if len(issues) != 1 else ''}", file=out)
    return 1


def _load_valid(file: str, out: TextIO) -> Scenario | None:
    """The scenario of ``file``, or None after printing why it cannot be planned."""
    try:
        scenario = _load(file)
    except pp.ParseError as err:
        print(_location(file, err), file=out)
        return None
    issues = scenario.issues()
    if issues:
        _print_issues(issues, out)
        print(f"{file}: invalid, no plan", file=out)
        return None
    return scenario


def _cmd_cpm(args: argparse.Namespace, out: TextIO) -> int:
    scenario = _load_valid(args.file, out)
    if scenario is None:
        return 1
    try:
        plan = scenario.cpm(args.durations)
    except pp.ValidationError as err:  # defensive: issues() should have caught it
        print(f"{args.file}: {err}", file=out)
        return 1
    except ValueError as err:
        raise _FileError(f"--durations {args.durations}: {err}") from err
    print(f"{plan.scenario_name}: finish {_finish(plan)}", file=out)
    print(f"critical path: {' → '.join(plan.critical_path)}", file=out)
    print(f"{plan.method.upper()}, {plan.durations} durations\n", file=out)
    table = frames.plan_frame(plan)
    print(table.to_string(index=False, float_format=lambda v: f"{v:,.1f}"), file=out)
    return 0


def _shortfall(scenario: Scenario, err: pp.InfeasibleError) -> str:
    amount = err.shortfall
    if amount is None:
        return "unknown"
    if err.resource is not None and err.resource.startswith("deadline"):
        return f"{amount:,.1f} months"
    if err.resource in scenario.pool_ids:
        return f"{amount:,.2f} FTE"
    return f"US$ {amount:,.0f}"


def _cmd_schedule(args: argparse.Namespace, out: TextIO) -> int:
    scenario = _load_valid(args.file, out)
    if scenario is None:
        return 1
    try:
        plan = scenario.schedule(
            method=args.method,
            rule=args.rule,
            max_schedules=args.max_schedules,
            seed=args.seed,
            durations=args.durations,
            hard_deadlines=args.hard_deadlines,
        )
    except pp.InfeasibleError as err:
        # a missed deadline also says why (the binding cause, with its month)
        why = ""
        if err.resource is not None and err.resource.startswith("deadline"):
            why = f" ({str(err).removeprefix('infeasible: ')})"
        print(
            f"peaceplan: error: {args.file}: infeasible: intervention {err.intervention}, "
            f"resource {err.resource}, shortfall {_shortfall(scenario, err)}{why}",
            file=sys.stderr,
        )
        return 1
    except pp.ValidationError as err:  # defensive: issues() should have caught it
        print(f"{args.file}: {err}", file=out)
        return 1
    except pp.ArgumentError as err:
        raise _FileError(str(err)) from err
    baseline = scenario.cpm(args.durations)
    print(f"{plan.scenario_name}: finish {_finish(plan)}", file=out)
    print(
        f"{_gap(plan, baseline)} (month {baseline.makespan:.1f}, no staff or money limits)",
        file=out,
    )
    print(
        f"{plan.method.upper()}, rule {args.rule}, {plan.durations} durations, "
        f"{plan.schedules_used:,} schedule{'s' if plan.schedules_used != 1 else ''}, "
        f"seed {args.seed}",
        file=out,
    )
    if plan.pool_ids:
        print(f"staff use: {_utilisation(plan)}", file=out)
    print("", file=out)
    table = frames.plan_frame(plan)
    print(table.to_string(index=False, float_format=lambda v: f"{v:,.1f}"), file=out)
    print("\nWhy interventions start later than on the critical path (months)", file=out)
    print(_delays_text(plan), file=out)
    return 0


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from peaceplan.report_html import write_report

    scenarios: dict[str, Scenario] = {}
    for file in args.files:
        if file.lower().endswith(".xlsx"):
            sc = pp.read_excel(file)
        elif Path(file).is_dir():
            sc = pp.read_csv(file)
        else:
            sc = _load(file)
        issues = sc.issues()
        if issues:
            print(f"{file}: invalid scenario", file=out)
            _print_issues(issues, out)
            return 1
        name = Path(file).stem
        while name in scenarios:
            name += "'"
        scenarios[name] = sc
    path = write_report(args.out, scenarios, draws=args.draws, seed=args.seed)
    print(f"report: {path}", file=out)
    return 0


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peaceplan",
        description="Sequencing, staffing and funding of peacebuilding interventions.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser(
        "demo", help="plan the embedded post-war template and write an HTML report"
    )
    demo.add_argument("--out", default="out", metavar="DIR", help="output folder (default: out)")
    demo.set_defaults(run=_cmd_demo)
    validate = sub.add_parser("validate", help="list every problem in a scenario file")
    validate.add_argument("file", metavar="FILE", help="scenario file (.toml or .json)")
    validate.set_defaults(run=_cmd_validate)
    cpm = sub.add_parser("cpm", help="print the critical-path plan of a scenario file")
    cpm.add_argument("file", metavar="FILE", help="scenario file (.toml or .json)")
    cpm.add_argument(
        "--durations",
        default="mode",
        type=_durations,
        help="point of each duration: mode (default), mean, min, max, or a quantile in (0, 1)",
    )
    cpm.set_defaults(run=_cmd_cpm)
    schedule = sub.add_parser(
        "schedule", help="print the plan of a scenario file under its staff and money limits"
    )
    schedule.add_argument("file", metavar="FILE", help="scenario file (.toml or .json)")
    schedule.add_argument(
        "--method",
        default="serial",
        choices=_METHODS,
        help="serial (default) or parallel schedule generation, or search (the best of many)",
    )
    schedule.add_argument(
        "--rule",
        default="lft",
        help="priority rule: lft (default), lst, minslack, grpw, mts, spt, random or rbrs",
    )
    schedule.add_argument(
        "--max-schedules",
        default=5000,
        type=_integer,
        metavar="N",
        help="budget of generated schedules for search (default 5000)",
    )
    schedule.add_argument(
        "--seed", default=0, type=_integer, metavar="N", help="random seed (default 0)"
    )
    schedule.add_argument(
        "--durations",
        default="mode",
        type=_durations,
        help="point of each duration: mode (default), mean, min, max, or a quantile in (0, 1)",
    )
    schedule.add_argument(
        "--hard-deadlines",
        action="store_true",
        help="a missed deadline is an error instead of reported lateness",
    )
    schedule.set_defaults(run=_cmd_schedule)
    report = sub.add_parser(
        "report", help="simulate scenario files and write one self-contained HTML report"
    )
    report.add_argument(
        "files", nargs="+", metavar="FILE", help="scenario files (.toml, .json, .xlsx, CSV folder)"
    )
    report.add_argument("--out", default="report.html", metavar="HTML", help="output file")
    report.add_argument(
        "--draws", default=2000, type=_integer, metavar="N", help="draws per scenario (2000)"
    )
    report.add_argument(
        "--seed", default=0, type=_integer, metavar="N", help="random seed (default 0)"
    )
    report.set_defaults(run=_cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``peaceplan`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        Exit status: 0 success, 1 invalid scenario, 2 usage error or unreadable file.

    Examples
    --------
    >>> from peaceplan.cli import main
    >>> main(["validate", "scenario.toml"])  # doctest: +SKIP
    scenario.toml: valid
    0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error already printed by argparse
        return exit_.code if isinstance(exit_.code, int) else 2
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args, sys.stdout))
    except _FileError as err:
        print(f"peaceplan: error: {err}", file=sys.stderr)
        return 2
    except (OSError, pp.PeaceplanError) as err:
        print(f"peaceplan: error: {err}", file=sys.stderr)
        return 2
