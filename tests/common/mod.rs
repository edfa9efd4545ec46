//! Checks on the outcome of running the real binary, shared by the CLI
//! integration tests.

use std::process::Output;

pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn assert_no_panic(out: &Output) {
    let err = stderr_of(out);
    assert!(!err.contains("panicked"), "panic:\n{err}");
    assert!(!err.contains("RUST_BACKTRACE"), "panic:\n{err}");
}

pub fn assert_success(out: &Output, args: &[&str]) {
    assert!(
        out.status.success(),
        "{args:?} failed with {:?}:\n{}",
        out.status.code(),
        stderr_of(out)
    );
    assert_no_panic(out);
}

/// Exit code 1, one `sredesk:` message, nothing on stdout, no panic.
pub fn runtime_failure(out: &Output, args: &[&str]) -> String {
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(1), "{args:?}: stderr:\n{err}");
    assert!(err.starts_with("sredesk: "), "{args:?}: stderr:\n{err}");
    assert!(
        out.stdout.is_empty(),
        "{args:?}: stdout on failure:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_no_panic(out);
    err
}

/// A malformed command line: exit code 2 from the argument parser.
pub fn usage_failure(out: &Output, args: &[&str]) -> String {
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: stderr:\n{err}");
    assert!(out.stdout.is_empty(), "{args:?}");
    assert_no_panic(out);
    err
}
