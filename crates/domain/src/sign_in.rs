//! Sign-in throttling: growing delays after failures, never a lockout an attacker can impose.
//!
//! Failures are counted per account and per client address. After a few free attempts each
//! further failure doubles the wait, capped at ten seconds (kanidm's soft-lock pattern), so a
//! stranger hammering someone's account slows the guessing without locking the owner out. An
//! address also has a daily cap, which only ever stops that address.

use jiff::{SignedDuration, Timestamp};

/// The throttle's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed before any delay.
    pub free_attempts: u32,
    /// The longest delay.
    pub max_delay: SignedDuration,
    /// Failures from one address in one day after which that address is refused for the day.
    pub address_daily_cap: u32,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self { free_attempts: 3, max_delay: SignedDuration::from_secs(10), address_daily_cap: 500 }
    }
}

/// The failure record of one account or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    /// Consecutive failures since the last success.
    pub consecutive: u32,
    /// When the last failure happened.
    pub last: Timestamp,
    /// Failures since `day_start`.
    pub today: u32,
    /// Start of the current 24-hour counting window.
    pub day_start: Timestamp,
}

impl ThrottlePolicy {
    /// The wait required after `consecutive` failures.
    #[must_use]
    pub fn delay_after(&self, consecutive: u32) -> SignedDuration {
        if consecutive < self.free_attempts {
            return SignedDuration::ZERO;
        }
        let doublings = (consecutive - self.free_attempts).min(16);
        let secs = 1_i64 << doublings;
        SignedDuration::from_secs(secs).min(self.max_delay)
    }

    /// How long the caller must still wait before another attempt is even checked (zero: go on).
    #[must_use]
    pub fn wait(&self, f: &Failures, now: Timestamp) -> SignedDuration {
        let until = f.last + self.delay_after(f.consecutive);
        let remaining = until.duration_since(now);
        remaining.max(SignedDuration::ZERO)
    }

    /// Whether an address has used up its failures for the day.
    #[must_use]
    pub fn address_capped(&self, f: &Failures, now: Timestamp) -> bool {
        now.duration_since(f.day_start) < SignedDuration::from_hours(24) && f.today >= self.address_daily_cap
    }

    /// The record after one more failure at `now`.
    #[must_use]
    pub fn record_failure(&self, before: Option<Failures>, now: Timestamp) -> Failures {
        match before {
            None => Failures { consecutive: 1, last: now, today: 1, day_start: now },
            Some(f) => {
                let new_day = now.duration_since(f.day_start) >= SignedDuration::from_hours(24);
                Failures {
                    consecutive: f.consecutive.saturating_add(1),
                    last: now,
                    today: if new_day { 1 } else { f.today.saturating_add(1) },
                    day_start: if new_day { now } else { f.day_start },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn first_attempts_are_free_then_delays_grow_to_the_cap() {
        let p = ThrottlePolicy::default();
        assert_eq!(p.delay_after(0), SignedDuration::ZERO);
        assert_eq!(p.delay_after(2), SignedDuration::ZERO);
        assert_eq!(p.delay_after(3), SignedDuration::from_secs(1));
        assert_eq!(p.delay_after(4), SignedDuration::from_secs(2));
        assert_eq!(p.delay_after(6), SignedDuration::from_secs(8));
        assert_eq!(p.delay_after(7), SignedDuration::from_secs(10));
    }

    #[test]
    fn daily_cap_resets_after_a_day() {
        let p = ThrottlePolicy { address_daily_cap: 2, ..ThrottlePolicy::default() };
        let t0 = Timestamp::UNIX_EPOCH;
        let f = p.record_failure(Some(p.record_failure(None, t0)), t0);
        assert!(p.address_capped(&f, t0));
        let later = t0 + SignedDuration::from_hours(25);
        assert!(!p.address_capped(&f, later));
        assert_eq!(p.record_failure(Some(f), later).today, 1);
    }

    proptest! {
        /// Nobody is ever made to wait longer than the cap: the throttle can never become a lockout.
        #[test]
        fn never_a_lockout(n in 0u32..10_000, gap in 0i64..100_000) {
            let p = ThrottlePolicy::default();
            let t0 = Timestamp::UNIX_EPOCH;
            let f = Failures { consecutive: n, last: t0, today: 0, day_start: t0 };
            prop_assert!(p.wait(&f, t0) <= p.max_delay);
            prop_assert!(p.delay_after(n) <= p.delay_after(n.saturating_add(1)));
            let later = t0 + SignedDuration::from_millis(gap);
            prop_assert!(p.wait(&f, later) <= p.wait(&f, t0));
        }
    }
}
