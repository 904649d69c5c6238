//! `appcreds::check_integrations!()`: the check as a `#[test]` of the crate that registers the
//! integrations, run without an async runtime (the author API has none).

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll, Wake, Waker};
use std::thread::Thread;

use super::{Format, Selection};
use crate::{Context, Registry};

/// Runs every rule of `check` on the integrations that the crate of `module_path` registers;
/// panics with the report when there is a problem, and when it registers none.
pub(crate) fn run(module_path: &str) {
    let crate_name = module_path.split("::").next().unwrap_or(module_path);
    let selection = Selection {
        domains: Vec::new(),
        crate_name: Some(crate_name.to_owned()),
    };
    let (registry, mut problems) = selection.apply(Registry::discover());
    let mut report = block_on(super::check(
        &registry,
        registry.problems(),
        &Context::default(),
        None,
    ));
    problems.append(&mut report.problems);
    report.problems = problems;
    assert!(
        report.is_ok(),
        "appcreds check of crate `{crate_name}` failed:\n{}",
        report.render(Format::Text)
    );
}

/// Polls `future` on this thread until it is ready, parking between wake-ups.
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = TaskContext::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            Poll::Pending => std::thread::park(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_crate_without_registrations_fails() {
        let panic = std::panic::catch_unwind(|| super::run("no_such_crate::module"))
            .expect_err("a check of nothing must fail");
        let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(
            message.contains("error[not_linked]: crate `no_such_crate` registers no integration"),
            "{message}"
        );
        assert!(message.contains("error[nothing_linked]"), "{message}");
    }
}
