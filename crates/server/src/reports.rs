//! The reports, shared by pages, CSV, the annual report, the API and the network view: each read
//! from the tallies and built (and suppressed, whole) by domain's `report`. Nothing here sees a
//! count that has not passed the suppression rule on its way out.

use jiff::Timestamp;
use reachin_domain::OrgId;
use reachin_domain::org::Organisation;
use reachin_domain::report::{
    self, GroupFigures, ProgrammeInput, ProgrammeReport, SupporterCounts, SurveyInput, SurveyReport,
};
use reachin_domain::roster::{SupporterStatus, TrainingStatus};
use reachin_store::surveys::{self, Wave};

use crate::error::AppResult;
use crate::state::AppState;

/// The year `now` falls in, in the organisation's zone.
#[must_use]
pub fn this_year(org: &Organisation, now: Timestamp) -> i16 {
    reachin_domain::counting::year_month(now, &org.time_zone.zone()).0
}

/// The years a report can be asked for: those with cases, and this year.
pub async fn years(state: &AppState, org: &Organisation) -> AppResult<Vec<i16>> {
    let mut years = reachin_store::tallies::years(&state.db, org.id).await?;
    let now = this_year(org, state.now());
    if !years.contains(&now) {
        years.insert(0, now);
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    Ok(years)
}

/// The roster's figures now.
async fn supporter_counts(state: &AppState, org: OrgId, now: Timestamp) -> AppResult<SupporterCounts> {
    let since = now - jiff::SignedDuration::from_hours(24 * 90);
    let roster = reachin_store::roster::report_figures(&state.db, org, since).await?;
    let mut c = SupporterCounts::default();
    for (status, trained_until, recent_cases) in roster {
        if status == SupporterStatus::Active {
            c.active += 1;
            if recent_cases > 0 {
                c.active_with_cases += 1;
            }
        }
        match TrainingStatus::of(trained_until, now) {
            TrainingStatus::Current(_) => c.training_current += 1,
            TrainingStatus::Never => c.training_never += 1,
            TrainingStatus::Lapsed(_) => c.training_lapsed += 1,
            _ => c.training_due += 1,
        }
    }
    Ok(c)
}

/// The programme report of one year.
pub async fn programme(state: &AppState, org: &Organisation, year: i16) -> AppResult<ProgrammeReport> {
    let tallies = reachin_store::tallies::year(&state.db, org.id, year).await?;
    let categories: Vec<String> = reachin_domain::intake::DEFAULT_CATEGORIES.iter().map(|c| (*c).to_owned()).collect();
    let departments = surveys::departments(&state.db, org.id).await?;
    let supporters = supporter_counts(state, org.id, state.now()).await?;
    let floor = crate::surveys::floor(state, org.id).await?;
    Ok(report::programme(
        floor,
        &ProgrammeInput { year, tallies: &tallies, categories: &categories, departments: &departments, supporters },
    ))
}

/// One wave's report. While the wave is open nothing is shown: a reader comparing the report
/// before and after someone answers would otherwise see that person's answers.
pub async fn survey(state: &AppState, org: &Organisation, wave: &Wave) -> AppResult<SurveyReport> {
    let tallies =
        if wave.is_open(state.now()) { Vec::new() } else { surveys::tallies(&state.db, org.id, wave.id).await? };
    let form = crate::surveys::form_of(wave)?;
    let departments = surveys::departments(&state.db, org.id).await?;
    let floor = crate::surveys::floor(state, org.id).await?;
    Ok(report::survey(floor, &SurveyInput { form: &form, tallies: &tallies, departments: &departments }))
}

/// A wave's answers as a reader may see them: the whole wave's respondents from its suppressed
/// report (never the raw count, which may be held back as a complement elsewhere).
/// While the wave is open, only its progress shows: the count, once it reaches the floor.
pub async fn answered(state: &AppState, org: &Organisation, wave: &Wave) -> AppResult<Option<u64>> {
    if wave.is_open(state.now()) {
        let floor = crate::surveys::floor(state, org.id).await?;
        return Ok((wave.answered >= u64::from(floor)).then_some(wave.answered));
    }
    let departments = surveys::departments(&state.db, org.id).await?;
    let floor = crate::surveys::floor(state, org.id).await?;
    Ok(whole(state, org, wave, &departments, floor).await?.respondents)
}

/// A wave's whole-wave figures, suppressed exactly as its full report is: the rule depends only
/// on the groups' respondents, which are read in full; the groups' other measures are not read.
async fn whole(
    state: &AppState,
    org: &Organisation,
    wave: &Wave,
    departments: &[String],
    floor: u32,
) -> AppResult<GroupFigures> {
    let tallies = if wave.is_open(state.now()) {
        Vec::new()
    } else {
        surveys::whole_wave_tallies(&state.db, org.id, wave.id).await?
    };
    let form = crate::surveys::form_of(wave)?;
    Ok(report::survey(floor, &SurveyInput { form: &form, tallies: &tallies, departments }).whole)
}

/// How many waves the trend shows.
pub const TREND_WAVES: usize = 12;

/// The latest waves, oldest first, each with its whole-wave figures (for the trend across
/// waves).
pub async fn trend(state: &AppState, org: &Organisation) -> AppResult<Vec<(Wave, GroupFigures)>> {
    let mut waves = surveys::waves(&state.db, org.id).await?;
    waves.truncate(TREND_WAVES);
    waves.reverse();
    let departments = surveys::departments(&state.db, org.id).await?;
    let floor = crate::surveys::floor(state, org.id).await?;
    let mut out = Vec::with_capacity(waves.len());
    for w in waves {
        let figures = whole(state, org, &w, &departments, floor).await?;
        out.push((w, figures));
    }
    Ok(out)
}
