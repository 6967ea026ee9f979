//! How long a signed-in session lives (OWASP ASVS L3: idle and absolute limits).

use jiff::{SignedDuration, Timestamp};

/// The limits of a session's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Ends after this long without a request.
    pub idle: SignedDuration,
    /// Ends this long after sign-in, however busy.
    pub absolute: SignedDuration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self { idle: SignedDuration::from_mins(30), absolute: SignedDuration::from_hours(12) }
    }
}

impl SessionPolicy {
    /// Whether a session created at `created` and last used at `last_seen` is still alive `now`.
    #[must_use]
    pub fn is_alive(&self, created: Timestamp, last_seen: Timestamp, now: Timestamp) -> bool {
        now.duration_since(last_seen) < self.idle && now.duration_since(created) < self.absolute
    }

    /// Whether `last_seen` is old enough to be worth a write. Writing on every request would put
    /// every page view through the single SQLite writer; a minute's slack costs nothing real.
    #[must_use]
    pub fn needs_touch(&self, last_seen: Timestamp, now: Timestamp) -> bool {
        now.duration_since(last_seen) >= SignedDuration::from_mins(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(mins: i64) -> Timestamp {
        Timestamp::UNIX_EPOCH + SignedDuration::from_mins(mins)
    }

    #[test]
    fn idle_and_absolute_limits() {
        let p = SessionPolicy::default();
        assert!(p.is_alive(at(0), at(0), at(29)));
        assert!(!p.is_alive(at(0), at(0), at(30)));
        assert!(p.is_alive(at(0), at(700), at(719)));
        assert!(!p.is_alive(at(0), at(715), at(720)));
    }
}
