//! Reference tables: PSPLIB result lists (`j30opt.sm`, `j*hrs.sm`, `jXXopt.mm`, `j30hrs.mm`) and
//! the derived `reference_bounds.csv`.

use std::path::Path;

use super::lexer::{error, error_in, number, tokens};
use super::read_text;
use crate::error::{Error, Result};

/// Makespan with which the multi-mode `jXXopt.mm` tables mark instances without a feasible
/// schedule (no instance file exists for them).
pub const INFEASIBLE_MAKESPAN: u32 = 16384;

/// Rows of a PSPLIB result table as (instance name, makespan), e.g. `("j301_1", 43)` for the row
/// `1 1 43 ...` when `set` is `j30`. Data rows are the lines whose first token is a number; they
/// read `parameter instance makespan ...` (further columns such as CPU time, date and author are
/// ignored); every other line is header text. In `jXXopt.mm`, [`INFEASIBLE_MAKESPAN`] marks
/// infeasible instances.
///
/// # Errors
/// [`Error::Parse`] (`psplib`) for a data row with fewer than three numbers.
pub fn parse_table(text: &str, set: &str) -> Result<Vec<(String, u32)>> {
    let mut rows = Vec::new();
    for (no, line) in (1..).zip(text.lines()) {
        let toks = tokens(line);
        let Some(first) = toks.first() else { continue };
        if first.text.parse::<u32>().is_err() {
            continue;
        }
        if toks.len() < 3 {
            let msg = format!(
                "expected `parameter instance makespan`, found {} column(s)",
                toks.len()
            );
            return Err(error(no, None, msg));
        }
        let mut v = toks
            .iter()
            .take(3)
            .zip(["parameter", "instance", "makespan"]);
        let mut next = || -> Result<u32> {
            match v.next() {
                Some((t, what)) => number(no, t, what),
                None => Err(error(no, None, "expected three numbers")),
            }
        };
        let (par, inst, makespan) = (next()?, next()?, next()?);
        rows.push((format!("{set}{par}_{inst}"), makespan));
    }
    Ok(rows)
}

/// Read a result table file; the set (`j30`, `j120`, ...) is its file stem without the `opt` or
/// `hrs` suffix, so `j30opt.sm` gives names `j301_1`, ...
///
/// # Errors
/// [`Error::InvalidArgument`] when the stem does not end in `opt` or `hrs`, [`Error::Io`] when the
/// file cannot be read, [`Error::Parse`] as [`parse_table`].
pub fn read_table(path: &Path) -> Result<Vec<(String, u32)>> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let set = stem
        .strip_suffix("opt")
        .or_else(|| stem.strip_suffix("hrs"))
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::InvalidArgument {
            name: "path".into(),
            message: format!(
                "`{}` is not a PSPLIB result table (expected a name like j30opt.sm or j60hrs.sm)",
                path.display()
            ),
        })?
        .to_string();
    parse_table(&read_text(path)?, &set)
}

/// One row of `reference_bounds.csv`: the bounds known for a single-mode instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// Set (`j30`, `j60`, `j90`, `j120`).
    pub set: String,
    /// Instance name without extension (`j3010_1`), as the scenario's name.
    pub instance: String,
    /// Parameter class.
    pub parameter: u32,
    /// Index within the class (1..=10).
    pub index: u32,
    /// Number of non-dummy activities.
    pub n_activities: u32,
    /// Number of renewable resources.
    pub n_resources: u32,
    /// Critical-path lower bound (= `MPM-Time`).
    pub cp_lb: u32,
    /// Best known lower bound.
    pub lb: u32,
    /// Best known upper bound (makespan of the best known schedule).
    pub best_ub: u32,
    /// Whether `lb == best_ub` (the optimum is known).
    pub proven_optimal: bool,
}

const COLUMNS: [&str; 10] = [
    "set",
    "instance",
    "parameter",
    "index",
    "n_activities",
    "n_resources",
    "cp_lb",
    "lb",
    "best_ub",
    "proven_optimal",
];

fn csv_error(line: usize, column: Option<usize>, message: impl Into<String>) -> Error {
    error_in("csv", line, column, message)
}

/// Parse the text of `reference_bounds.csv` (header row naming the columns of [`Bound`], in any
/// order; blank lines ignored).
///
/// # Errors
/// [`Error::Parse`] (`csv`) for a missing column, a row with the wrong number of fields, a field
/// that is not a non-negative integer, or `proven_optimal` other than 0/1.
pub fn parse_reference_bounds(text: &str) -> Result<Vec<Bound>> {
    let mut lines = (1..)
        .zip(text.lines())
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((hno, header)) = lines.next() else {
        return Err(csv_error(1, None, "empty file, expected a header row"));
    };
    let names: Vec<&str> = header.split(',').map(str::trim).collect();
    let mut pos = [0usize; 10];
    for (p, col) in pos.iter_mut().zip(COLUMNS) {
        *p = names
            .iter()
            .position(|n| *n == col)
            .ok_or_else(|| csv_error(hno, None, format!("missing column `{col}` in the header")))?;
    }
    let mut out = Vec::new();
    for (no, line) in lines {
        let fields: Vec<(usize, &str)> = {
            let mut col = 1;
            line.split(',')
                .map(|f| {
                    let c = col;
                    col += f.chars().count() + 1;
                    (c, f.trim())
                })
                .collect()
        };
        if fields.len() != names.len() {
            let msg = format!("expected {} fields, found {}", names.len(), fields.len());
            return Err(csv_error(no, None, msg));
        }
        let text_at = |k: usize| fields.get(pos[k]).copied().unwrap_or((1, ""));
        let num = |k: usize| -> Result<u32> {
            let (col, f) = text_at(k);
            f.parse::<u32>().map_err(|_| {
                let msg = format!(
                    "expected a non-negative integer in `{}`, found `{f}`",
                    COLUMNS[k]
                );
                csv_error(no, Some(col), msg)
            })
        };
        let proven_optimal = match num(9)? {
            0 => false,
            1 => true,
            v => {
                let msg = format!("expected 0 or 1 in `proven_optimal`, found {v}");
                return Err(csv_error(no, Some(text_at(9).0), msg));
            }
        };
        let instance = text_at(1).1;
        out.push(Bound {
            set: text_at(0).1.to_string(),
            instance: instance.strip_suffix(".sm").unwrap_or(instance).to_string(),
            parameter: num(2)?,
            index: num(3)?,
            n_activities: num(4)?,
            n_resources: num(5)?,
            cp_lb: num(6)?,
            lb: num(7)?,
            best_ub: num(8)?,
            proven_optimal,
        });
    }
    Ok(out)
}

/// Read `reference_bounds.csv`.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, otherwise as [`parse_reference_bounds`].
pub fn read_reference_bounds(path: &Path) -> Result<Vec<Bound>> {
    parse_reference_bounds(&read_text(path)?)
}
