//! How the bindings run a computation: outside the GIL, interruptible by Ctrl-C, fork-safe.
//!
//! [`run`] computes on a scoped worker thread while the calling (Python) thread waits, looking for
//! signals every [`POLL`]. Python delivers signals to its main thread only, and a computation that
//! fans out to rayon leaves its caller blocked, so the caller itself must be the one that looks.
//! On Ctrl-C it raises the core's interruption flag ([`crate::interrupt`]); the engines stop at their
//! next check (every block of draws, schedule, experiment), and the call raises the
//! `KeyboardInterrupt` Python gave.
//!
//! Fork safety: rayon's global pool lives in threads that a `fork()`ed child does not have (a
//! `ProcessPoolExecutor` on Linux forks by default), so in a child the first parallel call would
//! wait forever. [`run`] notices that the process id changed since the extension was loaded and
//! runs the computation inside a thread pool of the child's own, built once per process.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use pyo3::prelude::*;

use crate::interrupt;

/// How often the waiting Python thread looks for signals.
const POLL: Duration = Duration::from_millis(20);

/// Process id of the process that loaded the extension (whose rayon global pool is usable).
static HOME: OnceLock<u32> = OnceLock::new();
/// A forked child's own pool, with the process id it was built in.
static CHILD_POOL: Mutex<Option<(u32, Arc<rayon::ThreadPool>)>> = Mutex::new(None);

/// Record the loading process (called when the module is initialised).
pub(crate) fn init() {
    HOME.get_or_init(std::process::id);
}

/// The pool to run in: `None` for rayon's global pool (the loading process), else the child's own.
fn child_pool() -> Option<Arc<rayon::ThreadPool>> {
    let pid = std::process::id();
    if *HOME.get_or_init(|| pid) == pid {
        return None;
    }
    let mut slot = CHILD_POOL.lock().unwrap_or_else(|e| e.into_inner());
    match &*slot {
        Some((owner, pool)) if *owner == pid => Some(Arc::clone(pool)),
        _ => {
            let pool = rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("peaceplan-{i}"))
                .build()
                .ok()
                .map(Arc::new);
            if let Some(p) = &pool {
                *slot = Some((pid, Arc::clone(p)));
            }
            pool
        }
    }
}

/// Run `f` in the process's usable pool (see the module docs).
pub(crate) fn in_pool<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    match child_pool() {
        None => f(),
        Some(pool) => pool.install(f),
    }
}

/// Run `f` outside the GIL, interruptible and fork-safe (see the module docs). `Err` only when
/// Python reported a signal (Ctrl-C: `KeyboardInterrupt`); `f`'s own errors are in `Ok`.
pub(crate) fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    let _guard = interrupt::enter();
    let mut signal: Option<PyErr> = None;
    let out = py.detach(|| {
        std::thread::scope(|s| {
            let (tx, rx) = mpsc::channel::<()>();
            let worker = s.spawn(move || {
                let out = in_pool(f);
                let _ = tx.send(());
                out
            });
            loop {
                match rx.recv_timeout(POLL) {
                    Err(mpsc::RecvTimeoutError::Timeout) if signal.is_none() => {
                        if let Err(e) = Python::attach(|py| py.check_signals()) {
                            signal = Some(e);
                            interrupt::request();
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    _ => break,
                }
            }
            worker.join()
        })
    });
    if let Some(e) = signal {
        return Err(e);
    }
    match out {
        Ok(v) => Ok(v),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
