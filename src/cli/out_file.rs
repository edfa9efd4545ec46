//! Where `--out` writes: a new file, or a regular file replaced whole.
//! Anything else at that path is refused, never replaced: a symlink (the
//! rename would swap the link, not write where it points, and a link
//! planted in a shared directory could aim anywhere), a FIFO or a device
//! node (as root, `--out /dev/null` would have replaced the device with a
//! file), a directory.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

/// Refuses what `--out` must never replace.
pub fn check_target(path: &Path, store: &Path) -> anyhow::Result<()> {
    if is_store_file(path, store) {
        anyhow::bail!(
            "cannot write {}: it is the store itself (or one of its journal files)",
            path.display()
        );
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => anyhow::bail!("cannot write {}: {e}", path.display()),
    };
    let kind = meta.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a directory"
    } else {
        special_kind(&kind)
    };
    anyhow::bail!(
        "cannot write {}: it is {what}, not a regular file; --out writes only to a regular \
         file or a new path (or - for standard output)",
        path.display()
    )
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device node"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "not a file"
}

/// Whether `path` names the store's file or a journal SQLite keeps beside
/// it: a report renamed over either would destroy the desk's data.
fn is_store_file(path: &Path, store: &Path) -> bool {
    let (Ok(path), Ok(store)) = (path.canonicalize(), store.canonicalize()) else {
        return false;
    };
    let store = store.as_os_str();
    ["", "-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut name = store.to_os_string();
        name.push(suffix);
        path.as_os_str() == name
    })
}

/// Writes beside the target and renames over it, so a failure half-way
/// never leaves a truncated report where a good one was.
pub fn write_whole(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: the directory {} does not exist",
            path.display(),
            dir.display()
        );
    }
    let cannot = |e: std::io::Error| anyhow::anyhow!("cannot write {}: {e}", path.display());
    let mut builder = tempfile::Builder::new();
    // A report is for sharing: a new one gets the usual mode (the umask
    // applies), one written over keeps the mode it had, not tempfile's 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(cannot)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(cannot)?;
    }
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w).with_context(|| format!("writing {}", path.display()))?;
        w.flush()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    // On disk before the rename, so a crash cannot leave an empty report
    // where a good one was.
    tmp.as_file().sync_all().map_err(cannot)?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
