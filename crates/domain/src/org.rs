//! Organisations: the tenants of an installation.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::ids::OrgId;
use crate::text::{TextError, single_line};

/// An organisation's short name in URLs (`/o/{slug}`): 2–40 of `a-z`, `0-9` and inner `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgSlug(String);

/// Why a slug was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an organisation slug is 2 to 40 lowercase letters, digits and inner hyphens")]
pub struct InvalidSlug;

impl OrgSlug {
    /// The slug as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for OrgSlug {
    type Err = InvalidSlug;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok_chars = s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let ok_len = (2..=40).contains(&s.len());
        if ok_chars && ok_len && !s.starts_with('-') && !s.ends_with('-') && !s.contains("--") {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidSlug)
        }
    }
}

impl TryFrom<String> for OrgSlug {
    type Error = InvalidSlug;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<OrgSlug> for String {
    fn from(s: OrgSlug) -> Self {
        s.0
    }
}

impl fmt::Display for OrgSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An organisation's display name (at most 120 characters).
pub fn org_name(raw: &str) -> Result<String, TextError> {
    single_line(raw, 120)
}

/// The language and conventions an organisation's pages and emails use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    /// British English: A&E, consultant, day-month dates. The default.
    #[default]
    #[serde(rename = "en-GB")]
    EnGb,
    /// American English: ED, attending, month-day dates.
    #[serde(rename = "en-US")]
    EnUs,
}

impl Locale {
    /// Every supported locale.
    pub const ALL: [Locale; 2] = [Locale::EnGb, Locale::EnUs];

    /// The BCP 47 tag.
    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Locale::EnGb => "en-GB",
            Locale::EnUs => "en-US",
        }
    }
}

/// A locale ReachIn has no catalogue for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported locale {0:?}; expected en-GB or en-US")]
pub struct UnknownLocale(pub String);

impl FromStr for Locale {
    type Err = UnknownLocale;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Locale::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(s)).ok_or_else(|| UnknownLocale(s.to_owned()))
    }
}

/// A valid IANA time zone name such as `Europe/London`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZoneName(String);

/// A time zone name that the bundled time zone database does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {0:?}; use an IANA name such as Europe/London")]
pub struct UnknownTimeZone(pub String);

impl TimeZoneName {
    /// The zone, ready for conversions.
    #[must_use]
    pub fn zone(&self) -> TimeZone {
        // Parsing checked the name, so this lookup succeeds; UTC is a safe fallback regardless.
        TimeZone::get(&self.0).unwrap_or(TimeZone::UTC)
    }

    /// The IANA name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for TimeZoneName {
    type Err = UnknownTimeZone;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TimeZone::get(s).map(|_| Self(s.to_owned())).map_err(|_| UnknownTimeZone(s.to_owned()))
    }
}

impl TryFrom<String> for TimeZoneName {
    type Error = UnknownTimeZone;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<TimeZoneName> for String {
    fn from(t: TimeZoneName) -> Self {
        t.0
    }
}

/// When the organisation's programme office works: the basis of routine time targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingHours {
    /// Working days, Monday = 1 … Sunday = 7.
    pub days: Vec<u8>,
    /// Start of the working day, local time, "HH:MM".
    pub start: String,
    /// End of the working day, local time, "HH:MM"; after `start`.
    pub end: String,
}

/// Working hours that do not make sense.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidWorkingHours {
    /// A day outside 1..=7, or no day at all.
    #[error("working days are numbers 1 (Monday) to 7 (Sunday), at least one")]
    Days,
    /// A time that is not HH:MM.
    #[error("working hours are times as HH:MM")]
    Time,
    /// The day ends before it starts.
    #[error("the working day must end after it starts")]
    Order,
}

impl Default for WorkingHours {
    fn default() -> Self {
        Self { days: vec![1, 2, 3, 4, 5], start: "09:00".into(), end: "17:00".into() }
    }
}

impl WorkingHours {
    /// Checks the days and times.
    pub fn validate(&self) -> Result<(), InvalidWorkingHours> {
        if self.days.is_empty() || self.days.iter().any(|d| !(1..=7).contains(d)) {
            return Err(InvalidWorkingHours::Days);
        }
        let start = parse_hhmm(&self.start)?;
        let end = parse_hhmm(&self.end)?;
        if end <= start {
            return Err(InvalidWorkingHours::Order);
        }
        Ok(())
    }

    /// Whether `day` is a working day.
    #[must_use]
    pub fn is_working_day(&self, day: Weekday) -> bool {
        let n = u8::try_from(day.to_monday_one_offset()).unwrap_or(0);
        self.days.contains(&n)
    }
}

fn parse_hhmm(s: &str) -> Result<Time, InvalidWorkingHours> {
    Time::strptime("%H:%M", s).map_err(|_| InvalidWorkingHours::Time)
}

/// An organisation on the installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Its id.
    pub id: OrgId,
    /// Its URL name.
    pub slug: OrgSlug,
    /// Its display name.
    pub name: String,
    /// Where it is: all its dates and times are shown in this zone.
    pub time_zone: TimeZoneName,
    /// Its language and conventions.
    pub locale: Locale,
    /// Its programme's working hours.
    pub working_hours: WorkingHours,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!("st-marys".parse::<OrgSlug>().is_ok());
        assert!("demo".parse::<OrgSlug>().is_ok());
        for bad in ["", "a", "-x", "x-", "a--b", "Upper", "spa ce", "é"] {
            assert_eq!(bad.parse::<OrgSlug>(), Err(InvalidSlug), "{bad}");
        }
    }

    #[test]
    fn time_zones_are_checked() {
        assert!("Europe/London".parse::<TimeZoneName>().is_ok());
        assert!("America/New_York".parse::<TimeZoneName>().is_ok());
        assert!("Mars/Olympus".parse::<TimeZoneName>().is_err());
    }

    #[test]
    fn working_hours_are_checked() {
        assert_eq!(WorkingHours::default().validate(), Ok(()));
        let late = WorkingHours { start: "18:00".into(), ..WorkingHours::default() };
        assert_eq!(late.validate(), Err(InvalidWorkingHours::Order));
        let bad_day = WorkingHours { days: vec![0], ..WorkingHours::default() };
        assert_eq!(bad_day.validate(), Err(InvalidWorkingHours::Days));
        let bad_time = WorkingHours { end: "5pm".into(), ..WorkingHours::default() };
        assert_eq!(bad_time.validate(), Err(InvalidWorkingHours::Time));
        assert!(WorkingHours::default().is_working_day(Weekday::Monday));
        assert!(!WorkingHours::default().is_working_day(Weekday::Sunday));
    }

    #[test]
    fn locales() {
        assert_eq!("en-us".parse::<Locale>(), Ok(Locale::EnUs));
        assert!("fr-FR".parse::<Locale>().is_err());
    }
}
