//! Errors of the core and single validation problems.

use std::fmt;

/// One validation problem: where it is (a path such as `interventions[3].after[0]`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Location in the scenario document, e.g. `interventions[3].after[0]`.
    pub path: String,
    /// Plain-language description of the problem (lowercase, no final period).
    pub message: String,
    /// Machine-readable kind of problem (e.g. `unknown_id`, `cycle`, `order`).
    pub kind: IssueKind,
}

/// Kinds of validation problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IssueKind {
    /// A reference to an id that does not exist.
    UnknownId,
    /// The same id used twice.
    DuplicateId,
    /// A link from an intervention to itself.
    SelfLink,
    /// A dependency cycle.
    Cycle,
    /// A negative, NaN or infinite number where it is not allowed.
    BadNumber,
    /// Three-point values (or bounds) out of order.
    Order,
    /// A probability outside [0, 1].
    Probability,
    /// A demand above what the resource can ever supply.
    Capacity,
    /// Anything else (empty ids, bad dates, schema version).
    Other,
}

impl IssueKind {
    /// Stable snake_case name of the kind (used in Python's `ValidationError.errors()`).
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::UnknownId => "unknown_id",
            IssueKind::DuplicateId => "duplicate_id",
            IssueKind::SelfLink => "self_link",
            IssueKind::Cycle => "cycle",
            IssueKind::BadNumber => "bad_number",
            IssueKind::Order => "order",
            IssueKind::Probability => "probability",
            IssueKind::Capacity => "capacity",
            IssueKind::Other => "other",
        }
    }
}

impl Issue {
    /// A new issue at `path`.
    pub fn new(kind: IssueKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            path: path.into(),
            message: message.into(),
            kind,
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be parsed (syntax or wrong type). `line`/`column` are 1-based when known.
    #[error("{format} parse error{}{}: {message}", .path.as_ref().map(|p| format!(" at {p}")).unwrap_or_default(), .line.map(|l| format!(" (line {l}, column {})", .column.unwrap_or(0))).unwrap_or_default())]
    Parse {
        /// `toml` or `json`.
        format: &'static str,
        /// Document path of the offending value when known (e.g. `interventions[2].staff`).
        path: Option<String>,
        /// 1-based line.
        line: Option<usize>,
        /// 1-based column.
        column: Option<usize>,
        /// What the parser said.
        message: String,
    },
    /// The scenario is well-formed but inconsistent; every problem is listed.
    #[error("{} validation problem(s): {}", .0.len(), .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; "))]
    Validation(Vec<Issue>),
    /// A bad argument to an engine (e.g. an unknown duration selector).
    #[error("invalid argument `{name}`: {message}")]
    InvalidArgument {
        /// Name of the argument.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// An id that does not exist in the scenario.
    #[error("unknown {what} `{id}`")]
    UnknownId {
        /// What kind of thing (intervention, pool, source, link).
        what: &'static str,
        /// The id that was not found.
        id: String,
    },
    /// No schedule satisfies the constraints: a staff demand above what a pool ever has, a cost
    /// that the money that ever arrives cannot cover, or a missed deadline under
    /// `hard_deadlines`.
    #[error("infeasible: {message}")]
    Infeasible {
        /// Id of the intervention that cannot be scheduled.
        intervention: String,
        /// What holds it back: a pool id, a source id (or the sources joined by `, `); for a
        /// missed deadline the binding cause, `deadline:pool:<pool>`, `deadline:source:<source>`,
        /// `deadline:release:<intervention>`, `deadline:links` or
        /// `deadline:started:<intervention>` (`deadline` alone when it cannot be traced).
        resource: String,
        /// How much is missing, in the resource's unit (FTE, US$ or months).
        shortfall: f64,
        /// Plain-language explanation (lowercase, no final period).
        message: String,
    },
    /// The computation was interrupted (Ctrl-C); see [`crate::interrupt`].
    #[error("interrupted")]
    Interrupted,
    /// Reading or writing a file failed.
    #[error("i/o error on {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's message.
        message: String,
    },
}

/// Result alias of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
