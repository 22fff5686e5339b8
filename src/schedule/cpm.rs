//! Critical path method with generalised precedence links (FS, SS, FF, SF with lags).

use super::plan::Plan;
use crate::error::{Error, Result};
use crate::model::{Point, Scenario};

/// Early/late dates, floats and the critical path of `scenario` with every duration taken at `point`.
///
/// # Errors
/// [`Error::Validation`] when the scenario is inconsistent (unknown ids, cycles, bad numbers).
pub fn cpm(scenario: &Scenario, point: Point) -> Result<Plan> {
    scenario.validate()?;
    let _ = point;
    Err(Error::InvalidArgument {
        name: "cpm".into(),
        message: "not implemented yet".into(),
    })
}
