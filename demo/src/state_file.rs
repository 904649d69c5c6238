//! [`StateFile`]: the demo provider's grants on disk, written off the request path.
//!
//! A token request only marks the book changed; a saver thread writes the whole book at once when
//! it is idle, and at most every [`SAVE_INTERVAL`] under load, so `serve --demo` measures appcreds
//! rather than the demo's file. The last save runs when the provider is dropped (the server's
//! graceful shutdown). A `kill -9` may lose the demo's last [`SAVE_INTERVAL`] of grants: the demo
//! user then links again; appcreds' own store is durable on its own terms.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::grants::GrantBook;
use super::provider::lock;

/// The shortest time between two saves.
pub const SAVE_INTERVAL: Duration = Duration::from_millis(100);

/// What the request path and the saver share.
#[derive(Default)]
struct Signal {
    state: Mutex<Pending>,
    wake: Condvar,
}

#[derive(Default)]
struct Pending {
    changed: bool,
    closed: bool,
}

/// The saver of one state file. Dropping it saves what is pending and stops the thread.
pub(crate) struct StateFile {
    signal: Arc<Signal>,
    saver: Option<JoinHandle<()>>,
}

impl StateFile {
    /// The book saved in `path`, or an empty one (a missing or unreadable file starts empty).
    pub(crate) fn load(path: &Path) -> GrantBook {
        let Ok(bytes) = std::fs::read(path) else {
            return GrantBook::default();
        };
        serde_json::from_slice(&bytes).unwrap_or_else(|error| {
            tracing::warn!(%error, path = %path.display(), "demo provider: state file unreadable; starting empty");
            GrantBook::default()
        })
    }

    /// Starts the thread that saves `book` to `path` after each change.
    pub(crate) fn start(path: PathBuf, book: Arc<Mutex<GrantBook>>) -> StateFile {
        let signal = Arc::new(Signal::default());
        let shared = Arc::clone(&signal);
        let saver = std::thread::Builder::new()
            .name("demo-state-file".into())
            .spawn(move || save_loop(&path, &book, &shared))
            .map_err(|error| tracing::warn!(%error, "demo provider: no saver thread; grants stay in memory"))
            .ok();
        StateFile { signal, saver }
    }

    /// Marks the book changed: the saver writes it soon.
    pub(crate) fn changed(&self) {
        lock(&self.signal.state).changed = true;
        self.signal.wake.notify_one();
    }
}

impl Drop for StateFile {
    fn drop(&mut self) {
        lock(&self.signal.state).closed = true;
        self.signal.wake.notify_one();
        if let Some(saver) = self.saver.take() {
            let _ = saver.join();
        }
    }
}

/// Waits for a change, keeps [`SAVE_INTERVAL`] since the last save (changes meanwhile join the
/// same save), saves; until closed, after one last save of what is pending.
fn save_loop(path: &Path, book: &Mutex<GrantBook>, signal: &Signal) {
    let mut last_save: Option<Instant> = None;
    loop {
        let mut pending = lock(&signal.state);
        while !pending.changed && !pending.closed {
            pending = signal.wake.wait(pending).unwrap_or_else(|e| e.into_inner());
        }
        while let Some(wait) = last_save.and_then(|at| SAVE_INTERVAL.checked_sub(at.elapsed()))
            && !pending.closed
        {
            pending = signal
                .wake
                .wait_timeout(pending, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        let (changed, closed) = (pending.changed, pending.closed);
        pending.changed = false;
        drop(pending);
        if changed {
            let bytes = serde_json::to_vec(&*lock(book));
            if let Err(error) = bytes
                .map_err(std::io::Error::other)
                .and_then(|bytes| write(path, &bytes))
            {
                tracing::warn!(%error, path = %path.display(), "demo provider: cannot save its grants");
            }
            last_save = Some(Instant::now());
        }
        if closed {
            return;
        }
    }
}

/// Replaces `path` with `bytes` (through a temporary file and a rename; mode 0600).
fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(&temporary)?, bytes)?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::CodeRequest;

    fn request() -> CodeRequest {
        CodeRequest {
            redirect_uri: "http://127.0.0.1:8123/auth/external/callback".into(),
            challenge: None,
            scope: None,
            subject: "demo".into(),
        }
    }

    #[test]
    fn a_change_is_saved_soon_and_the_last_one_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo-provider.json");
        let book = Arc::new(Mutex::new(GrantBook::new()));
        let file = StateFile::start(path.clone(), Arc::clone(&book));
        let first = lock(&book).issue_code(request(), 1);
        file.changed();
        let deadline = Instant::now() + Duration::from_secs(5);
        while !std::fs::read_to_string(&path).is_ok_and(|s| s.contains(&first)) {
            assert!(Instant::now() < deadline, "the change was not saved");
            std::thread::sleep(Duration::from_millis(5));
        }
        // A change right after a save waits for the interval; dropping the saver writes it now.
        let second = lock(&book).issue_code(request(), 2);
        file.changed();
        drop(file);
        let reloaded = StateFile::load(&path);
        let saved = serde_json::to_string(&reloaded).unwrap();
        assert!(saved.contains(&first) && saved.contains(&second), "{saved}");
    }

    #[test]
    fn a_missing_or_broken_file_starts_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo-provider.json");
        assert_eq!(StateFile::load(&path).active_grants(), 0);
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(StateFile::load(&path).active_grants(), 0);
    }
}
