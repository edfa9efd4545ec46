//! `--out` writes only to a regular file or a new path (`-` is standard
//! output): a symlink, a FIFO or a device node at the path is refused and
//! left as it was, never replaced by a file.

use super::*;
use std::path::Path;

#[cfg(unix)]
#[test]
fn a_symlink_is_refused_and_left_pointing_where_it_did() {
    let (d, _, _) = small_desk();
    let aim = d.path("elsewhere.txt");
    std::fs::write(&aim, "not a report").unwrap();
    let link = d.path("report.csv");
    std::os::unix::fs::symlink(&aim, &link).unwrap();
    let err = runtime_failure(&export_to(&d, &link), "export --out a symlink");
    assert!(
        err.contains("is a symbolic link, not a regular file"),
        "{err}"
    );
    assert!(err.contains("report.csv"), "{err}");
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is still a link");
    assert_eq!(std::fs::read_to_string(&aim).unwrap(), "not a report");
}

#[cfg(unix)]
#[test]
fn a_fifo_and_a_device_are_refused_and_left_alone() {
    use std::os::unix::fs::FileTypeExt;
    let (d, _, _) = small_desk();
    let fifo = d.path("pipe.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let err = runtime_failure(&export_to(&d, &fifo), "export --out a FIFO");
    assert!(
        err.contains("is a FIFO (named pipe), not a regular file"),
        "{err}"
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    let err = runtime_failure(
        &export_to(&d, Path::new("/dev/null")),
        "export --out /dev/null",
    );
    assert!(err.contains("is a device node"), "{err}");
    assert!(
        std::fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn a_dash_is_standard_output() {
    let (d, _, _) = small_desk();
    let out = export_to(&d, Path::new("-"));
    assert_success(&out, "export --out -");
    assert!(out.stdout.starts_with(b"record,ticket_no"));
    assert!(!d.path("-").exists(), "no file named -");
}
