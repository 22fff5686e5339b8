//! The PSPLIB `.sm` / `.mm` layout read into plain numbers (no model types yet).

use super::lexer::{error, number, tokens, Cursor, Tok};
use crate::error::{Error, Result};

/// Header values of the `PROJECT INFORMATION` row.
#[derive(Debug, Clone, Copy)]
pub(super) struct Project {
    pub release_date: u32,
    pub due_date: u32,
    pub tardiness_cost: u32,
    pub mpm_time: u32,
}

/// One mode of a job: duration and demands (renewable first, then nonrenewable).
#[derive(Debug, Clone)]
pub(super) struct RawMode {
    pub duration: u32,
    pub demands: Vec<u32>,
}

/// One job: its successors (job numbers, 1-based) and its modes in file order.
#[derive(Debug, Clone)]
pub(super) struct RawJob {
    /// Line of its precedence row.
    pub line: usize,
    pub successors: Vec<u32>,
    pub modes: Vec<RawMode>,
}

/// A whole file.
#[derive(Debug, Clone)]
pub(super) struct Raw {
    pub horizon: u32,
    pub renewable: usize,
    pub nonrenewable: usize,
    pub project: Option<Project>,
    pub jobs: Vec<RawJob>,
    /// Availability per resource (renewable first, then nonrenewable).
    pub availability: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Title {
    Project,
    Precedence,
    Requests,
    Availability,
}

impl Title {
    fn of(line: &str) -> Option<Title> {
        let key: String = line
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        [
            ("PROJECTINFORMATION", Title::Project),
            ("PRECEDENCERELATIONS", Title::Precedence),
            ("REQUESTS/DURATIONS", Title::Requests),
            ("RESOURCEAVAILABILITIES", Title::Availability),
        ]
        .into_iter()
        .find(|(k, _)| key.starts_with(k))
        .map(|(_, t)| t)
    }

    fn label(self) -> &'static str {
        match self {
            Title::Project => "`PROJECT INFORMATION:`",
            Title::Precedence => "`PRECEDENCE RELATIONS:`",
            Title::Requests => "`REQUESTS/DURATIONS:`",
            Title::Availability => "`RESOURCEAVAILABILITIES:`",
        }
    }
}

/// Whether a line is a column header (its first token is not a number).
fn is_header(line: &str) -> bool {
    tokens(line)
        .first()
        .is_some_and(|t| t.text.parse::<u32>().is_err())
}

/// Consume the section title `title` (error naming it otherwise) and one column header if any.
fn section(cur: &mut Cursor<'_>, title: Title, context: &str) -> Result<()> {
    match cur.next_line() {
        None => return Err(cur.eof(title.label())),
        Some((no, line)) if Title::of(line) != Some(title) => {
            return Err(error(
                no,
                None,
                format!(
                    "expected {}{context}, found `{}`",
                    title.label(),
                    line.trim()
                ),
            ))
        }
        Some(_) => {}
    }
    if let Some((_, line)) = cur.peek() {
        if Title::of(line).is_none() && is_header(line) {
            cur.next_line();
        }
    }
    Ok(())
}

/// The next data row (not a section title), with its tokens.
fn row<'a>(cur: &mut Cursor<'a>, expected: &str) -> Result<(usize, Vec<Tok<'a>>)> {
    match cur.next_line() {
        None => Err(cur.eof(expected)),
        Some((no, line)) if Title::of(line).is_some() => Err(error(
            no,
            None,
            format!("expected {expected}, found `{}`", line.trim()),
        )),
        Some((no, line)) => Ok((no, tokens(line))),
    }
}

/// Numbers of all `toks`, which must be exactly `count`.
fn numbers(no: usize, toks: &[Tok<'_>], count: usize, what: &str) -> Result<Vec<u32>> {
    if toks.len() != count {
        let col = toks.get(count).map(|t| t.col);
        return Err(error(
            no,
            col,
            format!("expected {count} numbers in {what}, found {}", toks.len()),
        ));
    }
    toks.iter().map(|t| number(no, t, what)).collect()
}

#[derive(Default)]
struct Header {
    jobs: Option<u32>,
    horizon: Option<u32>,
    renewable: Option<u32>,
    nonrenewable: u32,
}

fn header(cur: &mut Cursor<'_>) -> Result<Header> {
    let mut h = Header::default();
    while let Some((no, line)) = cur.peek() {
        if Title::of(line).is_some() {
            break;
        }
        cur.next_line();
        let Some(colon) = line.find(':') else {
            continue; // `RESOURCES` and any other free text
        };
        let label = line
            .get(..colon)
            .unwrap_or_default()
            .trim()
            .trim_start_matches('-')
            .trim()
            .to_ascii_lowercase();
        let toks = tokens(line);
        let value = toks.iter().find(|t| t.byte > colon);
        let get = |what: &str| -> Result<u32> {
            match value {
                Some(t) => number(no, t, what),
                None => Err(error(no, None, format!("expected {what} after `:`"))),
            }
        };
        if label.starts_with("projects") {
            let n = get("the number of projects")?;
            if n != 1 {
                let msg = format!("only files with one project are supported, found {n}");
                return Err(error(no, value.map(|t| t.col), msg));
            }
        } else if label.starts_with("jobs") {
            h.jobs = Some(get("the number of jobs")?);
        } else if label.starts_with("horizon") {
            h.horizon = Some(get("the horizon")?);
        } else if label.starts_with("renewable") {
            h.renewable = Some(get("the number of renewable resources")?);
        } else if label.starts_with("nonrenewable") {
            h.nonrenewable = get("the number of nonrenewable resources")?;
        } else if label.starts_with("doubly") {
            let d = get("the number of doubly constrained resources")?;
            if d > 0 {
                let msg = format!(
                    "doubly constrained resources are not supported, found {d} (expected 0)"
                );
                return Err(error(no, value.map(|t| t.col), msg));
            }
        }
    }
    Ok(h)
}

fn missing(cur: &mut Cursor<'_>, what: &str) -> Error {
    match cur.peek() {
        Some((no, _)) => error(
            no,
            None,
            format!("expected `{what}` in the header before this line"),
        ),
        None => cur.eof(&format!("`{what}`")),
    }
}

/// Read a PSPLIB `.sm` / `.mm` text.
pub(super) fn parse(text: &str) -> Result<Raw> {
    let mut cur = Cursor::new(text);
    let h = header(&mut cur)?;
    let n_jobs = match h.jobs {
        Some(n) => n,
        None => return Err(missing(&mut cur, "jobs (incl. supersource/sink ): <n>")),
    };
    let Some(horizon) = h.horizon else {
        return Err(missing(&mut cur, "horizon : <n>"));
    };
    let Some(renewable) = h.renewable else {
        return Err(missing(&mut cur, "- renewable : <n> R"));
    };
    let (renewable, nonrenewable) = (renewable as usize, h.nonrenewable as usize);
    let k = renewable + nonrenewable;

    let mut project = None;
    if cur
        .peek()
        .is_some_and(|(_, l)| Title::of(l) == Some(Title::Project))
    {
        section(&mut cur, Title::Project, "")?;
        let what = "the project row `pronr. #jobs rel.date duedate tardcost MPM-Time`";
        let (no, toks) = row(&mut cur, what)?;
        let v = numbers(no, &toks, 6, what)?;
        if let [_, jobs, release_date, due_date, tardiness_cost, mpm_time] = v[..] {
            if u64::from(jobs) + 2 != u64::from(n_jobs) {
                let msg = format!(
                    "the project has {jobs} jobs but the header counts {n_jobs} with source and sink (expected {})",
                    n_jobs.saturating_sub(2)
                );
                return Err(error(no, toks.get(1).map(|t| t.col), msg));
            }
            project = Some(Project {
                release_date,
                due_date,
                tardiness_cost,
                mpm_time,
            });
        }
    }

    section(&mut cur, Title::Precedence, "")?;
    let mut jobs: Vec<RawJob> = Vec::new();
    let mut mode_counts: Vec<u32> = Vec::new();
    for j in 1..=n_jobs {
        let what =
            format!("the precedence row of job {j} (`jobnr. #modes #successors successors...`)");
        let (no, toks) = row(&mut cur, &what)?;
        if toks.len() < 3 {
            let msg = format!(
                "expected at least 3 numbers in {what}, found {}",
                toks.len()
            );
            return Err(error(no, None, msg));
        }
        let nums: Vec<u32> = toks
            .iter()
            .map(|t| number(no, t, "a job number or count"))
            .collect::<Result<_>>()?;
        let (jobnr, modes, count) = (nums[0], nums[1], nums[2] as usize);
        if jobnr != j {
            return Err(error(
                no,
                toks.first().map(|t| t.col),
                format!("expected job {j}, found job {jobnr}"),
            ));
        }
        if modes == 0 {
            return Err(error(
                no,
                toks.get(1).map(|t| t.col),
                format!("job {j} must have at least one mode"),
            ));
        }
        if toks.len() != 3 + count {
            let msg = format!(
                "job {j} declares {count} successors but lists {}",
                toks.len() - 3
            );
            return Err(error(no, toks.get(3 + count).map(|t| t.col), msg));
        }
        let mut successors = Vec::with_capacity(count);
        for (t, &s) in toks.iter().zip(&nums).skip(3) {
            if s == 0 || s > n_jobs {
                let msg =
                    format!("unknown successor {s} of job {j} (jobs are numbered 1..={n_jobs})");
                return Err(error(no, Some(t.col), msg));
            }
            if s == j {
                return Err(error(
                    no,
                    Some(t.col),
                    format!("job {j} lists itself as a successor"),
                ));
            }
            if successors.contains(&s) {
                return Err(error(
                    no,
                    Some(t.col),
                    format!("job {j} lists successor {s} twice"),
                ));
            }
            successors.push(s);
        }
        mode_counts.push(modes);
        jobs.push(RawJob {
            line: no,
            successors,
            modes: Vec::new(),
        });
    }
    let ctx = format!(" (the precedence section has exactly {n_jobs} rows, one per job)");
    section(&mut cur, Title::Requests, &ctx)?;
    for (job, (j, &modes)) in jobs.iter_mut().zip((1u32..).zip(&mode_counts)) {
        for m in 1..=modes {
            let what = format!(
                "the request row of job {j} mode {m} (`jobnr. mode duration` and {k} demands)"
            );
            let (no, toks) = row(&mut cur, &what)?;
            // The first mode row starts with the job number; continuation rows may omit it.
            let rest = if toks.len() == 3 + k {
                let nr = toks
                    .first()
                    .map(|t| number(no, t, "the job number"))
                    .transpose()?;
                if nr != Some(j) {
                    let msg = format!("expected job {j}, found job {}", nr.unwrap_or(0));
                    return Err(error(no, toks.first().map(|t| t.col), msg));
                }
                toks.get(1..).unwrap_or_default()
            } else if m > 1 && toks.len() == 2 + k {
                &toks[..]
            } else {
                let want = if m == 1 {
                    format!("{}", 3 + k)
                } else {
                    format!("{} or {}", 2 + k, 3 + k)
                };
                let msg = format!("expected {want} numbers in {what}, found {}", toks.len());
                return Err(error(no, None, msg));
            };
            let v = numbers(no, rest, 2 + k, &what)?;
            if v.first() != Some(&m) {
                let col = rest.first().map(|t| t.col);
                return Err(error(
                    no,
                    col,
                    format!(
                        "expected mode {m} of job {j}, found mode {}",
                        v.first().copied().unwrap_or(0)
                    ),
                ));
            }
            job.modes.push(RawMode {
                duration: v.get(1).copied().unwrap_or(0),
                demands: v.get(2..).unwrap_or_default().to_vec(),
            });
        }
    }
    let ctx = " (the request section has one row per job and mode)";
    section(&mut cur, Title::Availability, ctx)?;
    let what = format!("the resource availabilities ({k} numbers)");
    let (no, toks) = row(&mut cur, &what)?;
    let availability = numbers(no, &toks, k, &what)?;
    if let Some((no, line)) = cur.next_line() {
        let msg = format!(
            "unexpected text after the resource availabilities: `{}`",
            line.trim()
        );
        return Err(error(no, None, msg));
    }
    Ok(Raw {
        horizon,
        renewable,
        nonrenewable,
        project,
        jobs,
        availability,
    })
}
