//! The options of a simulation ([`SimOptions`], [`Engine`], [`Correlation`]) and their checks.

use super::relapse;
use crate::error::{Error, Result};
use crate::schedule::Rule;

/// Which engine schedules each draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// The parallel SGS when pools or money constrain, else the critical path.
    #[default]
    Auto,
    /// The critical path only (staff and money ignored).
    Cpm,
    /// Serial SGS in every draw.
    Serial,
    /// Parallel SGS in every draw.
    Parallel,
}

impl Engine {
    /// Parse `auto`, `cpm`, `serial` or `parallel`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `engine`.
    pub fn parse(text: &str) -> Result<Engine> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Engine::Auto),
            "cpm" => Ok(Engine::Cpm),
            "serial" => Ok(Engine::Serial),
            "parallel" => Ok(Engine::Parallel),
            other => Err(Error::InvalidArgument {
                name: "engine".into(),
                message: format!("expected auto, cpm, serial or parallel, got {other:?}"),
            }),
        }
    }
}

/// A rank (Spearman) correlation target between the durations of named interventions.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlation {
    /// Intervention ids (rows and columns of `matrix`).
    pub ids: Vec<String>,
    /// Target Spearman matrix, row-major, `ids.len()` squared entries.
    pub matrix: Vec<f64>,
}

/// Options of [`super::simulate`].
#[derive(Debug, Clone, PartialEq)]
pub struct SimOptions {
    /// Number of draws (> 0).
    pub draws: usize,
    /// Seed; same seed, same numbers on any thread count.
    pub seed: u64,
    /// Latin hypercube sampling of the uncertain durations.
    pub lhs: bool,
    /// Rank correlation between durations (Iman-Conover).
    pub correlation: Option<Correlation>,
    /// Read triangular `[min, mode, max]` durations as these percentiles (Trigen), e.g.
    /// `(0.1, 0.9)`.
    pub trigen: Option<(f64, f64)>,
    /// Engine per draw.
    pub engine: Engine,
    /// Priority rule of the constrained engine.
    pub rule: Rule,
    /// Keep start/finish/duration matrices: `Some(true)` (an error when above `max_bytes`),
    /// `Some(false)`, or `None` = when they need at most [`AUTO_KEEP_BYTES`] (and fit in
    /// `max_bytes`).
    pub per_intervention: Option<bool>,
    /// Memory limit for matrices and pre-drawn columns, bytes.
    pub max_bytes: usize,
    /// Base probability of relapse within 10 years for situations (or a scenario without
    /// situations) that state no anchor, on the sourced Weibull shape
    /// ([`relapse::Baseline::through_p10`]).
    pub relapse_p10: f64,
    /// Ids of risks switched off (risk drivers).
    pub disabled_risks: Vec<String>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            draws: 10_000,
            seed: 0,
            lhs: false,
            correlation: None,
            trigen: None,
            engine: Engine::Auto,
            rule: Rule::Lft,
            per_intervention: None,
            max_bytes: 1 << 30,
            relapse_p10: relapse::DEFAULT_P10,
            disabled_risks: Vec::new(),
        }
    }
}

/// Largest start/finish/duration matrices kept when `per_intervention` is not given: 64 MB
/// (e.g. 100 interventions x 25,000 draws). Above it the default call streams its statistics:
/// writing and copying the matrices of 1,000 interventions x 20,000 draws (480 MB) made the
/// default call 28 times slower than the kernel (measured, session 4).
pub const AUTO_KEEP_BYTES: usize = 64 << 20;

/// Bytes of the start, finish and duration matrices of `draws` x `n` interventions.
pub fn matrix_bytes(draws: usize, n: usize) -> usize {
    draws.saturating_mul(n).saturating_mul(3 * 8)
}

impl SimOptions {
    /// Check the options.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `draws`, `trigen` or `relapse_p10`.
    pub fn validate(&self) -> Result<()> {
        let bad = |name: &str, message: String| Error::InvalidArgument {
            name: name.into(),
            message,
        };
        if self.draws == 0 {
            return Err(bad("draws", "must be at least 1".into()));
        }
        // outcome columns alone: about 12 values of 8 bytes per draw
        let columns = self.draws.saturating_mul(96);
        if columns > self.max_bytes {
            return Err(bad(
                "draws",
                format!(
                    "{} draws need about {:.1} GB of outcome columns, above the limit of {:.1} GB \
                     (max_bytes); run fewer draws or in several seeds",
                    self.draws,
                    columns as f64 / 1e9,
                    self.max_bytes as f64 / 1e9
                ),
            ));
        }
        if let Some((lo, hi)) = self.trigen {
            if !(lo > 0.0 && lo < hi && hi < 1.0) {
                return Err(bad(
                    "trigen",
                    format!("needs 0 < p_lo < p_hi < 1, got ({lo}, {hi})"),
                ));
            }
        }
        if !(self.relapse_p10 >= 0.0 && self.relapse_p10 < 1.0) {
            return Err(bad(
                "relapse_p10",
                format!("must be a probability in [0, 1), got {}", self.relapse_p10),
            ));
        }
        Ok(())
    }
}
