//! [`LogCapture`]: records every `tracing` event and span field on this thread, so tests can
//! assert that no secret reaches a log line.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::dispatcher::{self, DefaultGuard, Dispatch};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Captures logs while alive (on the current thread: use a current-thread runtime).
pub struct LogCapture {
    lines: Arc<Mutex<Vec<String>>>,
    _guard: DefaultGuard,
}

impl LogCapture {
    /// Starts capturing every level.
    pub fn start() -> LogCapture {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let subscriber = Capture {
            lines: Arc::clone(&lines),
            next_span: AtomicU64::new(1),
        };
        let guard = dispatcher::set_default(&Dispatch::new(subscriber));
        LogCapture {
            lines,
            _guard: guard,
        }
    }

    /// Every line so far: `target level message field=value ...`.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Every line so far, joined.
    pub fn text(&self) -> String {
        self.lines().join("\n")
    }
}

struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_span: AtomicU64,
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={value}", field.name());
    }
}

impl Capture {
    fn push(&self, line: Line) {
        self.lines
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(line.0);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = Line(format!(
            "{} span {}",
            span.metadata().target(),
            span.metadata().name()
        ));
        span.record(&mut line);
        self.push(line);
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = Line("span record".to_owned());
        values.record(&mut line);
        self.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let mut line = Line(format!("{} {}", metadata.target(), metadata.level()));
        event.record(&mut line);
        self.push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}
