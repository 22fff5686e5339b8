//! Checks of the office fields used by capacity planning: routing, turnover, surge, costs.

use std::collections::HashSet;

use super::office::Office;
use super::validate::Report;
use crate::error::IssueKind;

impl Report {
    /// Routing, turnover, surge options, approval lag and the default post cost of `office`.
    pub(super) fn staffing(&mut self, office: &Office) {
        let sections: HashSet<&str> = office.sections.iter().map(|s| s.id.as_str()).collect();
        let channels: HashSet<&str> = office.channels.iter().map(|c| c.id.as_str()).collect();
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, route) in office.routing.iter().enumerate() {
            let at = format!("routing[{i}]");
            if route.demand.is_empty() {
                self.push(
                    IssueKind::Other,
                    format!("{at}.demand"),
                    "demand kind is empty",
                );
            } else if !seen.insert(route.demand.as_str()) {
                let msg = format!("demand `{}` is routed twice", route.demand);
                self.push(IssueKind::DuplicateId, format!("{at}.demand"), msg);
            }
            if route.sections.is_empty() {
                let msg = format!("demand `{}` has no section to serve it", route.demand);
                self.push(IssueKind::Other, format!("{at}.sections"), msg);
            }
            for (j, server) in route.sections.iter().enumerate() {
                let sat = format!("{at}.sections[{j}]");
                if !sections.contains(server.section.as_str()) {
                    let msg = format!(
                        "demand `{}` is routed to unknown section `{}`",
                        route.demand, server.section
                    );
                    self.push(IssueKind::UnknownId, format!("{sat}.section"), msg);
                }
                let e = server.efficiency;
                if !(e.is_finite() && e > 0.0 && e <= 1.0) {
                    let msg = format!(
                        "efficiency of section `{}` for demand `{}` must lie in (0, 1], got {e}",
                        server.section, route.demand
                    );
                    self.push(IssueKind::BadNumber, format!("{sat}.efficiency"), msg);
                }
            }
        }
        if let Some(t) = &office.turnover {
            self.non_negative(
                t.rate_per_year,
                "turnover.rate_per_year".into(),
                "turnover rate",
            );
            if !t.channel.is_empty() && !channels.contains(t.channel.as_str()) {
                let msg = format!("turnover uses unknown channel `{}`", t.channel);
                self.push(IssueKind::UnknownId, "turnover.channel", msg);
            }
        }
        self.ids("surge", "surge option", &office.surge, |s| &s.id);
        for (i, s) in office.surge.iter().enumerate() {
            let at = format!("surge[{i}]");
            if !sections.contains(s.section.as_str()) {
                let msg = format!(
                    "surge option `{}` names unknown section `{}`",
                    s.id, s.section
                );
                self.push(IssueKind::UnknownId, format!("{at}.section"), msg);
            }
            let what = format!("fte of surge option `{}`", s.id);
            self.non_negative(s.fte, format!("{at}.fte"), &what);
            let what = format!("duration_months of surge option `{}`", s.id);
            self.non_negative(s.duration_months, format!("{at}.duration_months"), &what);
            let what = format!("cost of surge option `{}`", s.id);
            self.non_negative(
                s.cost_usd_per_fte_month,
                format!("{at}.cost_usd_per_fte_month"),
                &what,
            );
            let what = format!("lag_days of surge option `{}`", s.id);
            self.dist(&s.lag_days, format!("{at}.lag_days"), &what);
        }
        if let Some(d) = &office.approval_lag_months {
            self.dist(d, "approval_lag_months".into(), "approval lag");
        }
        if let Some(c) = office.post_cost_usd_per_year {
            self.non_negative(c, "post_cost_usd_per_year".into(), "post cost");
        }
    }
}
