//! Validation of alternative modes and fixed draws on sources.

use std::collections::{BTreeMap, HashSet};

use super::intervention::{Intervention, BASE_MODE};
use super::validate::{Known, Report};
use crate::error::IssueKind;

impl Report {
    /// Fixed draws `map` (source -> amount) of intervention `id`, at `at` (`...consumes`).
    pub(super) fn consumes_map(
        &mut self,
        at: &str,
        id: &str,
        map: &BTreeMap<String, f64>,
        known: &Known<'_>,
    ) {
        for (source, &amount) in map {
            let path = format!("{at}.{source}");
            if !known.sources.contains(source.as_str()) {
                let msg = format!("`{id}` consumes from unknown source `{source}`");
                self.push(IssueKind::UnknownId, path, msg);
            } else {
                let what = format!("amount `{id}` consumes from `{source}`");
                self.non_negative(amount, path, &what);
            }
        }
    }

    /// A mode whose staff demand exceeds what a pool ever has can never run. That is only a
    /// problem when no mode of the intervention can run, or when the fixed mode cannot: otherwise
    /// the engines simply never choose it (PSPLIB multi-mode files contain such modes, and the
    /// literature drops them in preprocessing). Capacity issues raised for `iv` since issue number
    /// `first` are removed in that case.
    pub(super) fn forgive_inexecutable_modes(
        &mut self,
        first: usize,
        at: &str,
        iv: &Intervention,
        known: &Known<'_>,
    ) {
        let runs = |k: usize| Report::mode_fits(iv, k, known);
        let ok = match &iv.mode {
            Some(fixed) => iv.mode_index(fixed).is_some_and(runs),
            None => (0..iv.mode_count()).any(runs),
        };
        if !ok {
            return;
        }
        let prefix = format!("{at}.");
        let mut k = 0;
        self.issues.retain(|issue| {
            let keep = k < first
                || !(issue.kind == IssueKind::Capacity && issue.path.starts_with(&prefix));
            k += 1;
            keep
        });
    }

    /// Every alternative mode of `iv`, and the fixed `mode` if any.
    pub(super) fn modes(&mut self, at: &str, iv: &Intervention, known: &Known<'_>) {
        let id = &iv.id;
        let mut seen: HashSet<&str> = HashSet::new();
        for (k, m) in iv.modes.iter().enumerate() {
            let mat = format!("{at}.modes[{k}]");
            if m.id.is_empty() || m.id == BASE_MODE {
                let msg = format!(
                    "mode {k} of `{id}` needs an id other than `{BASE_MODE}` (the intervention's own values)"
                );
                self.push(IssueKind::Other, format!("{mat}.id"), msg);
            } else if !seen.insert(m.id.as_str()) {
                let msg = format!("duplicate mode id `{}` in `{id}`", m.id);
                self.push(IssueKind::DuplicateId, format!("{mat}.id"), msg);
            }
            let what = format!("duration of `{id}` in mode `{}`", m.id);
            if let Some(d) = &m.duration_months {
                self.dist(d, format!("{mat}.duration_months"), &what);
            }
            if let Some(c) = &m.cost_usd {
                let what = format!("cost of `{id}` in mode `{}`", m.id);
                self.dist(c, format!("{mat}.cost_usd"), &what);
            }
            if let Some(staff) = &m.staff {
                self.staff_map(&format!("{mat}.staff"), id, staff, known);
            }
            if let Some(consumes) = &m.consumes {
                self.consumes_map(&format!("{mat}.consumes"), id, consumes, known);
            }
        }
        if let Some(fixed) = &iv.mode {
            if iv.mode_index(fixed).is_none() {
                let mut ids = vec![BASE_MODE.to_string()];
                ids.extend(iv.modes.iter().map(|m| m.id.clone()));
                let msg = format!(
                    "`{id}` is fixed to unknown mode `{fixed}` (modes: {})",
                    ids.join(", ")
                );
                self.push(IssueKind::UnknownId, format!("{at}.mode"), msg);
            }
        }
    }
}
