//! The counting record of a case and the tallies it adds to.
//!
//! Programme reports must stay fast with a million cases, so they never scan cases: every change
//! to a case moves its contribution from one set of tallies to another (`Contribution::keys`
//! before and after, and the difference is applied in the change's own transaction). A tally is
//! `(year, figure, key) → count`; this module is the one place that says which tallies a case
//! counts in, so the live path, the rebuild and the reports agree.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::case::{CaseState, OutcomeKind, ResourceKind, Source};
use crate::codes::code_enum;

code_enum!(
    /// What a tally counts. The key's shape depends on the figure (see `Contribution::keys`).
    Figure, "report figure", {
        /// Cases received, by month and source: key `MM|source`.
        Received => "received",
        /// Cases received, by category: key is the category.
        Category => "category",
        /// Cases received, by the clinician's department: key is the department (empty if none).
        Department => "department",
        /// Cases received, by the clinician's profession: key is the code (empty if none).
        Profession => "profession",
        /// Where each case received stands now: `open`, `withdrawn`, or the outcome's code.
        Status => "status",
        /// Whether the case was ever escalated: `1` or `0`.
        Escalated => "escalated",
        /// Time from receipt to first contact in whole minutes, for contacted cases: key is the
        /// number (by year only: a month's median would need a tally per month and minute).
        FirstContact => "first_contact",
        /// Whether first contact was within the time target: key `MM|1` or `MM|0`.
        WithinTarget => "within_target",
        /// Interactions in a supported case: key is the number.
        Interactions => "interactions",
        /// Further help taken up in a case, by resource type: key is the type.
        Onward => "onward",
        /// Answers to the one-question helpfulness feedback: key is the answer, 1 (not at all
        /// helpful) to 5 (very helpful).
        Helpful => "helpful",
    }
);

/// What a case counts as in the programme's figures: only the counting record, never who.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountingRecord {
    /// When the case arrived (its cohort: the year and month it counts in).
    pub received_at: Timestamp,
    /// How it arrived.
    pub source: Source,
    /// The event category's code.
    pub category: String,
    /// The clinician's department at intake.
    pub department: Option<String>,
    /// The clinician's profession code at intake.
    pub profession: Option<String>,
    /// Where the case stands.
    pub state: CaseState,
    /// Its outcome, once closed.
    pub outcome: Option<OutcomeKind>,
    /// The number of interactions recorded at closure.
    pub interactions: Option<i64>,
    /// First outreach, if made.
    pub first_contact_at: Option<Timestamp>,
    /// When first contact was due (the time target, in working time).
    pub first_contact_due_at: Timestamp,
    /// Whether it was ever escalated.
    pub ever_escalated: bool,
    /// Kinds of further help taken up.
    pub taken_up: Vec<ResourceKind>,
}

/// One tally a case counts in: the year of its cohort, the figure and the key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TallyKey {
    /// The calendar year (in the organisation's time zone) the case was received in.
    pub year: i16,
    /// What is counted.
    pub figure: Figure,
    /// Which group of the figure.
    pub key: String,
}

/// The calendar year and month (1–12) of an instant in the organisation's zone.
#[must_use]
pub fn year_month(at: Timestamp, zone: &TimeZone) -> (i16, i8) {
    let d = zone.to_datetime(at).date();
    (d.year(), d.month())
}

/// Whole minutes from receipt to first contact (never negative).
#[must_use]
pub fn minutes_to_first_contact(received_at: Timestamp, first_contact_at: Timestamp) -> i64 {
    let us = first_contact_at.as_microsecond() - received_at.as_microsecond();
    (us / 60_000_000).max(0)
}

impl CountingRecord {
    /// Every tally this case counts in.
    #[must_use]
    pub fn keys(&self, zone: &TimeZone) -> Vec<TallyKey> {
        let (year, month) = year_month(self.received_at, zone);
        let k = |figure: Figure, key: String| TallyKey { year, figure, key };
        let mut keys = vec![
            k(Figure::Received, format!("{month:02}|{}", self.source.code())),
            k(Figure::Category, self.category.clone()),
            k(Figure::Department, self.department.clone().unwrap_or_default()),
            k(Figure::Profession, self.profession.clone().unwrap_or_default()),
            k(Figure::Status, self.status().to_owned()),
            k(Figure::Escalated, if self.ever_escalated { "1" } else { "0" }.to_owned()),
        ];
        if let Some(first) = self.first_contact_at {
            let minutes = minutes_to_first_contact(self.received_at, first);
            keys.push(k(Figure::FirstContact, minutes.to_string()));
            let within = first <= self.first_contact_due_at;
            keys.push(k(Figure::WithinTarget, format!("{month:02}|{}", u8::from(within))));
        }
        if self.outcome == Some(OutcomeKind::Supported)
            && let Some(n) = self.interactions
        {
            keys.push(k(Figure::Interactions, n.max(0).to_string()));
        }
        let mut taken = self.taken_up.clone();
        taken.sort();
        taken.dedup();
        keys.extend(taken.into_iter().map(|r| k(Figure::Onward, r.code().to_owned())));
        keys
    }

    /// `open`, `withdrawn`, or the outcome of a closed case: one partition of the cases received.
    #[must_use]
    pub fn status(&self) -> &'static str {
        match (self.state, self.outcome) {
            (CaseState::Withdrawn, _) => "withdrawn",
            (CaseState::Closed, Some(o)) => o.code(),
            (CaseState::Closed, None) => "closed",
            _ => "open",
        }
    }
}

/// The tally of one helpfulness answer (1–5), counted in the year of its month (`YYYY-MM`).
#[must_use]
pub fn helpful_key(month: &str, answer: i64) -> Option<TallyKey> {
    let year: i16 = month.get(..4)?.parse().ok()?;
    (1..=5).contains(&answer).then(|| TallyKey { year, figure: Figure::Helpful, key: answer.to_string() })
}

/// The helpfulness answers that count as "found it helpful".
pub const HELPFUL_ANSWERS: [&str; 2] = ["4", "5"];

/// The changes to tallies when a case's keys go from `before` to `after`: (key, +1 or −1).
#[must_use]
pub fn difference(before: &[TallyKey], after: &[TallyKey]) -> Vec<(TallyKey, i64)> {
    let mut out: Vec<(TallyKey, i64)> = Vec::new();
    for k in before.iter().filter(|k| !after.contains(k)) {
        out.push((k.clone(), -1));
    }
    for k in after.iter().filter(|k| !before.contains(k)) {
        out.push((k.clone(), 1));
    }
    out
}

/// Splits a `MM|rest` key into the month and the rest.
#[must_use]
pub fn month_key(key: &str) -> Option<(i8, &str)> {
    let (m, rest) = key.split_once('|')?;
    let m: i8 = m.parse().ok()?;
    (1..=12).contains(&m).then_some((m, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn record() -> CountingRecord {
        CountingRecord {
            received_at: at("2026-03-31T23:30:00Z"),
            source: Source::SafetyEvent,
            category: "adverse_event".into(),
            department: Some("Emergency".into()),
            profession: Some("nurse".into()),
            state: CaseState::New,
            outcome: None,
            interactions: None,
            first_contact_at: None,
            first_contact_due_at: at("2026-04-01T12:00:00Z"),
            ever_escalated: false,
            taken_up: vec![],
        }
    }

    #[test]
    fn a_new_case_counts_once_in_each_partition_of_its_month_in_the_organisations_zone() {
        let london = TimeZone::get("Europe/London").unwrap();
        let keys = record().keys(&london);
        // 23:30 UTC on 31 March is 00:30 on 1 April in London (summer time).
        assert!(keys.contains(&TallyKey { year: 2026, figure: Figure::Received, key: "04|safety_event".into() }));
        assert!(keys.contains(&TallyKey { year: 2026, figure: Figure::Status, key: "open".into() }));
        assert_eq!(keys.len(), 6);
        assert!(record().keys(&TimeZone::UTC).iter().any(|k| k.key == "03|safety_event"));
    }

    #[test]
    fn closing_moves_the_case_between_tallies_and_adds_the_timings() {
        let before = record().keys(&TimeZone::UTC);
        let mut r = record();
        r.state = CaseState::Closed;
        r.outcome = Some(OutcomeKind::Supported);
        r.interactions = Some(2);
        r.first_contact_at = Some(at("2026-04-01T01:00:00Z"));
        r.taken_up = vec![ResourceKind::Eap, ResourceKind::Eap];
        let after = r.keys(&TimeZone::UTC);
        let diff = difference(&before, &after);
        let key = |f: Figure, k: &str| TallyKey { year: 2026, figure: f, key: k.into() };
        assert!(diff.contains(&(key(Figure::Status, "open"), -1)));
        assert!(diff.contains(&(key(Figure::Status, "supported"), 1)));
        assert!(diff.contains(&(key(Figure::FirstContact, "90"), 1)));
        assert!(diff.contains(&(key(Figure::WithinTarget, "03|1"), 1)));
        assert!(diff.contains(&(key(Figure::Interactions, "2"), 1)));
        assert!(diff.contains(&(key(Figure::Onward, "eap"), 1)));
        assert_eq!(diff.len(), 6, "{diff:?}");
        assert!(difference(&after, &after).is_empty());
    }

    #[test]
    fn late_contact_is_outside_the_target_and_minutes_never_go_negative() {
        let mut r = record();
        r.first_contact_at = Some(at("2026-04-02T00:00:00Z"));
        assert!(r.keys(&TimeZone::UTC).iter().any(|k| k.figure == Figure::WithinTarget && k.key == "03|0"));
        assert_eq!(minutes_to_first_contact(at("2026-04-02T00:00:00Z"), at("2026-04-01T00:00:00Z")), 0);
    }

    #[test]
    fn month_keys_and_helpfulness_parse() {
        assert_eq!(month_key("04|self"), Some((4, "self")));
        assert_eq!(month_key("13|self"), None);
        assert_eq!(helpful_key("2026-05", 4).map(|k| (k.year, k.key)), Some((2026, "4".to_owned())));
        assert_eq!(helpful_key("2026-05", 6), None);
        assert_eq!(helpful_key("bad", 5), None);
    }
}
