//! Export refuses bad input clearly, and `--out` never leaves a half
//! written file, never replaces the store, and keeps a file's mode.

use super::*;

#[test]
fn export_refuses_bad_input_clearly() {
    let (d, _, _) = small_desk();
    let base = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut a = vec!["export", "tickets", "--customer", "Acme", "--format", "csv"];
        a.extend_from_slice(extra);
        a
    };
    let err = d.fails_at(
        DEC_1,
        "export tickets --customer Nobody --period 2026-11 --format csv",
    );
    assert_eq!(
        err,
        "sredesk: no customer named 'Nobody' (see `sredesk customer list`)\n"
    );
    let err = d.fails_at(
        DEC_1,
        "export requirements --customer Nobody --period 2026-11 --format md",
    );
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    for (period, says) in [
        (
            "2026-13",
            "'2026-13' is not a period like 2026-11 or 2026-11-01..2026-11-15",
        ),
        ("2026-11-31", "'2026-11-31' is not a period"),
        ("November", "'November' is not a period"),
        ("", "'' is not a period"),
        (
            "2026-11-15..2026-11-01",
            "the period ends (2026-11-01) before it starts (2026-11-15)",
        ),
        ("2026-11-01..", "'' is not a date"),
        ("2026-11-01..2026-11-31", "'2026-11-31' is not a date"),
    ] {
        let args = base(&[]);
        let mut args: Vec<&str> = args;
        args.extend(["--period", period]);
        let err = usage_failure(&d.run_at(DEC_1, &args), &args);
        assert!(err.contains(says), "{period:?}: {err}");
        assert!(err.contains("--period"), "{period:?}: {err}");
    }
    for (extra, says) in [
        (&["--from", "2026-11-01"][..], "--to"),
        (&["--to", "2026-11-30"][..], "--from"),
        (
            &[
                "--period",
                "2026-11",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
            ][..],
            "cannot be used with",
        ),
        (&[][..], "--period"),
        (
            &["--from", "2026-11-01", "--to", "2026-11-3x"][..],
            "'2026-11-3x' is not a date",
        ),
    ] {
        let args = base(extra);
        let err = usage_failure(&d.run_at(DEC_1, &args), &args);
        assert!(err.contains(says), "{extra:?}: {err}");
    }
    let err = d.fails_at(
        DEC_1,
        &base(&["--from", "2026-11-30", "--to", "2026-11-01"]),
    );
    assert_eq!(
        err,
        "sredesk: the period ends (2026-11-01) before it starts (2026-11-30)\n"
    );
    for args in [
        vec![
            "export",
            "tickets",
            "--customer",
            "Acme",
            "--period",
            "2026-11",
            "--format",
            "xlsx",
        ],
        vec![
            "export",
            "invoices",
            "--customer",
            "Acme",
            "--period",
            "2026-11",
            "--format",
            "csv",
        ],
        vec![
            "export", "tickets", "--period", "2026-11", "--format", "csv",
        ],
    ] {
        usage_failure(&d.run_at(DEC_1, &args), &args);
    }
}

#[test]
fn export_out_never_leaves_a_half_written_file() {
    let (d, _, _) = small_desk();
    let run = |customer: &str, out: &str| -> Output {
        csv_out_for(&d, customer, std::path::Path::new(out))
    };
    let listing = || -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(d.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    // Into a directory that does not exist: a clear error, nothing made.
    let missing = d.path("no-such-dir");
    let target = missing.join("tickets.csv");
    let before = listing();
    let err = runtime_failure(&run("Acme", target.to_str().unwrap()), "");
    assert!(
        err.contains(&format!("{} does not exist", missing.display())),
        "{err}"
    );
    let root = d.dir.path().display().to_string();
    assert!(
        !err.replace(&root, "").contains(".tmp"),
        "no temporary file names in the message: {err}"
    );
    assert!(!missing.exists());
    assert_eq!(listing(), before);
    // Onto a directory: refused, and no temporary file left beside it.
    let err = runtime_failure(&run("Acme", d.dir.path().to_str().unwrap()), "");
    assert!(err.contains("cannot write"), "{err}");
    assert_eq!(listing(), before);
    // A good report is not replaced by a failed one.
    let good = d.path("tickets.csv");
    assert_success(&run("Acme", good.to_str().unwrap()), "");
    let kept = std::fs::read(&good).unwrap();
    assert!(kept.starts_with(b"record,ticket_no"));
    let err = runtime_failure(&run("Nobody", good.to_str().unwrap()), "");
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    assert_eq!(std::fs::read(&good).unwrap(), kept);
    let mut after = before.clone();
    after.push("tickets.csv".into());
    after.sort();
    assert_eq!(listing(), after);
}

#[test]
fn export_out_refuses_to_replace_the_store() {
    let (d, _, _) = small_desk();
    let db = d.db();
    let via_dots = d.dir.path().join("sub/../s.db");
    std::fs::create_dir(d.path("sub")).unwrap();
    for target in [&db, &via_dots] {
        let args = [
            "export",
            "tickets",
            "--customer",
            "Acme",
            "--period",
            "2026-11",
            "--format",
            "csv",
            "--out",
            target.to_str().unwrap(),
        ];
        let err = d.fails_at(DEC_1, &args);
        assert!(err.contains("it is the store itself"), "{target:?}: {err}");
    }
    // The store is intact.
    let v = d.json_at(DEC_1, "ticket list --json");
    assert_eq!(v.as_array().unwrap().len(), 2);
}

/// A report is for sharing: written over an existing file it keeps that
/// file's mode, not the 0600 of a temporary file.
#[cfg(unix)]
#[test]
fn export_out_keeps_the_mode_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let (d, _, _) = small_desk();
    let file = d.path("report.csv");
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_success(&export_to(&d, &file), "export --out");
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("record,")
    );
}
