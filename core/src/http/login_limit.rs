//! [`LoginLimiter`]: wrong admin tokens on the login form, limited per client address with
//! exponential backoff, and logged in a bounded number of lines.
//!
//! The first [`FREE_FAILURES`] wrong tokens from an address are answered at once; after that the
//! address waits [`FIRST_DELAY`], doubling with each further wrong token up to [`MAX_DELAY`], and
//! every attempt while it waits is `429 Too Many Requests` with `Retry-After` (without even
//! checking the token). A right token clears the address. Logging: one WARN at an address's first
//! wrong token, one when it gets limited, and one summarising line each time a wait ends in
//! another wrong token (so the lines thin out exponentially); the 429s themselves are counted,
//! never logged one by one.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong tokens an address may send before it has to wait.
pub(crate) const FREE_FAILURES: u32 = 5;
/// The first wait.
pub(crate) const FIRST_DELAY: Duration = Duration::from_secs(1);
/// The longest wait.
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// An address quiet for this long is forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// At most this many addresses are remembered (the oldest quiet ones are dropped first).
const MAX_ADDRESSES: usize = 10_000;

/// The address used when the server does not know the client's (a host that mounts the router
/// without `into_make_service_with_connect_info`): then every client shares one allowance.
pub(crate) const UNKNOWN_CLIENT: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);

/// What an address has done lately.
#[derive(Debug)]
struct Record {
    failures: u32,
    blocked_until: Option<Instant>,
    refused: u64,
    last_seen: Instant,
}

/// Whether a login attempt may be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Check the token.
    Allowed,
    /// Answer 429; the client may try again after this long.
    Limited {
        /// The wait left, rounded up to whole seconds (at least 1).
        retry_after_secs: u64,
    },
}

/// Per-address login attempts of one server process.
#[derive(Debug, Default)]
pub(crate) struct LoginLimiter {
    records: Mutex<HashMap<IpAddr, Record>>,
}

impl LoginLimiter {
    /// Whether an attempt from `address` at `now` may be checked; counts it when it may not.
    pub(crate) fn check(&self, address: IpAddr, now: Instant) -> Verdict {
        let mut records = self.lock();
        let Some(record) = records.get_mut(&address) else {
            return Verdict::Allowed;
        };
        match record.blocked_until {
            Some(until) if until > now => {
                record.refused += 1;
                record.last_seen = now;
                let left = until - now;
                let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                Verdict::Limited {
                    retry_after_secs: secs.max(1),
                }
            }
            _ => Verdict::Allowed,
        }
    }

    /// Records a wrong token from `address` at `now`; logs within the bounds above.
    pub(crate) fn failed(&self, address: IpAddr, now: Instant) {
        let mut records = self.lock();
        if records.len() >= MAX_ADDRESSES && !records.contains_key(&address) {
            forget_quiet(&mut records, now);
        }
        let record = records.entry(address).or_insert(Record {
            failures: 0,
            blocked_until: None,
            refused: 0,
            last_seen: now,
        });
        record.failures = record.failures.saturating_add(1);
        record.last_seen = now;
        let failures = record.failures;
        if failures == 1 {
            tracing::warn!(client = %address, "page login refused: wrong admin token");
        }
        if failures < FREE_FAILURES {
            return;
        }
        let delay = backoff(failures);
        record.blocked_until = Some(now + delay);
        if failures == FREE_FAILURES {
            tracing::warn!(
                client = %address,
                failures,
                wait_secs = delay.as_secs(),
                "page logins limited: too many wrong admin tokens from this address; further attempts are answered 429 and the wait doubles with each wrong token"
            );
        } else {
            tracing::warn!(
                client = %address,
                failures,
                refused_while_waiting = record.refused,
                wait_secs = delay.as_secs(),
                "page logins still limited: another wrong admin token after the wait"
            );
        }
    }

    /// Records the right token from `address`: the address starts afresh.
    pub(crate) fn succeeded(&self, address: IpAddr) {
        if let Some(record) = self.lock().remove(&address)
            && record.failures > 0
        {
            tracing::info!(
                client = %address,
                failures = record.failures,
                refused_while_waiting = record.refused,
                "page login after wrong admin tokens"
            );
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Record>> {
        // A panic while holding the lock leaves counts that are still counts.
        self.records
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The wait after `failures` wrong tokens (`failures >= FREE_FAILURES`).
fn backoff(failures: u32) -> Duration {
    let doublings = (failures - FREE_FAILURES).min(20);
    FIRST_DELAY.saturating_mul(1 << doublings).min(MAX_DELAY)
}

/// Drops the addresses quiet for [`FORGET_AFTER`]; if that frees nothing, the quietest one.
fn forget_quiet(records: &mut HashMap<IpAddr, Record>, now: Instant) {
    records.retain(|_, r| now.duration_since(r.last_seen) < FORGET_AFTER);
    if records.len() >= MAX_ADDRESSES
        && let Some(oldest) = records
            .iter()
            .min_by_key(|(_, r)| r.last_seen)
            .map(|(a, _)| *a)
    {
        records.remove(&oldest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn an_address_waits_after_its_free_failures_and_the_wait_doubles() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for _ in 0..FREE_FAILURES - 1 {
            assert_eq!(limiter.check(A, t0), Verdict::Allowed);
            limiter.failed(A, t0);
        }
        assert_eq!(limiter.check(A, t0), Verdict::Allowed);
        limiter.failed(A, t0);
        assert_eq!(
            limiter.check(A, t0),
            Verdict::Limited {
                retry_after_secs: 1
            }
        );
        // Another address is not affected.
        assert_eq!(limiter.check(B, t0), Verdict::Allowed);
        let t1 = t0 + FIRST_DELAY;
        assert_eq!(limiter.check(A, t1), Verdict::Allowed);
        limiter.failed(A, t1);
        assert_eq!(
            limiter.check(A, t1),
            Verdict::Limited {
                retry_after_secs: 2
            }
        );
        limiter.succeeded(A);
        assert_eq!(limiter.check(A, t1), Verdict::Allowed);
    }

    #[test]
    fn the_wait_is_capped() {
        assert_eq!(backoff(FREE_FAILURES), FIRST_DELAY);
        assert_eq!(backoff(FREE_FAILURES + 3), FIRST_DELAY * 8);
        assert_eq!(backoff(u32::MAX), MAX_DELAY);
    }

    #[test]
    fn memory_is_bounded() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        for i in 0..(MAX_ADDRESSES as u32 + 10) {
            limiter.failed(IpAddr::V4(Ipv4Addr::from(i)), now);
        }
        assert!(limiter.lock().len() <= MAX_ADDRESSES);
    }
}
