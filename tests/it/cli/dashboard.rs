//! The dashboard without a terminal.

use super::*;

#[test]
fn the_dashboard_needs_a_terminal() {
    let desk = Desk::new();
    desk.customer("Acme");
    for args in ["", "board"] {
        let out = desk.run(args);
        let err = runtime_failure(&out, args);
        assert!(err.contains("terminal"), "{args:?}: {err}");
        assert!(err.contains("ticket list --json"), "{args:?}: {err}");
    }
    // Identity is checked first, on a plain screen too.
    let out = desk.run_with("", |c| {
        c.env_remove("SREDESK_ENGINEER")
            .env_remove("USER")
            .env_remove("LOGNAME");
    });
    let err = runtime_failure(&out, "");
    assert!(err.contains("SREDESK_ENGINEER"), "{err}");
}
