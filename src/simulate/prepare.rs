//! Uniform columns drawn before the draws: Latin hypercube strata and rank correlation.

use std::collections::HashSet;

use super::correlate::{check_matrix, iman_conover, repair, uniform_column};
use super::options::SimOptions;
use super::sampler::Sampler;
use crate::error::{Error, Result};
use crate::model::{Dist, Scenario};

/// Fill `sampler.uniforms` for `opts`: with `lhs`, a stratified column for every uncertain
/// duration; with a correlation, columns for the named interventions reordered by
/// Iman-Conover. Returns the warnings (a repaired matrix).
///
/// # Errors
/// [`Error::InvalidArgument`] naming `correlation` for unknown or repeated ids, a matrix of the
/// wrong size, entries outside [-1, 1], asymmetry, a diagonal other than 1, or fewer than 3
/// draws; naming `draws` when the columns would exceed `max_bytes`.
pub(crate) fn uniforms(
    sc: &Scenario,
    opts: &SimOptions,
    sampler: &mut Sampler,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let n = sc.interventions.len();
    let mut cols: Vec<usize> = Vec::new();
    let mut corr_cols: Vec<usize> = Vec::new();
    if let Some(c) = &opts.correlation {
        let mut seen = HashSet::new();
        for id in &c.ids {
            let i = sc
                .intervention_index(id)
                .ok_or_else(|| Error::InvalidArgument {
                    name: "correlation".into(),
                    message: format!("unknown intervention `{id}`"),
                })?;
            if !seen.insert(i) {
                return Err(Error::InvalidArgument {
                    name: "correlation".into(),
                    message: format!("intervention `{id}` is listed twice"),
                });
            }
            corr_cols.push(i);
        }
        check_matrix(&c.matrix, c.ids.len())?;
    }
    if opts.lhs {
        cols = (0..n)
            .filter(|&i| !matches!(sampler.dur.get(i), Some(Dist::Fixed(_)) | None))
            .collect();
    }
    for &i in &corr_cols {
        if !cols.contains(&i) {
            cols.push(i);
        }
    }
    if cols.is_empty() {
        return Ok(warnings);
    }
    let bytes = opts.draws.saturating_mul(cols.len()).saturating_mul(8);
    if bytes > opts.max_bytes {
        return Err(Error::InvalidArgument {
            name: "draws".into(),
            message: format!(
                "Latin hypercube / correlated columns of {} draws x {} interventions need about \
                 {:.1} GB, above the limit of {:.1} GB (max_bytes)",
                opts.draws,
                cols.len(),
                bytes as f64 / 1e9,
                opts.max_bytes as f64 / 1e9
            ),
        });
    }
    let mut columns: Vec<Vec<f64>> = cols
        .iter()
        .map(|&i| uniform_column(opts.draws, opts.lhs, opts.seed, i as u64))
        .collect();
    if let Some(c) = &opts.correlation {
        let k = c.ids.len();
        let (m, repaired) = repair(&c.matrix, k, 1e-6);
        if repaired {
            warnings.push(format!(
                "the correlation matrix of {} is not positive definite; it was repaired by \
                 eigenvalue clipping",
                c.ids.join(", ")
            ));
        }
        let mut sub: Vec<Vec<f64>> = corr_cols
            .iter()
            .map(|i| {
                let pos = cols.iter().position(|c| c == i).unwrap_or(0);
                std::mem::take(&mut columns[pos])
            })
            .collect();
        iman_conover(&mut sub, &m, opts.seed)?;
        for (i, col) in corr_cols.iter().zip(sub) {
            let pos = cols.iter().position(|c| c == i).unwrap_or(0);
            columns[pos] = col;
        }
    }
    let width = cols.len();
    let mut u = vec![0.0; opts.draws * width];
    for (k, col) in columns.iter().enumerate() {
        for (d, v) in col.iter().enumerate() {
            u[d * width + k] = *v;
        }
    }
    for (k, &i) in cols.iter().enumerate() {
        if let Some(c) = sampler.uniforms.col_of.get_mut(i) {
            *c = k as u32;
        }
    }
    sampler.uniforms.width = width;
    sampler.uniforms.u = u;
    Ok(warnings)
}
