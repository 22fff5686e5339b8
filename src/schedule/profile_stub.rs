//! TEMPORARY until the CPM branch lands.
#![allow(missing_docs)]
use super::plan::Plan;
use crate::error::Result;
impl Plan {
    pub fn staff_profile(&self, _pool: &str) -> Result<(Vec<f64>, Vec<f64>)> {
        Ok((vec![], vec![]))
    }
    pub fn peak_staff(&self) -> Vec<(String, f64)> {
        vec![]
    }
}
