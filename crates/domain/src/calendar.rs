//! The working-hours clock: when is a case due? Routine targets count only the organisation's
//! working hours (in its own time zone, skipping its holidays); urgent targets run around the
//! clock. Daylight-saving changes are handled by working in local civil time day by day.

use std::collections::BTreeSet;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::case::Urgency;
use crate::org::WorkingHours;

/// An organisation's working time: zone, hours, holidays.
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    zone: TimeZone,
    days: [bool; 7],
    start: Time,
    end: Time,
    holidays: BTreeSet<Date>,
}

/// The calendar cannot reach the target (no working time at all, or hours that do not parse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the working calendar has no working time to count")]
pub struct NoWorkingTime;

/// The time targets of a programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    /// First contact for a routine case, in working hours.
    pub routine_first_contact: SignedDuration,
    /// First contact for an urgent case, around the clock.
    pub urgent_first_contact: SignedDuration,
    /// How long a supporter has to accept an assignment, in working hours (routine).
    pub routine_accept: SignedDuration,
    /// How long a supporter has to accept an urgent assignment, around the clock.
    pub urgent_accept: SignedDuration,
    /// The follow-up check-in offered after first contact, in calendar days.
    pub follow_up_days: i64,
}

impl Default for Targets {
    /// product.md's defaults: 24 working hours, 1 hour urgent, follow-up at about two weeks.
    fn default() -> Self {
        Self {
            routine_first_contact: SignedDuration::from_hours(24),
            urgent_first_contact: SignedDuration::from_hours(1),
            routine_accept: SignedDuration::from_hours(4),
            urgent_accept: SignedDuration::from_mins(15),
            follow_up_days: 14,
        }
    }
}

impl WorkingCalendar {
    /// A calendar for `zone` with `hours` and `holidays` (local dates).
    pub fn new(
        zone: TimeZone,
        hours: &WorkingHours,
        holidays: impl IntoIterator<Item = Date>,
    ) -> Result<Self, NoWorkingTime> {
        let start = Time::strptime("%H:%M", &hours.start).map_err(|_| NoWorkingTime)?;
        let end = Time::strptime("%H:%M", &hours.end).map_err(|_| NoWorkingTime)?;
        if end <= start || hours.days.is_empty() {
            return Err(NoWorkingTime);
        }
        let mut days = [false; 7];
        for d in &hours.days {
            if let Some(slot) = usize::from(*d).checked_sub(1).and_then(|i| days.get_mut(i)) {
                *slot = true;
            }
        }
        Ok(Self { zone, days, start, end, holidays: holidays.into_iter().collect() })
    }

    fn is_working_date(&self, date: Date) -> bool {
        let index = usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0);
        self.days.get(index).copied().unwrap_or(false) && !self.holidays.contains(&date)
    }

    /// The instant a local date and time falls at (in a DST gap: the compatible, later instant).
    fn at(&self, date: Date, time: Time) -> Option<Timestamp> {
        date.to_datetime(time).to_zoned_datetime(self.zone.clone()).ok().map(|z| z.timestamp())
    }

    /// The instant when `amount` of working time has passed after `from`.
    pub fn add_working_time(&self, from: Timestamp, amount: SignedDuration) -> Result<Timestamp, NoWorkingTime> {
        let mut remaining = amount.max(SignedDuration::ZERO);
        let mut cursor = from;
        let mut date = from.to_zoned_datetime(self.zone.clone()).date();
        // Ten years of days is far beyond any target; it only stops a calendar of all holidays.
        for _ in 0..3660 {
            if self.is_working_date(date) {
                let (Some(open), Some(close)) = (self.at(date, self.start), self.at(date, self.end)) else {
                    return Err(NoWorkingTime);
                };
                let begin = cursor.max(open);
                if begin < close {
                    let available = close.duration_since(begin);
                    if remaining <= available {
                        return Ok(begin + remaining);
                    }
                    remaining -= available;
                }
            }
            date = date.tomorrow().map_err(|_| NoWorkingTime)?;
            cursor = cursor.max(self.at(date, Time::midnight()).ok_or(NoWorkingTime)?);
        }
        Err(NoWorkingTime)
    }

    /// When the first contact of a case received at `received` is due.
    pub fn first_contact_due(
        &self,
        targets: &Targets,
        urgency: Urgency,
        received: Timestamp,
    ) -> Result<Timestamp, NoWorkingTime> {
        match urgency {
            Urgency::Urgent => Ok(received + targets.urgent_first_contact),
            Urgency::Routine => self.add_working_time(received, targets.routine_first_contact),
        }
    }

    /// When an assignment made at `assigned` must be accepted by.
    pub fn accept_due(
        &self,
        targets: &Targets,
        urgency: Urgency,
        assigned: Timestamp,
    ) -> Result<Timestamp, NoWorkingTime> {
        match urgency {
            Urgency::Urgent => Ok(assigned + targets.urgent_accept),
            Urgency::Routine => self.add_working_time(assigned, targets.routine_accept),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn london() -> WorkingCalendar {
        let zone = TimeZone::get("Europe/London").unwrap();
        WorkingCalendar::new(zone, &WorkingHours::default(), []).unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn inside_one_working_day() {
        // Monday 30 Nov 2026, 10:00 London (UTC in winter): two working hours later is 12:00.
        let due = london().add_working_time(ts("2026-11-30T10:00:00Z"), SignedDuration::from_hours(2)).unwrap();
        assert_eq!(due, ts("2026-11-30T12:00:00Z"));
    }

    #[test]
    fn twenty_four_working_hours_is_three_working_days() {
        // Monday 09:00 + 24 working hours (8 a day) = Wednesday 17:00.
        let due = london().add_working_time(ts("2026-11-30T09:00:00Z"), SignedDuration::from_hours(24)).unwrap();
        assert_eq!(due, ts("2026-12-02T17:00:00Z"));
    }

    #[test]
    fn a_friday_evening_referral_waits_for_monday() {
        // Friday 4 Dec 2026 at 20:00: nothing counts until Monday 09:00; 2 hours → Monday 11:00.
        let due = london().add_working_time(ts("2026-12-04T20:00:00Z"), SignedDuration::from_hours(2)).unwrap();
        assert_eq!(due, ts("2026-12-07T11:00:00Z"));
    }

    #[test]
    fn holidays_are_skipped() {
        let zone = TimeZone::get("Europe/London").unwrap();
        let holidays = [Date::new(2026, 12, 25).unwrap(), Date::new(2026, 12, 28).unwrap()];
        let cal = WorkingCalendar::new(zone, &WorkingHours::default(), holidays).unwrap();
        // Thursday 24 Dec 16:00 + 2h: 1h on Thursday, Friday and Monday are holidays, so Tuesday 10:00.
        let due = cal.add_working_time(ts("2026-12-24T16:00:00Z"), SignedDuration::from_hours(2)).unwrap();
        assert_eq!(due, ts("2026-12-29T10:00:00Z"));
    }

    #[test]
    fn across_the_spring_daylight_saving_change() {
        // London moves to BST on Sunday 29 March 2026. Friday 27 March 16:00 GMT + 2 working hours:
        // 1h on Friday, then Monday 30 March 09:00 BST (08:00 UTC) + 1h = 09:00 UTC.
        let due = london().add_working_time(ts("2026-03-27T16:00:00Z"), SignedDuration::from_hours(2)).unwrap();
        assert_eq!(due, ts("2026-03-30T09:00:00Z"));
    }

    #[test]
    fn across_the_autumn_daylight_saving_change_in_new_york() {
        let zone = TimeZone::get("America/New_York").unwrap();
        let cal = WorkingCalendar::new(zone, &WorkingHours::default(), []).unwrap();
        // DST ends Sunday 1 Nov 2026. Friday 30 Oct 16:00 EDT (20:00 UTC) + 2h → Monday 2 Nov
        // 10:00 EST (15:00 UTC).
        let due = cal.add_working_time(ts("2026-10-30T20:00:00Z"), SignedDuration::from_hours(2)).unwrap();
        assert_eq!(due, ts("2026-11-02T15:00:00Z"));
    }

    #[test]
    fn urgent_cases_run_around_the_clock() {
        let cal = london();
        let t = Targets::default();
        let saturday_night = ts("2026-12-05T23:30:00Z");
        assert_eq!(cal.first_contact_due(&t, Urgency::Urgent, saturday_night).unwrap(), ts("2026-12-06T00:30:00Z"));
        assert_eq!(cal.first_contact_due(&t, Urgency::Routine, saturday_night).unwrap(), ts("2026-12-09T17:00:00Z"));
    }

    #[test]
    fn a_calendar_of_nothing_but_holidays_says_so() {
        let zone = TimeZone::UTC;
        let hours = WorkingHours { days: vec![1], ..WorkingHours::default() };
        let start = Date::new(2026, 1, 1).unwrap();
        let holidays = (0..4000).filter_map(|i| start.checked_add(jiff::Span::new().days(i)).ok());
        let cal = WorkingCalendar::new(zone, &hours, holidays).unwrap();
        assert_eq!(cal.add_working_time(ts("2026-01-01T00:00:00Z"), SignedDuration::from_hours(1)), Err(NoWorkingTime));
    }

    proptest! {
        /// Due dates never come before the start, grow with the amount, and land inside working
        /// hours on a working day (unless no time was asked for).
        #[test]
        fn due_dates_are_monotone_and_inside_working_hours(start in 1_700_000_000i64..1_900_000_000, mins in 1i64..10_000) {
            let cal = london();
            let from = Timestamp::from_second(start).unwrap();
            let a = cal.add_working_time(from, SignedDuration::from_mins(mins)).unwrap();
            let b = cal.add_working_time(from, SignedDuration::from_mins(mins + 30)).unwrap();
            prop_assert!(a > from);
            prop_assert!(b > a);
            let local = a.to_zoned_datetime(cal.zone.clone());
            prop_assert!(cal.is_working_date(local.date()));
            prop_assert!(local.time() > cal.start && local.time() <= cal.end);
        }
    }
}
