//! The confidentiality rules: how long a closed case keeps its identity, whether the staff
//! directory is kept, and what break-glass access needs.

use jiff::{SignedDuration, Timestamp};

use crate::codes::code_enum;

/// Days a closed case keeps its identity before de-identification: 30 unless the organisation
/// chooses otherwise, from 0 (at the next run after closure) to 365.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct RetentionDays(u16);

/// A retention period outside 0 to 365 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("retention must be 0 to 365 days")]
pub struct RetentionOutOfRange;

impl RetentionDays {
    /// The product's default.
    pub const DEFAULT: RetentionDays = RetentionDays(30);
    /// The longest an organisation may keep a closed case's identity.
    pub const MAX: u16 = 365;

    /// The period, if within 0 to 365 days.
    pub fn new(days: i64) -> Result<RetentionDays, RetentionOutOfRange> {
        u16::try_from(days).ok().filter(|d| *d <= Self::MAX).map(RetentionDays).ok_or(RetentionOutOfRange)
    }

    /// The number of days.
    #[must_use]
    pub fn days(self) -> u16 {
        self.0
    }

    /// Cases closed at or before this instant are due for de-identification at `now`.
    #[must_use]
    pub fn closed_before(self, now: Timestamp) -> Timestamp {
        now - SignedDuration::from_hours(24 * i64::from(self.0))
    }

    /// Whether a case closed at `closed_at` is due for de-identification at `now`.
    #[must_use]
    pub fn due(self, closed_at: Timestamp, now: Timestamp) -> bool {
        closed_at <= self.closed_before(now)
    }
}

impl Default for RetentionDays {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<i64> for RetentionDays {
    type Error = RetentionOutOfRange;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        RetentionDays::new(v)
    }
}

impl From<RetentionDays> for i64 {
    fn from(r: RetentionDays) -> i64 {
        i64::from(r.0)
    }
}

code_enum!(
    /// Whether the organisation keeps its staff directory, or imports it only so that support can
    /// reach people (then entries nothing needs any more go with the de-identification).
    DirectoryMode, "directory mode", {
        /// The directory is kept in full.
        Kept => "kept",
        /// The directory is imported, not kept.
        Imported => "imported",
    }
);

/// How long an organisation admin's break-glass access to one case lasts.
pub const BREAK_GLASS_MINUTES: i64 = 60;

/// The shortest justification accepted for break-glass access: a reason, not a word.
pub const JUSTIFICATION_MIN: usize = 20;
/// The longest justification accepted.
pub const JUSTIFICATION_MAX: usize = 1000;

/// Why a break-glass justification was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JustificationError {
    /// Fewer than `JUSTIFICATION_MIN` characters once trimmed.
    #[error("a justification needs at least {JUSTIFICATION_MIN} characters")]
    TooShort,
    /// More than `JUSTIFICATION_MAX` characters.
    #[error("a justification is at most {JUSTIFICATION_MAX} characters")]
    TooLong,
}

/// Checks a written justification for break-glass access (trimmed; line breaks allowed).
pub fn justification(raw: &str) -> Result<String, JustificationError> {
    let s = raw.trim();
    let n = s.chars().count();
    if n < JUSTIFICATION_MIN {
        return Err(JustificationError::TooShort);
    }
    if n > JUSTIFICATION_MAX {
        return Err(JustificationError::TooLong);
    }
    Ok(s.chars().filter(|c| !c.is_control() || *c == '\n').collect())
}

/// When break-glass access granted at `granted` ends.
#[must_use]
pub fn break_glass_until(granted: Timestamp) -> Timestamp {
    granted + SignedDuration::from_mins(BREAK_GLASS_MINUTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_is_zero_to_a_year_thirty_by_default() {
        assert_eq!(RetentionDays::default().days(), 30);
        assert!(RetentionDays::new(0).is_ok());
        assert!(RetentionDays::new(365).is_ok());
        assert_eq!(RetentionDays::new(366), Err(RetentionOutOfRange));
        assert_eq!(RetentionDays::new(-1), Err(RetentionOutOfRange));
        assert!(serde_json::from_str::<RetentionDays>("400").is_err());
    }

    #[test]
    fn a_case_is_due_once_its_retention_has_passed_since_closure() {
        let closed: Timestamp = "2026-01-01T12:00:00Z".parse().unwrap();
        let thirty = RetentionDays::DEFAULT;
        assert!(!thirty.due(closed, "2026-01-31T11:59:59Z".parse().unwrap()));
        assert!(thirty.due(closed, "2026-01-31T12:00:00Z".parse().unwrap()));
        assert!(RetentionDays::new(0).unwrap().due(closed, closed));
    }

    #[test]
    fn break_glass_needs_a_real_reason() {
        assert_eq!(justification("because"), Err(JustificationError::TooShort));
        assert_eq!(justification(&"x".repeat(1001)), Err(JustificationError::TooLong));
        let ok = justification("  Coordinator on leave; safeguarding concern raised by HR.\u{7} ").unwrap();
        assert_eq!(ok, "Coordinator on leave; safeguarding concern raised by HR.");
        assert_eq!(break_glass_until("2026-01-01T12:00:00Z".parse().unwrap()).to_string(), "2026-01-01T13:00:00Z");
    }
}
