//! The supporter roster: a supporter's lifecycle, their training currency, their availability
//! (away periods, caseload cap, the on-call rota) and their own wellbeing. Matching reads the
//! result; the rules of who may move a supporter where live here.

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp};

use crate::codes::code_enum;
use crate::ids::PersonId;
use crate::matching::Scored;

code_enum!(
    /// Where a supporter is in their life on the roster.
    SupporterStatus, "supporter status", {
        /// Put forward by a colleague or themself.
        Nominated => "nominated",
        /// Accepted by the programme, not yet trained.
        Approved => "approved",
        /// Trained, not yet taking cases.
        Trained => "trained",
        /// Taking cases.
        Active => "active",
        /// Taking a break; keeps their place.
        Paused => "paused",
        /// Left the roster.
        Retired => "retired",
    }
);

impl SupporterStatus {
    /// The steps a coordinator may take from here. Retiring is always possible; a retired
    /// supporter can only come back by being nominated again, and a paused one resumes as active.
    #[must_use]
    pub fn next(self) -> &'static [SupporterStatus] {
        use SupporterStatus::*;
        match self {
            Nominated => &[Approved, Retired],
            Approved => &[Trained, Retired],
            Trained => &[Active, Retired],
            Active => &[Paused, Retired],
            Paused => &[Active, Retired],
            Retired => &[Nominated],
        }
    }

    /// Whether a supporter may move from `from` (none: not on the roster yet) to `self`.
    #[must_use]
    pub fn may_follow(self, from: Option<SupporterStatus>) -> bool {
        match from {
            None => self == SupporterStatus::Nominated,
            Some(f) => f.next().contains(&self),
        }
    }

    /// Whether new cases may go to a supporter at this step.
    #[must_use]
    pub fn takes_cases(self) -> bool {
        self == SupporterStatus::Active
    }
}

/// How far ahead of expiry a supporter is reminded to renew their training.
pub const REFRESHER_NOTICE: SignedDuration = SignedDuration::from_hours(24 * 30);

/// The most open cases any supporter may hold; the programme's guidance is a handful at once.
pub const MAX_CAP: u32 = 10;

/// The longest away period or on-call shift one entry may cover.
pub const LONGEST_PERIOD: SignedDuration = SignedDuration::from_hours(24 * 366);

/// Where a supporter's training stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingStatus {
    /// No training on record.
    Never,
    /// Valid until then.
    Current(Timestamp),
    /// Valid, but expires within the refresher notice.
    DueSoon(Timestamp),
    /// Expired then; blocks new assignments until renewed.
    Lapsed(Timestamp),
}

impl TrainingStatus {
    /// The status of training valid until `until` (none: never trained), now.
    #[must_use]
    pub fn of(until: Option<Timestamp>, now: Timestamp) -> Self {
        match until {
            None => Self::Never,
            Some(t) if t <= now => Self::Lapsed(t),
            Some(t) if t <= now + REFRESHER_NOTICE => Self::DueSoon(t),
            Some(t) => Self::Current(t),
        }
    }

    /// A stable code for pages and the API.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Never => "never",
            Self::Current(_) => "current",
            Self::DueSoon(_) => "due_soon",
            Self::Lapsed(_) => "lapsed",
        }
    }
}

/// Whether the refresher reminder for a training that expires at `expires` is due now: within
/// the notice, not yet expired, not yet reminded, and not already renewed by a later training.
#[must_use]
pub fn refresher_due(expires: Timestamp, latest_expiry: Timestamp, reminded: bool, now: Timestamp) -> bool {
    !reminded && expires == latest_expiry && expires > now && expires <= now + REFRESHER_NOTICE
}

/// A period of time (away, on call) as entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// From.
    pub starts: Timestamp,
    /// Until (exclusive).
    pub ends: Timestamp,
}

/// Why a period was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// It ends before it starts, or starts and ends together.
    #[error("the period ends before it starts")]
    EndsBeforeStart,
    /// It is already over.
    #[error("the period is already over")]
    InThePast,
    /// Longer than a year.
    #[error("the period is longer than a year")]
    TooLong,
}

impl Period {
    /// A period from `starts` to `ends`, entered now: it must end after it starts, not be over
    /// already, and be at most a year long.
    pub fn new(starts: Timestamp, ends: Timestamp, now: Timestamp) -> Result<Self, PeriodError> {
        if ends <= starts {
            return Err(PeriodError::EndsBeforeStart);
        }
        if ends <= now {
            return Err(PeriodError::InThePast);
        }
        if ends.duration_since(starts) > LONGEST_PERIOD {
            return Err(PeriodError::TooLong);
        }
        Ok(Self { starts, ends })
    }

    /// Whether `t` falls inside.
    #[must_use]
    pub fn covers(&self, t: Timestamp) -> bool {
        self.starts <= t && t < self.ends
    }
}

/// A caseload cap as a supporter or coordinator sets it: at least one, at most [`MAX_CAP`].
pub fn cap(n: u32) -> Option<u32> {
    (1..=MAX_CAP).contains(&n).then_some(n)
}

/// The order in which supporters are proposed: for an urgent case, whoever is on call now comes
/// first (urgent needs answering around the clock, and the rota says who is ready to); otherwise
/// the ranking stands. Only eligible candidates are ever passed in, so nobody excluded is added.
#[must_use]
pub fn propose(mut ranked: Vec<Scored>, on_call: &HashSet<PersonId>, urgent: bool) -> Vec<Scored> {
    if urgent {
        // A stable sort keeps the ranking's order within each group.
        ranked.sort_by_key(|s| !on_call.contains(&s.person));
    }
    ranked
}

/// Whole days between `since` and `now` (none when never).
#[must_use]
pub fn days_since(since: Option<Timestamp>, now: Timestamp) -> Option<i64> {
    since.map(|t| now.duration_since(t).as_hours().max(0) / 24)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap()
    }

    fn days(n: i64) -> SignedDuration {
        SignedDuration::from_hours(24 * n)
    }

    #[test]
    fn the_lifecycle_goes_forward_one_step_at_a_time() {
        use SupporterStatus::*;
        assert!(Nominated.may_follow(None));
        assert!(!Active.may_follow(None));
        assert!(Approved.may_follow(Some(Nominated)));
        assert!(!Active.may_follow(Some(Nominated)), "no skipping training");
        assert!(Active.may_follow(Some(Paused)));
        assert!(Retired.may_follow(Some(Active)));
        assert!(!Active.may_follow(Some(Retired)), "a retired supporter is nominated again");
        assert!(Nominated.may_follow(Some(Retired)));
        assert!(!Active.may_follow(Some(Active)));
        assert!(SupporterStatus::ALL.iter().filter(|s| s.takes_cases()).eq([Active].iter()));
    }

    #[test]
    fn training_currency_and_the_refresher_notice() {
        assert_eq!(TrainingStatus::of(None, now()), TrainingStatus::Never);
        assert_eq!(TrainingStatus::of(Some(now()), now()).code(), "lapsed");
        assert_eq!(TrainingStatus::of(Some(now() + days(10)), now()).code(), "due_soon");
        assert_eq!(TrainingStatus::of(Some(now() + days(31)), now()).code(), "current");
        let soon = now() + days(10);
        assert!(refresher_due(soon, soon, false, now()));
        assert!(!refresher_due(soon, soon, true, now()), "reminded once");
        assert!(!refresher_due(soon, soon + days(365), false, now()), "already renewed");
        assert!(!refresher_due(now() + days(40), now() + days(40), false, now()), "not yet");
        assert!(!refresher_due(now(), now(), false, now()), "already lapsed");
    }

    #[test]
    fn periods_are_checked() {
        assert_eq!(Period::new(now(), now(), now()), Err(PeriodError::EndsBeforeStart));
        assert_eq!(Period::new(now() - days(3), now() - days(1), now()), Err(PeriodError::InThePast));
        assert_eq!(Period::new(now(), now() + days(400), now()), Err(PeriodError::TooLong));
        let p = Period::new(now() - days(1), now() + days(1), now()).unwrap();
        assert!(p.covers(now()) && !p.covers(now() + days(1)));
        assert_eq!(cap(0), None);
        assert_eq!(cap(3), Some(3));
        assert_eq!(cap(MAX_CAP + 1), None);
    }

    fn scored(n: usize) -> Vec<Scored> {
        (0..n)
            .map(|i| Scored {
                person: PersonId::generate(),
                cost: u32::try_from(i).unwrap(),
                reasons: Default::default(),
            })
            .collect()
    }

    proptest! {
        /// Urgent: everyone on call comes before everyone not on call, each group in ranking
        /// order; the same people, nobody added. Not urgent: the ranking unchanged.
        #[test]
        fn on_call_first_for_urgent_cases(flags in proptest::collection::vec(any::<bool>(), 0..30), urgent in any::<bool>()) {
            let ranked = scored(flags.len());
            let on_call: HashSet<PersonId> =
                ranked.iter().zip(&flags).filter(|(_, f)| **f).map(|(s, _)| s.person).collect();
            let out = propose(ranked.clone(), &on_call, urgent);
            prop_assert_eq!(out.len(), ranked.len());
            if urgent {
                let first_off = out.iter().position(|s| !on_call.contains(&s.person)).unwrap_or(out.len());
                prop_assert!(out[first_off..].iter().all(|s| !on_call.contains(&s.person)));
                prop_assert!(out[..first_off].windows(2).all(|w| w[0].cost <= w[1].cost));
                prop_assert!(out[first_off..].windows(2).all(|w| w[0].cost <= w[1].cost));
            } else {
                prop_assert_eq!(out, ranked);
            }
        }
    }
}
