//! Demo mode: each delivery becomes a file, named by its key, in a folder
//! per channel. A retry of the same delivery replaces its file, as a
//! receiver that knows the key would drop the repeat.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::wire::safe_key;
use crate::domain::notice::{SendError, Sent};

pub(super) struct Folder {
    dir: PathBuf,
}

impl Folder {
    pub(super) fn new(dir: &Path) -> Folder {
        Folder {
            dir: dir.to_path_buf(),
        }
    }

    /// Writes `dir/channel/<key>.ext` whole or not at all: a reader never
    /// finds half a message.
    pub(super) async fn write(
        &self,
        channel: &str,
        key: &str,
        ext: &str,
        bytes: Vec<u8>,
    ) -> Result<Sent, SendError> {
        let folder = self.dir.join(channel);
        let path = folder.join(format!("{}.{ext}", safe_key(key)));
        let target = path.clone();
        let written = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            std::fs::create_dir_all(&folder)?;
            let mut file = tempfile::NamedTempFile::new_in(&folder)?;
            file.write_all(&bytes)?;
            file.persist(&target).map_err(|e| e.error)?;
            Ok(())
        })
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)));
        match written {
            Ok(()) => Ok(Sent {
                reply: format!("written to {}", path.display()),
            }),
            Err(e) => Err(SendError::transient(format!(
                "cannot write {}: {e}",
                path.display()
            ))),
        }
    }
}
