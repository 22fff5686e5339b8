//! Builder edits: a scenario is immutable, so an option is a modified copy.

use super::intervention::{Link, LinkKind};
use super::scenario::Scenario;
use crate::error::{Error, Result};

impl Scenario {
    fn require_intervention(&self, id: &str) -> Result<()> {
        if self.intervention_index(id).is_some() {
            Ok(())
        } else {
            Err(Error::UnknownId {
                what: "intervention",
                id: id.to_string(),
            })
        }
    }

    /// A copy without any link (explicit or `after`) from `from` to `to`; also returns how many
    /// were removed.
    fn strip_links(&self, from: &str, to: &str) -> (Scenario, usize) {
        let mut out = self.clone();
        let before = out.links.len();
        out.links.retain(|l| !(l.from == from && l.to == to));
        let mut removed = before - out.links.len();
        for iv in out.interventions.iter_mut().filter(|iv| iv.id == to) {
            let n = iv.after.len();
            iv.after.retain(|p| p != from);
            removed += n - iv.after.len();
        }
        (out, removed)
    }

    /// A copy in which the link from `from` to `to` is exactly the one given (any existing links
    /// between the two, explicit or via `after`, are replaced).
    ///
    /// # Errors
    /// [`Error::UnknownId`] for an unknown intervention, [`Error::InvalidArgument`] for a link
    /// from an intervention to itself or a non-finite lag.
    pub fn with_link(
        &self,
        from: &str,
        to: &str,
        kind: LinkKind,
        lag_months: f64,
    ) -> Result<Scenario> {
        self.require_intervention(from)?;
        self.require_intervention(to)?;
        if from == to {
            return Err(Error::InvalidArgument {
                name: "to".into(),
                message: format!("a link from `{from}` to itself is not allowed"),
            });
        }
        if !lag_months.is_finite() {
            return Err(Error::InvalidArgument {
                name: "lag_months".into(),
                message: format!("must be a finite number, got {lag_months}"),
            });
        }
        let (mut out, _) = self.strip_links(from, to);
        out.links.push(Link {
            from: from.to_string(),
            to: to.to_string(),
            kind,
            lag_months,
            source: String::new(),
        });
        Ok(out)
    }

    /// A copy without the links (explicit and `after`) from `from` to `to`.
    ///
    /// # Errors
    /// [`Error::UnknownId`] for an unknown intervention or when there is no such link.
    pub fn without_link(&self, from: &str, to: &str) -> Result<Scenario> {
        self.require_intervention(from)?;
        self.require_intervention(to)?;
        let (out, removed) = self.strip_links(from, to);
        if removed == 0 {
            return Err(Error::UnknownId {
                what: "link",
                id: format!("{from} -> {to}"),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sc() -> Scenario {
        Scenario::from_toml_str(
            r#"
schema = 1
name = "t"
[[interventions]]
id = "a"
duration_months = 2
[[interventions]]
id = "b"
duration_months = 3
after = ["a"]
[[links]]
from = "a"
to = "b"
type = "SS"
lag_months = 1
"#,
        )
        .unwrap()
    }

    #[test]
    fn with_link_replaces_all_links_between_the_pair() {
        let s = sc();
        let t = s.with_link("a", "b", LinkKind::FF, 2.0).unwrap();
        assert_eq!(t.all_links().len(), 1);
        assert_eq!(t.links[0].kind, LinkKind::FF);
        assert_eq!(s.all_links().len(), 2, "original untouched");
    }

    #[test]
    fn without_link_and_errors() {
        let s = sc();
        assert!(s.without_link("a", "b").unwrap().all_links().is_empty());
        assert!(matches!(
            s.without_link("b", "a"),
            Err(Error::UnknownId { what: "link", .. })
        ));
        assert!(matches!(
            s.with_link("a", "zz", LinkKind::FS, 0.0),
            Err(Error::UnknownId {
                what: "intervention",
                ..
            })
        ));
        assert!(s.with_link("a", "a", LinkKind::FS, 0.0).is_err());
        assert!(s.with_link("a", "b", LinkKind::FS, f64::NAN).is_err());
    }
}
