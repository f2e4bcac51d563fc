//! SIGINT/SIGTERM for the batch (signal-hook: async-signal-safe flags, no
//! handler thread, and it tells the two signals apart for exit codes 130/143).
//!
//! The first signal sets a flag the batch polls: it stops taking new files,
//! lets in-flight ones finish for a short grace period, writes summary.json
//! with `"interrupted": true` and exits 128 + signal. A second signal exits at
//! once (outputs are written by rename, so nothing is ever half-written).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

static SIGNAL: AtomicUsize = AtomicUsize::new(0);
static ARMED: AtomicBool = AtomicBool::new(false);

/// Install the handlers (once per process; later calls do nothing).
#[cfg(unix)]
pub fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for sig in [SIGINT, SIGTERM] {
            // Order matters: the shutdown checks ARMED before this signal sets it.
            let _ = flag::register_conditional_shutdown(sig, 128 + sig, &ARMED);
            let _ = flag::register_usize(sig, &SIGNAL, sig as usize);
            let _ = flag::register(sig, &ARMED);
        }
    });
}

#[cfg(not(unix))]
pub fn install() {}

/// The signal received so far (2 = SIGINT, 15 = SIGTERM), if any.
pub fn received() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s as i32),
    }
}
