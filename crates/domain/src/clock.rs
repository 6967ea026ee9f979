//! Time is injected, never read directly by a rule, so SLA and retention tests never sleep.

use jiff::Timestamp;

/// The source of "now" for every rule and repository.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// Converts an instant to the storage form: microseconds since the Unix epoch.
#[must_use]
pub fn to_micros(t: Timestamp) -> i64 {
    // i64 microseconds cover ±292,000 years; jiff's range is far smaller.
    t.as_microsecond()
}

/// Converts the storage form back to an instant; out-of-range values clamp to jiff's limits.
#[must_use]
pub fn from_micros(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(if us < 0 { Timestamp::MIN } else { Timestamp::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micros_round_trip() {
        let t = Timestamp::from_second(1_800_000_000).unwrap_or(Timestamp::UNIX_EPOCH);
        assert_eq!(from_micros(to_micros(t)), t);
    }
}
