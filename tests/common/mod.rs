//! The scratch desk the CLI integration tests drive the real binary in,
//! and checks on the outcome of a run.

// Each test crate uses its own subset of these.
#![allow(dead_code)]

pub mod http;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

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

/// The moment commands believe it is unless a test says otherwise:
/// Sunday 22 November 2026, 18:00 in Shanghai.
pub const NOW: &str = "2026-11-22T10:00:00Z";

pub struct Desk {
    pub dir: TempDir,
}

impl Desk {
    pub fn new() -> Desk {
        Desk {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.path("s.db")
    }

    pub fn cmd(&self, now: &str, engineer: &str, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sredesk"));
        c.args(args)
            .env("SREDESK_DB", self.db())
            .env("SREDESK_ENGINEER", engineer)
            .env("SREDESK_NOW", now)
            .env_remove("SREDESK_CONFIG")
            .env_remove("NO_COLOR")
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .stdin(Stdio::null());
        c
    }

    pub fn run_as(&self, now: &str, engineer: &str, args: &[&str]) -> Output {
        self.cmd(now, engineer, args).output().expect("run sredesk")
    }

    pub fn run_at(&self, now: &str, args: &[&str]) -> Output {
        self.run_as(now, "tester", args)
    }

    pub fn ok_as(&self, now: &str, engineer: &str, args: &[&str]) -> String {
        let out = self.run_as(now, engineer, args);
        assert_success(&out, args);
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    pub fn ok_at(&self, now: &str, args: &[&str]) -> String {
        self.ok_as(now, "tester", args)
    }

    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_at(NOW, args)
    }

    pub fn json_at(&self, now: &str, args: &[&str]) -> Value {
        let text = self.ok_at(now, args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: bad JSON ({e}):\n{text}"))
    }

    pub fn json(&self, args: &[&str]) -> Value {
        self.json_at(NOW, args)
    }

    /// A command that must fail at run time; returns its stderr.
    pub fn fails_at(&self, now: &str, args: &[&str]) -> String {
        runtime_failure(&self.run_as(now, "tester", args), args)
    }

    pub fn fails(&self, args: &[&str]) -> String {
        self.fails_at(NOW, args)
    }

    pub fn customer(&self, name: &str) {
        self.ok(&["customer", "add", "--name", name, "--kind", "local"]);
    }
}

/// Compares `actual` with tests/golden/`name`; `UPDATE_GOLDEN=1` writes it
/// instead (review the result by eye before keeping it).
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "golden file {} unreadable ({e}); run with UPDATE_GOLDEN=1 and review it",
            path.display()
        )
    });
    if expected != actual {
        let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
        let first = (0..e.len().max(a.len()))
            .find(|&i| e.get(i) != a.get(i))
            .unwrap_or(0);
        panic!(
            "{} differs from the output, first at line {}:\n  golden: {:?}\n  actual: {:?}\n\
             (UPDATE_GOLDEN=1 rewrites it; review the diff)\n--- actual ---\n{actual}",
            path.display(),
            first + 1,
            e.get(first),
            a.get(first)
        );
    }
}
