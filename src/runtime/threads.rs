//! The dashboard's threads besides the screen's own: their names, and
//! what a panic on any of them does. Every panic is logged; one on a
//! worker is told to the event loop, which ends and gives the terminal
//! back; one on the screen's thread gives the terminal back at once.

use std::sync::Once;

/// The store worker's thread.
pub const STORE: &str = "store";
/// The outbox sender's thread.
pub const OUTBOX: &str = "sredesk-outbox";
/// Threads whose panic is reported by the event loop, not by the hook.
const WORKERS: [&str; 2] = [STORE, OUTBOX];

/// Every panic is logged with its thread. The screen's own thread gives
/// the terminal back first, so the message is readable; a worker's panic
/// is left to the event loop (restoring here would leave the screen
/// drawing on a terminal that is no longer raw).
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            let name = thread.name().unwrap_or("unnamed");
            tracing::error!(thread = name, "panic: {info}");
            if WORKERS.contains(&name) {
                return;
            }
            super::restore::restore();
            previous(info);
        }));
    });
}

/// What a panic said, for the message that ends the dashboard.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}
