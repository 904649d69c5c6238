//! The data directory belongs to the user that runs appcreds: the directory is 0700 and every data
//! file in it 0600 (the database, its WAL and shared-memory files, the key file, the admin token).
//!
//! New directories and files are created with these modes; a directory or file that an older
//! version, a restore or a hand-made `mkdir` left readable by others is tightened at start-up, with
//! a log line naming it. On platforms without Unix modes these are no-ops.

use std::io;
use std::path::Path;

/// The mode of the data directory.
pub(crate) const DIR_MODE: u32 = 0o700;

/// The mode of every file in the data directory.
pub(crate) const FILE_MODE: u32 = 0o600;

/// Creates `dir` (and its parents) if needed, and makes `dir` itself private ([`DIR_MODE`]).
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        if !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(DIR_MODE)
                .create(dir)?;
        }
        tighten(dir, DIR_MODE)?;
        Ok(())
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// Creates `path` empty with [`FILE_MODE`] if it does not exist (so that what opens it next, such
/// as SQLite, never creates it readable by others).
pub(crate) fn create_private_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error),
    }
}

/// Whether `name` is a file appcreds keeps in the data directory: the database and its WAL,
/// shared-memory and journal files, `appcreds.toml`, the key file (and its temporary), the admin
/// token and the demo provider's state. Other files (a data directory set to a project folder,
/// say) are not touched.
fn is_data_file(name: &str) -> bool {
    name.starts_with("appcreds")
        || name.starts_with("secret.key")
        || name.starts_with("admin.token")
        || name.starts_with("demo-provider")
}

/// Makes an existing data directory and every data file in it ([`is_data_file`]) private,
/// logging each one that was readable or writable by others. Returns how many were tightened. A
/// missing directory is left alone.
pub(crate) fn tighten_data_dir(dir: &Path) -> io::Result<usize> {
    if !dir.is_dir() {
        return Ok(0);
    }
    let mut tightened = usize::from(tighten(dir, DIR_MODE)?);
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ours = entry.file_name().to_str().is_some_and(is_data_file);
        if ours && entry.file_type()?.is_file() {
            tightened += usize::from(tighten(&entry.path(), FILE_MODE)?);
        }
    }
    Ok(tightened)
}

/// Sets `path` to `mode` when it grants anything to the group or to others; true when it did.
#[cfg(unix)]
fn tighten(path: &Path, mode: u32) -> io::Result<bool> {
    use std::os::unix::fs::PermissionsExt as _;
    let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if current & 0o077 == 0 {
        return Ok(false);
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    tracing::warn!(
        path = %path.display(),
        was = %format!("{current:04o}"),
        now = %format!("{mode:04o}"),
        "tightened the permissions of data other users could read"
    );
    Ok(true)
}

#[cfg(not(unix))]
fn tighten(_: &Path, _: u32) -> io::Result<bool> {
    Ok(false)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn creates_private_directories_and_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/data");
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), DIR_MODE);
        let file = dir.join("f");
        create_private_file(&file).unwrap();
        assert_eq!(mode(&file), FILE_MODE);
        std::fs::write(&file, b"kept").unwrap();
        create_private_file(&file).unwrap();
        assert_eq!(
            std::fs::read(&file).unwrap(),
            b"kept",
            "an existing file is kept"
        );
    }

    #[test]
    fn tightens_what_others_can_read() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        for (name, mode) in [
            ("appcreds.db", 0o644),
            ("secret.key", 0o600),
            ("admin.token", 0o640),
            ("notes.txt", 0o644),
        ] {
            std::fs::write(dir.join(name), b"x").unwrap();
            std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(mode))
                .unwrap();
        }
        assert_eq!(tighten_data_dir(&dir).unwrap(), 3, "dir, db and token");
        assert_eq!(mode(&dir), DIR_MODE);
        for name in ["appcreds.db", "secret.key", "admin.token"] {
            assert_eq!(mode(&dir.join(name)), FILE_MODE, "{name}");
        }
        assert_eq!(mode(&dir.join("notes.txt")), 0o644, "not ours: untouched");
        assert_eq!(tighten_data_dir(&dir).unwrap(), 0, "nothing left to do");
        assert_eq!(tighten_data_dir(&root.path().join("missing")).unwrap(), 0);
    }
}
