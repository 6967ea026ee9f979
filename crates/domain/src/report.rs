//! The reports leaders and coordinators read: the programme report (a year of cases) and the
//! survey report (a wave's answers). Each is built from tallies as one set of count cells with
//! the exact relations between them, and passes through `suppression::suppress` once, whole, so
//! that every breakdown a reader can choose (by month and source, category, department,
//! profession, outcome; a wave by department, profession or grade) is suppressed consistently.
//! Nothing here returns a count or a derived figure that did not pass through `Shown`.

use std::collections::{BTreeMap, BTreeSet};

use crate::case::{OutcomeKind, ResourceKind, Source};
use crate::counting::{Figure, HELPFUL_ANSWERS, month_key};
use crate::directory::{Grade, Profession};
use crate::suppression::{Cell, Figures, Shown, suppress};
use crate::survey::{Form, Histogram};

/// The roster's figures the programme report shows (as they are now).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SupporterCounts {
    /// Active supporters.
    pub active: u64,
    /// Active supporters with at least one case in the last 90 days.
    pub active_with_cases: u64,
    /// Supporters whose training is current.
    pub training_current: u64,
    /// Supporters due a refresher.
    pub training_due: u64,
    /// Supporters whose training lapsed.
    pub training_lapsed: u64,
    /// Supporters never trained.
    pub training_never: u64,
}

/// What a programme report is made from.
#[derive(Debug, Clone)]
pub struct ProgrammeInput<'a> {
    /// The year.
    pub year: i16,
    /// The year's tallies: (figure, key, count).
    pub tallies: &'a [(Figure, String, u64)],
    /// The organisation's event categories (so an empty one reads like a held-back one).
    pub categories: &'a [String],
    /// The departments of the directory (likewise).
    pub departments: &'a [String],
    /// The roster now.
    pub supporters: SupporterCounts,
}

/// One month of the programme report.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthFigures {
    /// 1–12.
    pub month: i8,
    /// Cases received.
    pub referrals: Option<u64>,
    /// Cases received by source, in `Source::ALL` order.
    pub by_source: Vec<Option<u64>>,
    /// Share of the month's contacted cases first contacted within the time target.
    pub within_target: Option<f64>,
}

/// The programme report for one year: every figure already suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeReport {
    /// The year.
    pub year: i16,
    /// Cases received in the year.
    pub referrals: Option<u64>,
    /// Month by month.
    pub months: Vec<MonthFigures>,
    /// The year's cases by source.
    pub sources: Vec<(Source, Option<u64>)>,
    /// By event category.
    pub categories: Vec<(String, Option<u64>)>,
    /// Reach: by the clinician's department ("" = not recorded).
    pub departments: Vec<(String, Option<u64>)>,
    /// Reach: by profession code ("" = not recorded).
    pub professions: Vec<(String, Option<u64>)>,
    /// Where the year's cases stand: open, withdrawn, and each outcome.
    pub statuses: Vec<(&'static str, Option<u64>)>,
    /// Closed cases.
    pub closed: Option<u64>,
    /// Share of closed cases where support was taken (supported or referred on).
    pub acceptance_rate: Option<f64>,
    /// Share of closed cases where support was declined.
    pub decline_rate: Option<f64>,
    /// Share of the year's cases ever escalated.
    pub escalation_rate: Option<f64>,
    /// Share of closed cases referred on to further help.
    pub onward_rate: Option<f64>,
    /// Cases where each kind of further help was taken up, and its share of closed cases.
    pub onward: Vec<(ResourceKind, Option<u64>, Option<f64>)>,
    /// Cases first contacted.
    pub contacted: Option<u64>,
    /// Median hours from receipt to first contact.
    pub median_hours_to_first_contact: Option<f64>,
    /// Share first contacted within the time target.
    pub within_target: Option<f64>,
    /// Median interactions per supported case.
    pub median_interactions: Option<f64>,
    /// Mean interactions per supported case.
    pub mean_interactions: Option<f64>,
    /// Feedback answers received.
    pub feedback_answers: Option<u64>,
    /// Share who found support helpful.
    pub helpful: Option<f64>,
    /// Active supporters.
    pub supporters_active: Option<u64>,
    /// Share of active supporters with a case in the last 90 days.
    pub utilisation: Option<f64>,
    /// Share of supporters whose training is current.
    pub training_current: Option<f64>,
}

/// The statuses a case received in a year can be in (a partition of the year's cases).
pub const STATUSES: [&str; 7] =
    ["open", "withdrawn", "supported", "declined", "no_response", "referred_on", "self_resolved"];

fn tally(t: &[(Figure, String, u64)], figure: Figure) -> impl Iterator<Item = (&str, u64)> {
    t.iter().filter(move |(f, _, _)| *f == figure).map(|(_, k, n)| (k.as_str(), *n))
}

fn count_of(t: &[(Figure, String, u64)], figure: Figure, key: &str) -> u64 {
    tally(t, figure).filter(|(k, _)| *k == key).map(|(_, n)| n).sum()
}

/// Keys of a figure together with the names that should always be listed, sorted, unique.
fn keys_with(t: &[(Figure, String, u64)], figure: Figure, always: &[String]) -> Vec<String> {
    let mut keys: BTreeSet<String> = always.iter().cloned().collect();
    keys.extend(tally(t, figure).map(|(k, _)| k.to_owned()));
    keys.into_iter().collect()
}

/// Builds, suppresses and reads the programme report.
#[must_use]
pub fn programme(floor: u32, input: &ProgrammeInput<'_>) -> ProgrammeReport {
    let t = input.tallies;
    let mut f = Figures::new();
    // Month × source, with both margins and the year's total.
    let mut grid = [[0_u64; 5]; 12];
    for (key, n) in tally(t, Figure::Received) {
        if let Some((m, source)) = month_key(key)
            && let Some(s) = Source::ALL.iter().position(|s| s.code() == source)
            && let Some(row) = grid.get_mut(usize::try_from(m - 1).unwrap_or(0))
            && let Some(c) = row.get_mut(s)
        {
            *c += n;
        }
    }
    let total_count: u64 = grid.iter().flatten().sum();
    let total = f.cell(total_count);
    let grid_cells: Vec<Vec<Cell>> = grid.iter().map(|row| row.iter().map(|n| f.cell(*n)).collect()).collect();
    let month_cells: Vec<Cell> = grid.iter().map(|row| f.cell(row.iter().sum())).collect();
    let source_cells: Vec<Cell> =
        (0..Source::ALL.len()).map(|s| f.cell(grid.iter().map(|row| row.get(s).copied().unwrap_or(0)).sum())).collect();
    for (m, cells) in grid_cells.iter().enumerate() {
        if let Some(whole) = month_cells.get(m) {
            f.relate(*whole, cells);
        }
    }
    for (s, whole) in source_cells.iter().enumerate() {
        let parts: Vec<Cell> = grid_cells.iter().filter_map(|row| row.get(s).copied()).collect();
        f.relate(*whole, &parts);
    }
    f.relate(total, &month_cells);
    f.relate(total, &source_cells);
    // One-dimensional partitions of the year's cases.
    let partition = |f: &mut Figures, figure: Figure, keys: &[String]| -> Vec<(String, Cell)> {
        let cells: Vec<(String, Cell)> = keys.iter().map(|k| (k.clone(), f.cell(count_of(t, figure, k)))).collect();
        let parts: Vec<Cell> = cells.iter().map(|(_, c)| *c).collect();
        f.relate(total, &parts);
        cells
    };
    let categories = partition(&mut f, Figure::Category, &keys_with(t, Figure::Category, input.categories));
    let departments = partition(&mut f, Figure::Department, &keys_with(t, Figure::Department, input.departments));
    let all_professions: Vec<String> = Profession::ALL.iter().map(|p| p.code().to_owned()).collect();
    let professions = partition(&mut f, Figure::Profession, &keys_with(t, Figure::Profession, &all_professions));
    let status_keys: Vec<String> = STATUSES.iter().map(|s| (*s).to_owned()).collect();
    let statuses = partition(&mut f, Figure::Status, &status_keys);
    let status_cell = |code: &str| statuses.iter().find(|(k, _)| k == code).map(|(_, c)| *c);
    // Closed = the outcomes; accepted = supported + referred on.
    let outcome_cells: Vec<Cell> = OutcomeKind::ALL.iter().filter_map(|o| status_cell(o.code())).collect();
    let closed = f.cell(OutcomeKind::ALL.iter().map(|o| count_of(t, Figure::Status, o.code())).sum());
    f.relate(closed, &outcome_cells);
    let taken: Vec<Cell> =
        [OutcomeKind::Supported, OutcomeKind::ReferredOn].iter().filter_map(|o| status_cell(o.code())).collect();
    let accepted = f.cell(count_of(t, Figure::Status, "supported") + count_of(t, Figure::Status, "referred_on"));
    f.relate(accepted, &taken);
    // Escalation.
    let escalated = f.cell(count_of(t, Figure::Escalated, "1"));
    let not_escalated = f.cell(count_of(t, Figure::Escalated, "0"));
    f.relate(total, &[escalated, not_escalated]);
    // First contact, by month: within, late, and not (yet) contacted partition each month.
    let mut within = [0_u64; 12];
    let mut late = [0_u64; 12];
    for (key, n) in tally(t, Figure::WithinTarget) {
        if let Some((m, w)) = month_key(key) {
            let slot = usize::try_from(m - 1).unwrap_or(0);
            let arr = if w == "1" { &mut within } else { &mut late };
            if let Some(c) = arr.get_mut(slot) {
                *c += n;
            }
        }
    }
    let mut month_contacted = Vec::new();
    let mut within_cells = Vec::new();
    for m in 0..12 {
        let w = within.get(m).copied().unwrap_or(0);
        let l = late.get(m).copied().unwrap_or(0);
        let received = grid.get(m).map(|r| r.iter().sum::<u64>()).unwrap_or(0);
        let wc = f.cell(w);
        let lc = f.cell(l);
        let contacted = f.cell(w + l);
        let not_contacted = f.cell(received.saturating_sub(w + l));
        f.relate(contacted, &[wc, lc]);
        if let Some(whole) = month_cells.get(m) {
            f.relate(*whole, &[contacted, not_contacted]);
        }
        month_contacted.push(contacted);
        within_cells.push(wc);
    }
    let contacted = f.cell(within.iter().sum::<u64>() + late.iter().sum::<u64>());
    f.relate(contacted, &month_contacted);
    let within_all = f.cell(within.iter().sum());
    f.relate(within_all, &within_cells);
    // Interactions of supported cases (a cell of its own: not every supported case has a count).
    let interactions = histogram(tally(t, Figure::Interactions));
    let with_interactions = f.cell(interactions.n());
    let first_contact = histogram(tally(t, Figure::FirstContact));
    // Further help taken up, by kind (each a cell of its own: a case can take up several).
    let onward: Vec<(ResourceKind, Cell)> =
        ResourceKind::ALL.iter().map(|r| (*r, f.cell(count_of(t, Figure::Onward, r.code())))).collect();
    // Helpfulness: the five answers partition the answers; 4 and 5 count as helpful.
    let answer_cells: Vec<(String, Cell)> =
        (1..=5).map(|a: i32| (a.to_string(), f.cell(count_of(t, Figure::Helpful, &a.to_string())))).collect();
    let answers = f.cell(tally(t, Figure::Helpful).map(|(_, n)| n).sum());
    f.relate(answers, &answer_cells.iter().map(|(_, c)| *c).collect::<Vec<_>>());
    let helpful = f.cell(HELPFUL_ANSWERS.iter().map(|a| count_of(t, Figure::Helpful, a)).sum());
    let helpful_parts: Vec<Cell> =
        answer_cells.iter().filter(|(a, _)| HELPFUL_ANSWERS.contains(&a.as_str())).map(|(_, c)| *c).collect();
    f.relate(helpful, &helpful_parts);
    // Supporters.
    let s = input.supporters;
    let active = f.cell(s.active);
    let busy = f.cell(s.active_with_cases);
    let idle = f.cell(s.active.saturating_sub(s.active_with_cases));
    f.relate(active, &[busy, idle]);
    let rostered = f.cell(s.training_current + s.training_due + s.training_lapsed + s.training_never);
    let trained = f.cell(s.training_current);
    let training_rest: Vec<Cell> =
        [s.training_due, s.training_lapsed, s.training_never].iter().map(|n| f.cell(*n)).collect();
    let mut training_parts = vec![trained];
    training_parts.extend(training_rest);
    f.relate(rostered, &training_parts);

    let shown = suppress(floor, &f);
    let read = |cells: &[(String, Cell)]| -> Vec<(String, Option<u64>)> {
        cells.iter().map(|(k, c)| (k.clone(), shown.count(*c))).collect()
    };
    ProgrammeReport {
        year: input.year,
        referrals: shown.count(total),
        months: (0..12)
            .map(|m| MonthFigures {
                month: i8::try_from(m + 1).unwrap_or(1),
                referrals: month_cells.get(m).and_then(|c| shown.count(*c)),
                by_source: grid_cells
                    .get(m)
                    .map(|row| row.iter().map(|c| shown.count(*c)).collect())
                    .unwrap_or_default(),
                within_target: match (within_cells.get(m), month_contacted.get(m)) {
                    (Some(w), Some(c)) => shown.share(*w, *c),
                    _ => None,
                },
            })
            .collect(),
        sources: Source::ALL.iter().zip(&source_cells).map(|(s, c)| (*s, shown.count(*c))).collect(),
        categories: read(&categories),
        departments: read(&departments),
        professions: read(&professions),
        statuses: STATUSES.iter().map(|code| (*code, status_cell(code).and_then(|c| shown.count(c)))).collect(),
        closed: shown.count(closed),
        acceptance_rate: shown.share(accepted, closed),
        decline_rate: status_cell("declined").and_then(|c| shown.share(c, closed)),
        escalation_rate: shown.share(escalated, total),
        onward_rate: status_cell("referred_on").and_then(|c| shown.share(c, closed)),
        onward: onward.iter().map(|(r, c)| (*r, shown.count(*c), shown.share(*c, closed))).collect(),
        contacted: shown.count(contacted),
        median_hours_to_first_contact: first_contact
            .median()
            .and_then(|m| shown.reveal(contacted, (m / 60.0 * 10.0).round() / 10.0)),
        within_target: shown.share(within_all, contacted),
        median_interactions: interactions.median().and_then(|m| shown.reveal(with_interactions, m)),
        mean_interactions: interactions.mean().and_then(|m| shown.reveal(with_interactions, (m * 10.0).round() / 10.0)),
        feedback_answers: shown.count(answers),
        helpful: shown.share(helpful, answers),
        supporters_active: shown.count(active),
        utilisation: shown.share(busy, active),
        training_current: shown.share(trained, rostered),
    }
}

fn histogram<'a>(pairs: impl Iterator<Item = (&'a str, u64)>) -> Histogram {
    Histogram::from_pairs(pairs.filter_map(|(k, n)| k.parse::<i64>().ok().map(|v| (v, n))))
}

/// A survey report's breakdowns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Breakdown {
    /// By department.
    Department,
    /// By profession.
    Profession,
    /// By grade.
    Grade,
}

impl Breakdown {
    /// Every breakdown, in the order pages offer them.
    pub const ALL: [Breakdown; 3] = [Breakdown::Department, Breakdown::Profession, Breakdown::Grade];

    /// The stable code (query parameter, tally dimension).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Breakdown::Department => "department",
            Breakdown::Profession => "profession",
            Breakdown::Grade => "grade",
        }
    }

    /// The breakdown of a code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Breakdown> {
        Breakdown::ALL.into_iter().find(|b| b.code() == code)
    }
}

/// One question's figures for a group.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionFigures {
    /// The question's code.
    pub code: String,
    /// The mean answer.
    pub mean: Option<f64>,
    /// The share giving each option, in the question's option order.
    pub shares: Vec<Option<f64>>,
}

/// A group's survey figures (the whole wave, or one department, profession or grade).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFigures {
    /// The group ("" = the whole wave, or not recorded).
    pub group: String,
    /// Respondents.
    pub respondents: Option<u64>,
    /// Share at burnout on the single-item measure (level 3 or worse).
    pub burnout: Option<f64>,
    /// Mean Mini-Z total (10–50).
    pub mini_z: Option<f64>,
    /// Mean Mini-Z supportive work environment subscale (5–25).
    pub supportive_environment: Option<f64>,
    /// Mean Mini-Z work pace and EMR stress subscale (5–25).
    pub work_pace: Option<f64>,
    /// Share at burnout on Mini-Z's burnout item.
    pub mini_z_burnout: Option<f64>,
    /// Every question's mean and answer shares.
    pub questions: Vec<QuestionFigures>,
}

/// What a survey report is made from.
#[derive(Debug, Clone)]
pub struct SurveyInput<'a> {
    /// What the wave asked.
    pub form: &'a Form,
    /// The wave's tallies: (dimension, group, measure, value, count).
    pub tallies: &'a [(String, String, String, i64, u64)],
    /// The departments of the directory (so an empty one reads like a held-back one).
    pub departments: &'a [String],
}

/// A wave's report: every figure already suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyReport {
    /// The whole wave.
    pub whole: GroupFigures,
    /// Each breakdown's groups.
    pub breakdowns: Vec<(Breakdown, Vec<GroupFigures>)>,
}

impl SurveyReport {
    /// The groups of one breakdown.
    #[must_use]
    pub fn by(&self, b: Breakdown) -> &[GroupFigures] {
        self.breakdowns.iter().find(|(k, _)| *k == b).map(|(_, g)| g.as_slice()).unwrap_or(&[])
    }
}

type Measures = BTreeMap<String, BTreeMap<i64, u64>>;

/// Builds, suppresses and reads a wave's report: the whole wave and every breakdown together.
#[must_use]
pub fn survey(floor: u32, input: &SurveyInput<'_>) -> SurveyReport {
    let mut groups: BTreeMap<(String, String), Measures> = BTreeMap::new();
    for (dim, grp, measure, value, n) in input.tallies {
        *groups
            .entry((dim.clone(), grp.clone()))
            .or_default()
            .entry(measure.clone())
            .or_default()
            .entry(*value)
            .or_default() += n;
    }
    let respondents =
        |m: Option<&Measures>| -> u64 { m.and_then(|m| m.get("respondents")).map(|h| h.values().sum()).unwrap_or(0) };
    let empty = Measures::new();
    let whole_measures = groups.get(&("all".to_owned(), String::new())).unwrap_or(&empty);
    let mut f = Figures::new();
    let whole = f.cell(respondents(Some(whole_measures)));
    let mut cells: Vec<(Breakdown, Vec<(String, Cell)>)> = Vec::new();
    for b in Breakdown::ALL {
        let always: Vec<String> = match b {
            Breakdown::Department => input.departments.to_vec(),
            Breakdown::Profession => Profession::ALL.iter().map(|p| p.code().to_owned()).collect(),
            Breakdown::Grade => Grade::ALL.iter().map(|g| g.code().to_owned()).collect(),
        };
        let mut names: BTreeSet<String> = always.into_iter().collect();
        names.extend(groups.keys().filter(|(d, _)| d == b.code()).map(|(_, g)| g.clone()));
        let row: Vec<(String, Cell)> = names
            .into_iter()
            .map(|g| {
                let n = respondents(groups.get(&(b.code().to_owned(), g.clone())));
                (g, f.cell(n))
            })
            .collect();
        let parts: Vec<Cell> = row.iter().map(|(_, c)| *c).collect();
        f.relate(whole, &parts);
        cells.push((b, row));
    }
    let shown = suppress(floor, &f);
    let figures = |group: &str, cell: Cell, m: &Measures| group_figures(input.form, &shown, group, cell, m);
    SurveyReport {
        whole: figures("", whole, whole_measures),
        breakdowns: cells
            .iter()
            .map(|(b, row)| {
                let rows = row
                    .iter()
                    .map(|(g, c)| figures(g, *c, groups.get(&(b.code().to_owned(), g.clone())).unwrap_or(&empty)))
                    .collect();
                (*b, rows)
            })
            .collect(),
    }
}

fn group_figures(form: &Form, shown: &Shown, group: &str, cell: Cell, m: &Measures) -> GroupFigures {
    let hist = |code: &str| {
        Histogram::from_pairs(
            m.get(code).map(|h| h.iter().map(|(v, n)| (*v, *n)).collect::<Vec<_>>()).unwrap_or_default(),
        )
    };
    let mean = |code: &str| hist(code).mean().and_then(|v| shown.reveal(cell, (v * 10.0).round() / 10.0));
    let questions = form
        .questions()
        .iter()
        .map(|q| {
            let h = hist(&format!("item.{}", q.code.as_str()));
            let n = h.n();
            QuestionFigures {
                code: q.code.as_str().to_owned(),
                mean: h.mean().and_then(|v| shown.reveal(cell, (v * 10.0).round() / 10.0)),
                shares: q
                    .options
                    .iter()
                    .map(|(value, _)| {
                        let c = m
                            .get(&format!("item.{}", q.code.as_str()))
                            .and_then(|h| h.get(&i64::from(*value)))
                            .copied()
                            .unwrap_or(0);
                        (n > 0).then(|| c as f64 / n as f64).and_then(|s| shown.reveal(cell, s))
                    })
                    .collect(),
            }
        })
        .collect();
    GroupFigures {
        group: group.to_owned(),
        respondents: shown.count(cell),
        burnout: if form.burnout() {
            hist("burnout").share_at_least(3).and_then(|s| shown.reveal(cell, s))
        } else {
            None
        },
        mini_z: if form.mini_z() { mean("mini_z.total") } else { None },
        supportive_environment: if form.mini_z() { mean("mini_z.swe") } else { None },
        work_pace: if form.mini_z() { mean("mini_z.pace") } else { None },
        mini_z_burnout: if form.mini_z() {
            hist("mini_z.burnout").share_at_least(1).and_then(|s| shown.reveal(cell, s))
        } else {
            None
        },
        questions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suppression::tests::assert_safe;
    use proptest::prelude::*;

    /// A year of cases, as tallies: (month, source, category, department, profession, status,
    /// escalated, contacted within target or not).
    type Case = (i8, usize, usize, usize, usize, usize, bool, Option<bool>);

    fn tallies_of(cases: &[Case]) -> Vec<(Figure, String, u64)> {
        let mut t: BTreeMap<(Figure, String), u64> = BTreeMap::new();
        let mut add = |f: Figure, k: String| *t.entry((f, k)).or_default() += 1;
        for &(m, s, c, d, p, st, esc, fc) in cases {
            add(Figure::Received, format!("{m:02}|{}", Source::ALL[s].code()));
            add(Figure::Category, format!("cat{c}"));
            add(Figure::Department, format!("dept{d}"));
            add(Figure::Profession, Profession::ALL[p].code().to_owned());
            add(Figure::Status, STATUSES[st].to_owned());
            add(Figure::Escalated, if esc { "1" } else { "0" }.to_owned());
            if let Some(w) = fc {
                add(Figure::WithinTarget, format!("{m:02}|{}", u8::from(w)));
                add(Figure::FirstContact, "90".to_owned());
            }
        }
        t.into_iter().map(|((f, k), n)| (f, k, n)).collect()
    }

    fn case() -> impl Strategy<Value = Case> {
        (1_i8..=12, 0..5_usize, 0..4_usize, 0..4_usize, 0..3_usize, 0..7_usize, any::<bool>(), any::<Option<bool>>())
    }

    /// What a reader knows: every served figure, and the relations their meaning implies.
    /// Rebuilt here from the served report (not from the code that built it), with the true
    /// counts beside them for the attacker's judge.
    fn served_programme(cases: &[Case], r: &ProgrammeReport) -> (Figures, Shown) {
        let mut f = Figures::new();
        let mut served: Vec<Option<u64>> = Vec::new();
        let mut cell = |f: &mut Figures, truth: u64, shown: Option<u64>| {
            served.push(shown);
            f.cell(truth)
        };
        let count = |pred: &dyn Fn(&Case) -> bool| cases.iter().filter(|c| pred(c)).count() as u64;
        let total = cell(&mut f, cases.len() as u64, r.referrals);
        let mut months = Vec::new();
        let mut grid = Vec::new();
        for (m, mf) in r.months.iter().enumerate() {
            let month = i8::try_from(m + 1).unwrap();
            months.push(cell(&mut f, count(&|c| c.0 == month), mf.referrals));
            let row: Vec<Cell> =
                (0..5).map(|s| cell(&mut f, count(&|c| c.0 == month && c.1 == s), mf.by_source[s])).collect();
            grid.push(row);
        }
        for (m, row) in grid.iter().enumerate() {
            f.relate(months[m], row);
        }
        let sources: Vec<Cell> = (0..5).map(|s| cell(&mut f, count(&|c| c.1 == s), r.sources[s].1)).collect();
        for (s, whole) in sources.iter().enumerate() {
            let parts: Vec<Cell> = grid.iter().map(|row| row[s]).collect();
            f.relate(*whole, &parts);
        }
        f.relate(total, &months);
        f.relate(total, &sources);
        let mut partition = |f: &mut Figures, served: &[(String, Option<u64>)], pred: &dyn Fn(&Case, &str) -> bool| {
            let parts: Vec<Cell> =
                served.iter().map(|(k, n)| cell(f, cases.iter().filter(|c| pred(c, k)).count() as u64, *n)).collect();
            f.relate(total, &parts);
        };
        partition(&mut f, &r.categories, &|c, k| format!("cat{}", c.2) == k);
        partition(&mut f, &r.departments, &|c, k| format!("dept{}", c.3) == k);
        partition(&mut f, &r.professions, &|c, k| Profession::ALL[c.4].code() == k);
        let statuses: Vec<(String, Option<u64>)> = r.statuses.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect();
        let status_cells: Vec<Cell> = statuses
            .iter()
            .map(|(k, n)| cell(&mut f, cases.iter().filter(|c| STATUSES[c.5] == k).count() as u64, *n))
            .collect();
        f.relate(total, &status_cells);
        // Closed, and the acceptance, decline and escalation rates turned back into counts.
        let closed = cell(&mut f, count(&|c| c.5 >= 2), r.closed);
        f.relate(closed, &status_cells[2..]);
        let times = |rate: Option<f64>, of: Option<u64>| match (rate, of) {
            (Some(rate), Some(n)) => Some((rate * n as f64).round() as u64),
            _ => None,
        };
        let accepted = cell(&mut f, count(&|c| c.5 == 2 || c.5 == 5), times(r.acceptance_rate, r.closed));
        f.relate(accepted, &[status_cells[2], status_cells[5]]);
        let escalated = cell(&mut f, count(&|c| c.6), times(r.escalation_rate, r.referrals));
        let calm = cell(&mut f, count(&|c| !c.6), None);
        f.relate(total, &[escalated, calm]);
        let contacted = cell(&mut f, count(&|c| c.7.is_some()), r.contacted);
        let within = cell(&mut f, count(&|c| c.7 == Some(true)), times(r.within_target, r.contacted));
        let late = cell(&mut f, count(&|c| c.7 == Some(false)), None);
        f.relate(contacted, &[within, late]);
        (f, Shown::served(served))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// A randomised differencing attack on the served programme report (subtracting served
        /// figures, eliminating, bounding) never recovers a group of cases under the floor.
        #[test]
        fn the_served_programme_report_gives_no_small_group_away(
            cases in prop::collection::vec(case(), 0..160),
            floor in 5_u32..=12,
            seed in any::<u64>(),
        ) {
            let tallies = tallies_of(&cases);
            let categories: Vec<String> = (0..4).map(|c| format!("cat{c}")).collect();
            let departments: Vec<String> = (0..4).map(|d| format!("dept{d}")).collect();
            let r = programme(floor, &ProgrammeInput {
                year: 2026,
                tallies: &tallies,
                categories: &categories,
                departments: &departments,
                supporters: SupporterCounts::default(),
            });
            let (figures, shown) = served_programme(&cases, &r);
            assert_safe(&figures, &shown, floor, seed);
        }

        /// The same attack on a wave's report, over all three breakdowns at once.
        #[test]
        fn the_served_survey_report_gives_no_small_group_away(
            people in prop::collection::vec((0..5_usize, 0..7_usize, 0..5_usize, 1_i64..=5), 0..120),
            floor in 5_u32..=12,
            seed in any::<u64>(),
        ) {
            let form = Form::new(true, false, Vec::new()).unwrap();
            let mut tallies: BTreeMap<(String, String, String, i64), u64> = BTreeMap::new();
            for &(d, p, g, level) in &people {
                let groups = [
                    ("all", String::new()),
                    ("department", format!("dept{d}")),
                    ("profession", Profession::ALL[p].code().to_owned()),
                    ("grade", Grade::ALL[g].code().to_owned()),
                ];
                for (dim, grp) in groups {
                    *tallies.entry((dim.into(), grp.clone(), "respondents".into(), 0)).or_default() += 1;
                    *tallies.entry((dim.into(), grp, "burnout".into(), level)).or_default() += 1;
                }
            }
            let tallies: Vec<_> = tallies.into_iter().map(|((d, g, m, v), n)| (d, g, m, v, n)).collect();
            let departments: Vec<String> = (0..5).map(|d| format!("dept{d}")).collect();
            let r = survey(floor, &SurveyInput { form: &form, tallies: &tallies, departments: &departments });
            let mut f = Figures::new();
            let mut served = vec![r.whole.respondents];
            let whole = f.cell(people.len() as u64);
            for b in Breakdown::ALL {
                let mut parts = Vec::new();
                for g in r.by(b) {
                    let truth = people
                        .iter()
                        .filter(|&&(d, p, gr, _)| match b {
                            Breakdown::Department => format!("dept{d}") == g.group,
                            Breakdown::Profession => Profession::ALL[p].code() == g.group,
                            Breakdown::Grade => Grade::ALL[gr].code() == g.group,
                        })
                        .count() as u64;
                    served.push(g.respondents);
                    parts.push(f.cell(truth));
                    // A held-back group's figures are held back with it.
                    prop_assert!(g.respondents.is_some() || g.burnout.is_none());
                }
                f.relate(whole, &parts);
            }
            assert_safe(&f, &Shown::served(served), floor, seed);
        }
    }

    #[test]
    fn a_year_of_figures_reads_back_with_its_rates() {
        // 40 cases in March, all self-referred, all in one department, all nurses; 30 closed
        // supported and 10 declined; 12 escalated; 20 contacted within the target, 20 late.
        let mut cases = Vec::new();
        for i in 0..40 {
            cases.push((3, 0, 0, 0, 1, if i < 30 { 2 } else { 3 }, i < 12, Some(i < 20)));
        }
        let tallies = tallies_of(&cases);
        let categories = vec!["cat0".to_owned()];
        let departments = vec!["dept0".to_owned()];
        let r = programme(
            10,
            &ProgrammeInput {
                year: 2026,
                tallies: &tallies,
                categories: &categories,
                departments: &departments,
                supporters: SupporterCounts::default(),
            },
        );
        assert_eq!(r.referrals, Some(40));
        assert_eq!(r.months[2].referrals, Some(40));
        assert_eq!(r.months[0].referrals, None, "an empty month reads like a held-back one");
        assert_eq!(r.closed, Some(40));
        assert_eq!(r.decline_rate, Some(0.25));
        assert_eq!(r.acceptance_rate, Some(0.75));
        assert_eq!(r.escalation_rate, Some(0.3));
        assert_eq!(r.within_target, Some(0.5));
        assert_eq!(r.median_hours_to_first_contact, Some(1.5));
        assert_eq!(r.months[2].within_target, Some(0.5));
        // The open count is 0: held back like any small group.
        assert_eq!(r.statuses[0], ("open", None));
    }
}
