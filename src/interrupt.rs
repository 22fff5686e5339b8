//! Cooperative cancellation of long computations (Ctrl-C in a notebook).
//!
//! A process-wide flag: the Python bindings raise it when the interpreter reports a signal while a
//! computation runs, and the engines' long loops poll [`check`] (between blocks of draws, schedules
//! of a search, experiments of a study, batches of capacity draws). The flag concerns every
//! computation in flight: Ctrl-C in a notebook means "stop what this kernel is doing". The first
//! computation to start ([`enter`]) clears a flag left by an earlier interruption.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::error::{Error, Result};

static REQUESTED: AtomicBool = AtomicBool::new(false);
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

/// `Err(Error::Interrupted)` once an interruption was requested, else `Ok(())`; one relaxed atomic
/// load, cheap enough for every block of work.
///
/// # Errors
/// [`Error::Interrupted`] after [`request`].
#[inline]
pub fn check() -> Result<()> {
    if REQUESTED.load(Ordering::Relaxed) {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}

/// Ask every computation in flight to stop at its next [`check`].
pub fn request() {
    REQUESTED.store(true, Ordering::Relaxed);
}

/// Marks a computation in flight; created by [`enter`].
#[derive(Debug)]
pub struct Guard(());

/// Start a computation: the first one in flight clears an earlier request.
pub fn enter() -> Guard {
    if ACTIVE.fetch_add(1, Ordering::AcqRel) == 0 {
        REQUESTED.store(false, Ordering::Relaxed);
    }
    Guard(())
}

impl Drop for Guard {
    fn drop(&mut self) {
        ACTIVE.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_stops_checks_until_the_next_first_computation() {
        let g = enter();
        assert!(check().is_ok());
        request();
        assert!(matches!(check(), Err(Error::Interrupted)));
        drop(g);
        let _g = enter();
        assert!(check().is_ok());
    }
}
