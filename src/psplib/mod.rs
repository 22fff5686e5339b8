//! Reader for PSPLIB instances (Kolisch & Sprecher 1996): single-mode `.sm` and multi-mode `.mm`
//! files become a [`Scenario`], and the reference tables (`j30opt.sm`, `j*hrs.sm`, `jXXopt.mm`,
//! `j30hrs.mm`, the derived `reference_bounds.csv`) become plain rows.
//!
//! Mapping: every job, the dummy source and sink included (zero-duration milestones), is an
//! intervention whose id is its job number (`"1"`, `"2"`, ...); successors become `after` entries
//! on the successor (finish-to-start, lag 0); periods are read as months. Renewable resources are
//! pools `R1`..`Rk` of constant capacity; nonrenewable resources are sources `N1`, `N2` (kind
//! `other`) with one pledge of the whole availability at month 0. Mode 1 is the intervention's own
//! values (mode `base`); modes 2.. are [`Mode`]s with ids `"2"`, ... that state duration, staff and
//! consumption explicitly. Demands of 0 are omitted. Doubly constrained resources are rejected.
//!
//! Malformed input gives [`Error::Parse`] with `format = "psplib"` (`"csv"` for the bounds file),
//! the 1-based line and, where it applies, the column; nothing panics on file data.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{
    Capacity, Dist, Intervention, Mode, Pledge, Pool, Scenario, Source, SourceKind, SCHEMA_VERSION,
};

mod lexer;
mod raw;
mod tables;

pub use tables::{
    parse_reference_bounds, parse_table, read_reference_bounds, read_table, Bound,
    INFEASIBLE_MAKESPAN,
};

/// Provenance written into the `source` fields of everything the reader creates.
pub const PROVENANCE: &str = "PSPLIB (Kolisch & Sprecher 1996)";

/// Which of the two PSPLIB layouts a text is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// `.sm`: one mode per job (a job with more is an error).
    SingleMode,
    /// `.mm`: any number of modes per job, nonrenewable resources allowed.
    MultiMode,
}

impl Variant {
    /// The variant of a file by its extension (`sm` or `mm`, case-insensitive).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for any other extension.
    pub fn of_path(path: &Path) -> Result<Variant> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("sm") => Ok(Variant::SingleMode),
            Some("mm") => Ok(Variant::MultiMode),
            _ => Err(Error::InvalidArgument {
                name: "path".into(),
                message: format!(
                    "`{}` is not a PSPLIB instance (expected extension .sm or .mm)",
                    path.display()
                ),
            }),
        }
    }
}

/// A PSPLIB instance: the scenario and the header values that have no place in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// The project as a scenario (see the module documentation for the mapping).
    pub scenario: Scenario,
    /// `horizon` of the header: the sum of the longest durations, an upper bound on the makespan.
    pub horizon: u32,
    /// `MPM-Time` of the project row: the critical-path length; `None` without that row.
    pub mpm_time: Option<u32>,
    /// `duedate` of the project row.
    pub due_date: Option<u32>,
    /// `rel.date` of the project row.
    pub release_date: Option<u32>,
    /// `tardcost` of the project row.
    pub tardiness_cost: Option<u32>,
}

/// Read a PSPLIB text as `variant`; `name` becomes the scenario's name (usually the file stem).
///
/// # Errors
/// [`Error::Parse`] naming the line (and column) of the first problem.
pub fn parse_instance(text: &str, name: &str, variant: Variant) -> Result<Instance> {
    let raw = raw::parse(text)?;
    if variant == Variant::SingleMode {
        if let Some((j, job)) = (1..).zip(&raw.jobs).find(|(_, job)| job.modes.len() != 1) {
            let msg = format!(
                "job {j} has {} modes in a single-mode file (read it as .mm)",
                job.modes.len()
            );
            return Err(lexer::error(job.line, None, msg));
        }
    }
    Ok(build(raw, name, variant))
}

/// Read a single-mode (`.sm`) text into a scenario named `name`.
///
/// # Errors
/// [`Error::Parse`] naming the line (and column) of the first problem.
pub fn parse_sm(text: &str, name: &str) -> Result<Scenario> {
    parse_instance(text, name, Variant::SingleMode).map(|i| i.scenario)
}

/// Read a multi-mode (`.mm`) text into a scenario named `name`.
///
/// # Errors
/// [`Error::Parse`] naming the line (and column) of the first problem.
pub fn parse_mm(text: &str, name: &str) -> Result<Scenario> {
    parse_instance(text, name, Variant::MultiMode).map(|i| i.scenario)
}

/// Read an instance file (`.sm` or `.mm` by extension), named after its stem.
///
/// # Errors
/// [`Error::InvalidArgument`] for another extension, [`Error::Io`] when the file cannot be read,
/// [`Error::Parse`] for malformed content.
pub fn load_instance(path: &Path) -> Result<Instance> {
    let variant = Variant::of_path(path)?;
    let text = read_text(path)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse_instance(&text, &name, variant)
}

/// Read an instance file (`.sm` or `.mm` by extension) into a scenario named after its stem.
///
/// # Errors
/// As [`load_instance`].
pub fn load(path: &Path) -> Result<Scenario> {
    load_instance(path).map(|i| i.scenario)
}

/// The file's text; bytes that are not UTF-8 (Latin-1 author names in some tables) are replaced.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Non-zero demands of `demands[range]` keyed `{prefix}{1-based index}`.
fn demand_map(demands: &[u32], prefix: &str) -> BTreeMap<String, f64> {
    (1..)
        .zip(demands)
        .filter(|(_, &d)| d > 0)
        .map(|(i, &d)| (format!("{prefix}{i}"), f64::from(d)))
        .collect()
}

fn build(raw: raw::Raw, name: &str, variant: Variant) -> Instance {
    let r = raw.renewable;
    let split = |d: &[u32]| -> (BTreeMap<String, f64>, BTreeMap<String, f64>) {
        let (ren, non) = d.split_at(r.min(d.len()));
        (demand_map(ren, "R"), demand_map(non, "N"))
    };
    let mut after: Vec<Vec<String>> = vec![Vec::new(); raw.jobs.len()];
    for (i, job) in (1u32..).zip(&raw.jobs) {
        for &s in &job.successors {
            if let Some(list) = (s as usize).checked_sub(1).and_then(|k| after.get_mut(k)) {
                list.push(i.to_string());
            }
        }
    }
    let interventions = (1u32..)
        .zip(raw.jobs.iter().zip(after))
        .map(|(j, (job, after))| {
            let mut modes = job.modes.iter();
            let (duration, staff, consumes) = match modes.next() {
                Some(m) => {
                    let (s, c) = split(&m.demands);
                    (m.duration, s, c)
                }
                None => (0, BTreeMap::new(), BTreeMap::new()),
            };
            let modes = (2u32..)
                .zip(modes)
                .map(|(k, m)| {
                    let (s, c) = split(&m.demands);
                    Mode {
                        id: k.to_string(),
                        name: String::new(),
                        duration_months: Some(Dist::Fixed(f64::from(m.duration))),
                        staff: Some(s),
                        cost_usd: None,
                        consumes: Some(c),
                        source: String::new(),
                    }
                })
                .collect();
            Intervention {
                id: j.to_string(),
                name: String::new(),
                lead: String::new(),
                category: String::new(),
                situation: None,
                duration_months: Dist::Fixed(f64::from(duration)),
                staff,
                cost_usd: Dist::Fixed(0.0),
                funding: Vec::new(),
                after,
                not_before_months: None,
                deadline_months: None,
                deadline_weight: 1.0,
                relapse_hazard_reduction: None,
                relapse_hazard_reduction_while_active: None,
                probability: 1.0,
                cost_timing: Default::default(),
                consumes,
                modes,
                mode: None,
                source: PROVENANCE.into(),
            }
        })
        .collect();
    let (ren, non) = raw.availability.split_at(r.min(raw.availability.len()));
    let pools = (1..)
        .zip(ren)
        .map(|(i, &cap)| Pool {
            id: format!("R{i}"),
            name: String::new(),
            capacity: Capacity::Constant(f64::from(cap)),
            source: PROVENANCE.into(),
        })
        .collect();
    let sources = (1..)
        .zip(non)
        .map(|(i, &amount)| Source {
            id: format!("N{i}"),
            name: String::new(),
            kind: SourceKind::Other,
            pledges: vec![Pledge {
                amount_usd: f64::from(amount),
                at_months: 0.0,
                probability: 1.0,
                delay_months: Dist::Fixed(0.0),
                share: None,
            }],
            mobilisation_lag_months: None,
            source: PROVENANCE.into(),
        })
        .collect();
    let kind = match variant {
        Variant::SingleMode => "",
        Variant::MultiMode => "multi-mode ",
    };
    let mpm = raw
        .project
        .map(|p| format!(", MPM-Time {}", p.mpm_time))
        .unwrap_or_default();
    let scenario = Scenario {
        schema: SCHEMA_VERSION,
        name: name.to_string(),
        description: format!(
            "PSPLIB {kind}instance {name} (horizon {}{mpm}); {} jobs incl. dummy source and sink, \
             {} renewable and {} nonrenewable resources. {PROVENANCE}.",
            raw.horizon,
            raw.jobs.len(),
            raw.renewable,
            raw.nonrenewable,
        ),
        start_date: None,
        situations: Vec::new(),
        pools,
        sources,
        interventions,
        links: Vec::new(),
        risks: Vec::new(),
        status_months: None,
        progress: Vec::new(),
        relapse_rules: Vec::new(),
    };
    Instance {
        scenario,
        horizon: raw.horizon,
        mpm_time: raw.project.map(|p| p.mpm_time),
        due_date: raw.project.map(|p| p.due_date),
        release_date: raw.project.map(|p| p.release_date),
        tardiness_cost: raw.project.map(|p| p.tardiness_cost),
    }
}
