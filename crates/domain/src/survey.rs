//! Survey instruments and their scoring: the single-item burnout measure, Mini-Z 2.0, an
//! organisation's own items, the form a survey wave asks, the answers to it, the tallies a report
//! adds up and the reading a private self-check shows.
//!
//! The instruments are data here, so the pages, the scoring and the reports all read the same
//! texts and thresholds. Scoring is tested against worked examples rather than against itself.
//!
//! Instrument texts are kept as printed (American spelling included): they are validated
//! instruments, and rewording them would make the scores incomparable with published figures.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::codes::{UnknownCode, code_enum};
use crate::text::{TextError, single_line};

// ---------------------------------------------------------------------------------------------
// Histogram
// ---------------------------------------------------------------------------------------------

/// How many times each whole-number value was seen: what a report reads back from its tallies
/// (burnout levels, Mini-Z scores, minutes to first contact, interactions per case …).
///
/// Counts are `u64` and sums are taken in `u128`, so even very large counts neither overflow nor
/// lose the exact median.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram {
    counts: BTreeMap<i64, u64>,
}

impl Histogram {
    /// An empty histogram.
    #[must_use]
    pub fn new() -> Histogram {
        Histogram::default()
    }

    /// A histogram from (value, count) pairs; a value given twice has its counts added.
    #[must_use]
    pub fn from_pairs(pairs: impl IntoIterator<Item = (i64, u64)>) -> Histogram {
        let mut h = Histogram::new();
        for (value, count) in pairs {
            h.add(value, count);
        }
        h
    }

    /// Adds `count` sightings of `value` (a count that would pass `u64::MAX` stops there).
    pub fn add(&mut self, value: i64, count: u64) {
        // Zero counts are dropped so that equal multisets compare equal.
        if count == 0 {
            return;
        }
        let c = self.counts.entry(value).or_insert(0);
        *c = c.saturating_add(count);
    }

    /// The (value, count) pairs, lowest value first.
    pub fn counts(&self) -> impl Iterator<Item = (i64, u64)> + '_ {
        self.counts.iter().map(|(v, c)| (*v, *c))
    }

    /// How many times `value` was seen.
    #[must_use]
    pub fn count_of(&self, value: i64) -> u64 {
        self.counts.get(&value).copied().unwrap_or(0)
    }

    /// How many values in all (stops at `u64::MAX`).
    #[must_use]
    pub fn n(&self) -> u64 {
        u64::try_from(self.total()).unwrap_or(u64::MAX)
    }

    fn total(&self) -> u128 {
        self.counts.values().map(|c| u128::from(*c)).sum()
    }

    /// The mean, or `None` when empty.
    #[must_use]
    pub fn mean(&self) -> Option<f64> {
        let n = self.total();
        if n == 0 {
            return None;
        }
        // Exact in i128 (each product fits); only an astronomically large sum falls back to a
        // weighted mean in floating point.
        let exact = self
            .counts
            .iter()
            .try_fold(0i128, |sum, (v, c)| i128::from(*v).checked_mul(i128::from(*c)).and_then(|p| sum.checked_add(p)));
        Some(match exact {
            Some(sum) => sum as f64 / n as f64,
            None => self.counts.iter().map(|(v, c)| *v as f64 * (*c as f64 / n as f64)).sum(),
        })
    }

    /// The exact median of the multiset: the middle value, or the average of the two middle
    /// values when the count is even. `None` when empty.
    #[must_use]
    pub fn median(&self) -> Option<f64> {
        let n = self.total();
        if n == 0 {
            return None;
        }
        let low = self.value_at(n.checked_sub(1)? / 2)?;
        let high = self.value_at(n / 2)?;
        Some((i128::from(low) + i128::from(high)) as f64 / 2.0)
    }

    /// The value at a 0-based rank in sorted order.
    fn value_at(&self, rank: u128) -> Option<i64> {
        let mut seen = 0u128;
        for (v, c) in &self.counts {
            seen += u128::from(*c);
            if seen > rank {
                return Some(*v);
            }
        }
        None
    }

    /// The share (0 to 1) of values at or above `v`, or `None` when empty.
    #[must_use]
    pub fn share_at_least(&self, v: i64) -> Option<f64> {
        self.share(self.counts.range(v..).map(|(_, c)| u128::from(*c)).sum())
    }

    /// The share (0 to 1) of values at or below `v`, or `None` when empty.
    #[must_use]
    pub fn share_at_most(&self, v: i64) -> Option<f64> {
        self.share(self.counts.range(..=v).map(|(_, c)| u128::from(*c)).sum())
    }

    fn share(&self, part: u128) -> Option<f64> {
        let n = self.total();
        (n > 0).then(|| part as f64 / n as f64)
    }
}

impl FromIterator<(i64, u64)> for Histogram {
    fn from_iter<I: IntoIterator<Item = (i64, u64)>>(iter: I) -> Self {
        Histogram::from_pairs(iter)
    }
}

// ---------------------------------------------------------------------------------------------
// The single-item burnout measure
// ---------------------------------------------------------------------------------------------

// Source: the single-item measure from the Physician Work Life Study, validated against the
// Maslach Burnout Inventory's emotional exhaustion scale by Rohland, Kruse & Rohrer, Stress and
// Health 2004;20(2):75–79, in the short wording used by Mini-Z 1.0 and the American Board of
// Family Medicine (J Am Board Fam Med, 2016 questionnaire, Table 1, which also dichotomises it:
// levels 3 to 5 = burned out). Rohland's original wording is longer (level 2 "Occasionally I am
// under stress, and I don't always have as much energy as I once did …", level 5 "… often wonder
// if I can go on. I am at the point where I may need some changes or may need to seek some sort
// of help."); the short wording is the one Mini-Z users know. The stem is as given in our brief;
// some printed Mini-Z 1.0 forms read "… please choose one of the numbers below".

/// The single-item burnout measure's question.
pub const BURNOUT_QUESTION: &str = "Using your own definition of burnout, please choose one of the answers below:";

/// The single-item measure's answers, level 1 (no burnout) to level 5 (completely burned out).
pub const BURNOUT_LEVELS: [&str; 5] = [
    "I enjoy my work. I have no symptoms of burnout.",
    "I am under stress, and don't always have as much energy as I did, but I don't feel burned out.",
    "I am definitely burning out and have one or more symptoms of burnout, e.g. emotional exhaustion.",
    "The symptoms of burnout that I'm experiencing won't go away. I think about work frustrations a lot.",
    "I feel completely burned out. I am at the point where I may need to seek help.",
];

/// The lowest level that counts as burnout (the published dichotomy: 3, 4 and 5).
pub const BURNOUT_FROM_LEVEL: u8 = 3;

/// From this level the self-check suggests seeking help. Our reading, not the instrument's: it
/// mirrors the Mini-Z 2.0 footnote on its reversed burnout item (options 1 and 2 there are levels
/// 5 and 4 here), and level 5's own text says the person may need to seek help.
pub const BURNOUT_SEEK_HELP_FROM_LEVEL: u8 = 4;

/// What one answer to the single-item measure says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BurnoutReading {
    /// The level, 1 to 5.
    pub level: u8,
    /// Level 3 or worse.
    pub burned_out: bool,
}

/// Reads a single-item burnout level (1 to 5; a value outside is taken as the nearest level,
/// since only parsed answers should reach here).
#[must_use]
pub fn burnout_result(level: u8) -> BurnoutReading {
    let level = level.clamp(1, 5);
    BurnoutReading { level, burned_out: level >= BURNOUT_FROM_LEVEL }
}

// ---------------------------------------------------------------------------------------------
// Mini-Z 2.0
// ---------------------------------------------------------------------------------------------

// Source: the Mini Z 2.0 survey "for individual scoring" (Linzer and colleagues, Hennepin
// Healthcare), as transcribed item by item with its values in a public repository
// (ACC-Style/PrototypingACCorg, _data/ClinicianWellBeing/mini_z.yml, citing the PDF
// www.ssmhealth.com/…/minizburnoutassessment2.pdf). Not checked against the PDF itself. It agrees
// with the published description of 2.0 (Linzer et al., "The Mini Z Worklife and Burnout
// Reduction Instrument: Psychometrics and Clinical Implications", J Gen Intern Med 2022: every
// item scored so that higher is better, a summary "joy" score, two 5-item subscales "supportive
// work environment" and "work pace/EMR stress", EMR proficiency replaced by EMR frustration) and
// with the figure of Mini Z 2.0 in Linzer et al., JAMA Netw Open 2020;3(10):e2018758.
// Items 1–5 are the supportive work environment, items 6–10 the work pace and EMR stress.
// Not verified against a primary source: the exact punctuation of the item texts, the order in
// which the printed form lays out the answers (listed here best first), and whether answers 4 and
// 2 of the burnout item and of the atmosphere item carry words (the transcription has none).

/// The Mini-Z 2.0 licence terms, in plain English, to show beside the instrument.
// Source: the footnote to the Mini Z 2.0 figure in JAMA Netw Open 2020;3(10):e2018758.
pub const MINI_Z_LICENCE: &str = "The Mini Z was developed by Mark Linzer, MD, and a team at Hennepin Healthcare, \
Minneapolis, Minnesota. The Hennepin Healthcare Institute for Professional Worklife holds the copyright. It may be \
used free of charge for research, programme evaluation and education. Any commercial or revenue-generating use needs \
permission beforehand from Dr Linzer or the Institute for Professional Worklife (www.professionalworklife.com).";

code_enum!(
    /// The two Mini-Z 2.0 subscales.
    MiniZSubscale, "Mini-Z subscale", {
        /// Supportive work environment (items 1–5).
        SupportiveWorkEnvironment => "swe",
        /// Work pace and EMR stress (items 6–10).
        WorkPaceAndEmrStress => "pace",
    }
);

/// One Mini-Z 2.0 item as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MiniZItem {
    /// Its number on the form, 1 to 10.
    pub number: u8,
    /// The question.
    pub text: &'static str,
    /// The answers: (value, words printed beside it, if any). 5 is always the best.
    pub options: &'static [(u8, Option<&'static str>)],
    /// The subscale it counts towards.
    pub subscale: MiniZSubscale,
}

type Options = &'static [(u8, Option<&'static str>)];

const AGREE: Options = &[
    (5, Some("Agree strongly")),
    (4, Some("Agree")),
    (3, Some("Neither agree nor disagree")),
    (2, Some("Disagree")),
    (1, Some("Strongly disagree")),
];

// For the two items where agreeing is the worse answer (stress, EMR frustration).
const AGREE_REVERSED: Options = &[
    (5, Some("Strongly disagree")),
    (4, Some("Disagree")),
    (3, Some("Neither agree nor disagree")),
    (2, Some("Agree")),
    (1, Some("Agree strongly")),
];

const OPTIMAL_TO_POOR: Options =
    &[(5, Some("Optimal")), (4, Some("Good")), (3, Some("Satisfactory")), (2, Some("Marginal")), (1, Some("Poor"))];

const EMR_AT_HOME: Options = &[
    (5, Some("Minimal/none")),
    (4, Some("Modest")),
    (3, Some("Satisfactory")),
    (2, Some("Moderately high")),
    (1, Some("Excessive")),
];

const ATMOSPHERE: Options =
    &[(5, Some("Calm")), (4, None), (3, Some("Busy, but reasonable")), (2, None), (1, Some("Hectic, chaotic"))];

// Reversed relative to the single-item measure: 5 is no burnout, 1 completely burned out.
const MINI_Z_BURNOUT_OPTIONS: Options = &[
    (5, Some("I enjoy my work. I have no symptoms of burnout.")),
    (4, None),
    (3, Some("I am beginning to burn out and have one or more symptoms of burnout, e.g. emotional exhaustion.")),
    (2, None),
    (1, Some("I feel completely burned out. I am at the point where I may need to seek help.")),
];

/// The ten Mini-Z 2.0 items, in order.
pub const MINI_Z_ITEMS: [MiniZItem; 10] = [
    MiniZItem {
        number: 1,
        text: "Overall, I am satisfied with my current job",
        options: AGREE,
        subscale: MiniZSubscale::SupportiveWorkEnvironment,
    },
    MiniZItem {
        number: 2,
        text: "Using your own definition of \u{201c}burnout\u{201d}, please choose one of the numbers below",
        options: MINI_Z_BURNOUT_OPTIONS,
        subscale: MiniZSubscale::SupportiveWorkEnvironment,
    },
    MiniZItem {
        number: 3,
        text: "My professional values are well aligned with those of my clinical leaders",
        options: AGREE,
        subscale: MiniZSubscale::SupportiveWorkEnvironment,
    },
    MiniZItem {
        number: 4,
        text: "The degree to which my care team works efficiently together is",
        options: OPTIMAL_TO_POOR,
        subscale: MiniZSubscale::SupportiveWorkEnvironment,
    },
    MiniZItem {
        number: 5,
        text: "My control over my workload is",
        options: OPTIMAL_TO_POOR,
        subscale: MiniZSubscale::SupportiveWorkEnvironment,
    },
    MiniZItem {
        number: 6,
        text: "I feel a great deal of stress because of my job",
        options: AGREE_REVERSED,
        subscale: MiniZSubscale::WorkPaceAndEmrStress,
    },
    MiniZItem {
        number: 7,
        text: "Sufficiency of time for documentation is",
        options: OPTIMAL_TO_POOR,
        subscale: MiniZSubscale::WorkPaceAndEmrStress,
    },
    MiniZItem {
        number: 8,
        text: "The amount of time I spend on the electronic medical record (EMR) at home is",
        options: EMR_AT_HOME,
        subscale: MiniZSubscale::WorkPaceAndEmrStress,
    },
    MiniZItem {
        number: 9,
        text: "The EMR adds to the frustration of my day",
        options: AGREE_REVERSED,
        subscale: MiniZSubscale::WorkPaceAndEmrStress,
    },
    MiniZItem {
        number: 10,
        text: "Which number best describes the atmosphere in your primary work area?",
        options: ATMOSPHERE,
        subscale: MiniZSubscale::WorkPaceAndEmrStress,
    },
];

/// The number of Mini-Z's own burnout item.
pub const MINI_Z_BURNOUT_ITEM: u8 = 2;

/// Mini-Z's burnout item at or below this value counts as burnout. Its scale is the single-item
/// measure reversed (value = 6 − level), so 3, 2 and 1 here are levels 3, 4 and 5 there, and the
/// 2.0 text of answer 3 ("I am beginning to burn out and have one or more symptoms of burnout")
/// describes burnout.
// Not the "option 1 or 2" of the JAMA Netw Open 2020 figure: that footnote says when to consider
// seeking assistance (see `MINI_Z_SEEK_HELP_AT_MOST`), not what counts as burnout.
pub const MINI_Z_BURNED_OUT_AT_MOST: u8 = 3;

/// Mini-Z's burnout item at or below this value: the form's footnote asks the person to consider
/// seeking assistance (JAMA Netw Open 2020;3(10):e2018758, figure footnote b).
pub const MINI_Z_SEEK_HELP_AT_MOST: u8 = 2;

/// A total ("joy in work") score at or above this is read as a joyful workplace.
// Source: the Mini Z 2.0 individual scoring sheet as transcribed (threshold 40; below 40 "may
// indicate elevated workplace burnout stress"); the 40 cut-off is also the one used in the Italian
// validation of Mini-Z 2.0 (2022). Secondary sources only.
pub const MINI_Z_JOYFUL_FROM: u8 = 40;

/// A subscale score at or above this is read as highly supportive (supportive work environment)
/// or as a reasonable work pace and EMR stress.
// Source: as `MINI_Z_JOYFUL_FROM` (subscale threshold 20); secondary source only.
pub const MINI_Z_SUBSCALE_GOOD_FROM: u8 = 20;

/// A Mini-Z 2.0 response scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MiniZScore {
    /// The "joy in work" score: all ten items, 10 to 50.
    pub total: u8,
    /// Items 1–5, 5 to 25.
    pub supportive_work_environment: u8,
    /// Items 6–10, 5 to 25.
    pub work_pace_and_emr_stress: u8,
    /// Its burnout item (item 2) at 3 or below.
    pub burned_out: bool,
}

impl MiniZScore {
    /// A total of 40 or more: a joyful workplace.
    #[must_use]
    pub fn joyful(self) -> bool {
        self.total >= MINI_Z_JOYFUL_FROM
    }

    /// A supportive work environment score of 20 or more: highly supportive.
    #[must_use]
    pub fn supportive(self) -> bool {
        self.supportive_work_environment >= MINI_Z_SUBSCALE_GOOD_FROM
    }

    /// A work pace and EMR stress score of 20 or more: a reasonable pace and EMR stress.
    #[must_use]
    pub fn reasonable_pace(self) -> bool {
        self.work_pace_and_emr_stress >= MINI_Z_SUBSCALE_GOOD_FROM
    }
}

/// Scores a Mini-Z 2.0 response, items in order, each 1 to 5 (a value outside is taken as the
/// nearest, since only parsed answers should reach here).
#[must_use]
pub fn mini_z_score(values: &[u8; 10]) -> MiniZScore {
    let mut swe = 0u8;
    let mut pace = 0u8;
    let mut burned_out = false;
    for (item, value) in MINI_Z_ITEMS.iter().zip(values) {
        let v = (*value).clamp(1, 5);
        match item.subscale {
            MiniZSubscale::SupportiveWorkEnvironment => swe += v,
            MiniZSubscale::WorkPaceAndEmrStress => pace += v,
        }
        if item.number == MINI_Z_BURNOUT_ITEM {
            burned_out = v <= MINI_Z_BURNED_OUT_AT_MOST;
        }
    }
    MiniZScore { total: swe + pace, supportive_work_environment: swe, work_pace_and_emr_stress: pace, burned_out }
}

// ---------------------------------------------------------------------------------------------
// An organisation's own items
// ---------------------------------------------------------------------------------------------

/// The most own items a form may have.
pub const OWN_ITEMS_MAX: usize = 20;
/// The longest own item text.
pub const OWN_TEXT_MAX: usize = 300;
/// The longest answer label or scale anchor.
pub const OWN_LABEL_MAX: usize = 80;
/// The longest own item code.
pub const OWN_CODE_MAX: usize = 32;
/// The fewest options of a single choice.
pub const CHOICES_MIN: usize = 2;
/// The most options of a single choice.
pub const CHOICES_MAX: usize = 10;

/// An own item's code: 1 to 32 lower-case ASCII letters, digits and underscores. It names the
/// item's tallies, so it stays the same from wave to wave.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OwnCode(String);

/// A code that is not 1 to 32 lower-case letters, digits and underscores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a code is 1 to {OWN_CODE_MAX} lower-case letters, digits or underscores")]
pub struct InvalidOwnCode;

impl OwnCode {
    /// Checks a code as given (surrounding spaces are trimmed).
    pub fn parse(raw: &str) -> Result<OwnCode, InvalidOwnCode> {
        let s = raw.trim();
        let ok = !s.is_empty()
            && s.len() <= OWN_CODE_MAX
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok { Ok(OwnCode(s.to_owned())) } else { Err(InvalidOwnCode) }
    }

    /// The code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A code made from an item's text (so the same question keeps the same code in the next
    /// wave), different from every code in `taken`.
    fn from_text(text: &str, taken: &BTreeSet<String>) -> OwnCode {
        let mut base = String::new();
        let mut gap = false;
        for c in text.chars() {
            if !c.is_ascii_alphanumeric() {
                gap = true;
                continue;
            }
            if gap && !base.is_empty() {
                if base.len() + 2 > OWN_CODE_MAX {
                    break;
                }
                base.push('_');
            }
            if base.len() >= OWN_CODE_MAX {
                break;
            }
            base.push(c.to_ascii_lowercase());
            gap = false;
        }
        if base.is_empty() {
            // Text without a single ASCII letter or digit (another script, say).
            base.push_str("item");
        }
        if !taken.contains(&base) {
            return OwnCode(base);
        }
        // At most OWN_ITEMS_MAX codes are taken, so one of these suffixes is free; should none
        // be, the form's duplicate check refuses the result rather than anything panicking.
        (2..=OWN_ITEMS_MAX + 2)
            .map(|n| {
                let suffix = format!("_{n}");
                let mut b = base.clone();
                b.truncate(OWN_CODE_MAX - suffix.len());
                let b = b.trim_end_matches('_');
                format!("{b}{suffix}")
            })
            .find(|c| !taken.contains(c))
            .map_or(OwnCode(base), OwnCode)
    }
}

impl fmt::Display for OwnCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OwnCode {
    type Error = InvalidOwnCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        OwnCode::parse(&s)
    }
}

impl From<OwnCode> for String {
    fn from(c: OwnCode) -> String {
        c.0
    }
}

/// What kind of answer an own item takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnKind {
    /// A scale from 1 to `points` (5 or 7), its two ends labelled.
    Likert {
        /// 5 or 7.
        points: u8,
        /// The label at 1.
        low: String,
        /// The label at `points`.
        high: String,
    },
    /// One of 2 to 10 labelled options, valued 1, 2, 3 … in order.
    SingleChoice {
        /// The labels, in order.
        options: Vec<String>,
    },
}

impl OwnKind {
    /// The highest value an answer may take (the lowest is 1).
    #[must_use]
    pub fn max_value(&self) -> u8 {
        match self {
            OwnKind::Likert { points, .. } => *points,
            // At most CHOICES_MAX options, so this always fits.
            OwnKind::SingleChoice { options } => u8::try_from(options.len()).unwrap_or(u8::MAX),
        }
    }

    fn options(&self) -> Vec<(u8, Option<String>)> {
        match self {
            OwnKind::Likert { points, low, high } => (1..=*points)
                .map(|v| {
                    let label = if v == 1 {
                        Some(low.clone())
                    } else if v == *points {
                        Some(high.clone())
                    } else {
                        None
                    };
                    (v, label)
                })
                .collect(),
            OwnKind::SingleChoice { options } => (1u8..).zip(options).map(|(v, l)| (v, Some(l.clone()))).collect(),
        }
    }
}

/// An organisation's own question, checked. Made only by parsing, so it is always valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "OwnItemInput", into = "OwnItemInput")]
pub struct OwnItem {
    code: OwnCode,
    text: String,
    kind: OwnKind,
}

impl OwnItem {
    /// Checks one own item; without a code, one is made from its text.
    pub fn parse(input: OwnItemInput) -> Result<OwnItem, OwnItemError> {
        let code = match blank_to_none(input.code) {
            Some(raw) => Some(OwnCode::parse(&raw).map_err(|_| OwnItemError::Code)?),
            None => None,
        };
        let (text, kind) = parse_body(&input.text, input.kind)?;
        let code = code.unwrap_or_else(|| OwnCode::from_text(&text, &BTreeSet::new()));
        Ok(OwnItem { code, text, kind })
    }

    /// Its code.
    #[must_use]
    pub fn code(&self) -> &OwnCode {
        &self.code
    }

    /// The question, one line of 1 to 300 characters.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What kind of answer it takes.
    #[must_use]
    pub fn kind(&self) -> &OwnKind {
        &self.kind
    }
}

fn blank_to_none(code: Option<String>) -> Option<String> {
    code.filter(|c| !c.trim().is_empty())
}

fn parse_body(text: &str, kind: OwnKindInput) -> Result<(String, OwnKind), OwnItemError> {
    let text = single_line(text, OWN_TEXT_MAX).map_err(OwnItemError::Text)?;
    let kind = match kind {
        OwnKindInput::Likert { points, low, high } => {
            if points != 5 && points != 7 {
                return Err(OwnItemError::LikertPoints(points));
            }
            let low = single_line(&low, OWN_LABEL_MAX).map_err(OwnItemError::LowAnchor)?;
            let high = single_line(&high, OWN_LABEL_MAX).map_err(OwnItemError::HighAnchor)?;
            OwnKind::Likert { points, low, high }
        }
        OwnKindInput::SingleChoice { options } => {
            if !(CHOICES_MIN..=CHOICES_MAX).contains(&options.len()) {
                return Err(OwnItemError::OptionCount(options.len()));
            }
            let mut labels: Vec<String> = Vec::with_capacity(options.len());
            for (position, raw) in (1..).zip(&options) {
                let label =
                    single_line(raw, OWN_LABEL_MAX).map_err(|error| OwnItemError::OptionLabel { position, error })?;
                // Two options that read alike cannot be told apart by the person answering.
                if labels.iter().any(|l| l.to_lowercase() == label.to_lowercase()) {
                    return Err(OwnItemError::DuplicateOption(label));
                }
                labels.push(label);
            }
            OwnKind::SingleChoice { options: labels }
        }
    };
    Ok((text, kind))
}

/// An own item as given (by the form builder or the API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OwnItemInput {
    /// Its code, 1 to 32 of `a-z`, `0-9` and `_`; made from the text when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The question, one line of 1 to 300 characters.
    pub text: String,
    /// What kind of answer it takes.
    pub kind: OwnKindInput,
}

/// An own item's kind as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum OwnKindInput {
    /// A 5- or 7-point scale.
    Likert {
        /// 5 or 7.
        points: u8,
        /// The label at 1 (1 to 80 characters).
        low: String,
        /// The label at the top of the scale (1 to 80 characters).
        high: String,
    },
    /// One of 2 to 10 options.
    SingleChoice {
        /// The labels, in order (1 to 80 characters each).
        options: Vec<String>,
    },
}

impl From<OwnItem> for OwnItemInput {
    fn from(item: OwnItem) -> OwnItemInput {
        let kind = match item.kind {
            OwnKind::Likert { points, low, high } => OwnKindInput::Likert { points, low, high },
            OwnKind::SingleChoice { options } => OwnKindInput::SingleChoice { options },
        };
        OwnItemInput { code: Some(item.code.0), text: item.text, kind }
    }
}

impl TryFrom<OwnItemInput> for OwnItem {
    type Error = OwnItemError;
    fn try_from(input: OwnItemInput) -> Result<Self, Self::Error> {
        OwnItem::parse(input)
    }
}

/// Why an own item was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OwnItemError {
    /// The code is not 1 to 32 of `a-z`, `0-9` and `_`.
    #[error("the code must be 1 to {OWN_CODE_MAX} lower-case letters, digits or underscores")]
    Code,
    /// The question text.
    #[error("the question {0}")]
    Text(TextError),
    /// A scale of other than 5 or 7 points.
    #[error("a scale has 5 or 7 points, not {0}")]
    LikertPoints(u8),
    /// The label at the low end of the scale.
    #[error("the low label {0}")]
    LowAnchor(TextError),
    /// The label at the high end of the scale.
    #[error("the high label {0}")]
    HighAnchor(TextError),
    /// Fewer than 2 or more than 10 options.
    #[error("a single choice has {CHOICES_MIN} to {CHOICES_MAX} options, not {0}")]
    OptionCount(usize),
    /// An option's label (options counted from 1).
    #[error("option {position} {error}")]
    OptionLabel {
        /// Which option, counting from 1.
        position: usize,
        /// What is wrong with it.
        error: TextError,
    },
    /// Two options with the same label (ignoring case).
    #[error("the option {0:?} is there twice")]
    DuplicateOption(String),
}

// ---------------------------------------------------------------------------------------------
// Forms and their questions
// ---------------------------------------------------------------------------------------------

/// What a survey wave (or a private self-check) asks: the single-item measure, Mini-Z 2.0, the
/// organisation's own items, or any mix, in that order. Made only by parsing, so it asks at least
/// one thing, has at most 20 own items and no two with the same code.
///
/// With both the single-item measure and Mini-Z, both are asked: Mini-Z's own burnout item stays
/// in Mini-Z, so its scores match published ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FormInput", into = "FormInput")]
pub struct Form {
    burnout: bool,
    mini_z: bool,
    own: Vec<OwnItem>,
}

/// A form as given (by the wave builder or the API), and as stored with its wave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FormInput {
    /// Ask the single-item burnout measure.
    #[serde(default)]
    pub burnout: bool,
    /// Ask Mini-Z 2.0.
    #[serde(default)]
    pub mini_z: bool,
    /// The organisation's own items, at most 20.
    #[serde(default)]
    pub own: Vec<OwnItemInput>,
}

/// Why a form was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// Neither instrument and no own item.
    #[error("a form must ask at least one thing")]
    NothingAsked,
    /// More than 20 own items (how many were given).
    #[error("a form has at most {OWN_ITEMS_MAX} own items, not {0}")]
    TooManyOwnItems(usize),
    /// Two own items with this code.
    #[error("two own items have the code {0:?}")]
    DuplicateCode(String),
    /// An own item was refused (items counted from 1).
    #[error("own item {position}: {error}")]
    OwnItem {
        /// Which item, counting from 1.
        position: usize,
        /// What is wrong with it.
        error: OwnItemError,
    },
}

impl Form {
    /// Checks a form as given. Own items without a code get one made from their text, unlike
    /// every code given or made before.
    pub fn parse(input: FormInput) -> Result<Form, FormError> {
        if input.own.len() > OWN_ITEMS_MAX {
            return Err(FormError::TooManyOwnItems(input.own.len()));
        }
        // Codes given are reserved first, so a made code never takes one an item asked for.
        let mut taken = BTreeSet::new();
        let mut parsed = Vec::with_capacity(input.own.len());
        for (position, item) in (1..).zip(input.own) {
            let at = |error| FormError::OwnItem { position, error };
            let code = match blank_to_none(item.code) {
                Some(raw) => Some(OwnCode::parse(&raw).map_err(|_| at(OwnItemError::Code))?),
                None => None,
            };
            if let Some(c) = &code
                && !taken.insert(c.0.clone())
            {
                return Err(FormError::DuplicateCode(c.0.clone()));
            }
            let (text, kind) = parse_body(&item.text, item.kind).map_err(at)?;
            parsed.push((code, text, kind));
        }
        let mut own = Vec::with_capacity(parsed.len());
        for (code, text, kind) in parsed {
            let code = code.unwrap_or_else(|| {
                let made = OwnCode::from_text(&text, &taken);
                taken.insert(made.0.clone());
                made
            });
            own.push(OwnItem { code, text, kind });
        }
        Form::new(input.burnout, input.mini_z, own)
    }

    /// A form from items already checked.
    pub fn new(burnout: bool, mini_z: bool, own: Vec<OwnItem>) -> Result<Form, FormError> {
        if !burnout && !mini_z && own.is_empty() {
            return Err(FormError::NothingAsked);
        }
        if own.len() > OWN_ITEMS_MAX {
            return Err(FormError::TooManyOwnItems(own.len()));
        }
        let mut seen = BTreeSet::new();
        if let Some(dup) = own.iter().find(|i| !seen.insert(i.code.as_str())) {
            return Err(FormError::DuplicateCode(dup.code.0.clone()));
        }
        Ok(Form { burnout, mini_z, own })
    }

    /// Whether it asks the single-item burnout measure.
    #[must_use]
    pub fn burnout(&self) -> bool {
        self.burnout
    }

    /// Whether it asks Mini-Z 2.0.
    #[must_use]
    pub fn mini_z(&self) -> bool {
        self.mini_z
    }

    /// The organisation's own items.
    #[must_use]
    pub fn own(&self) -> &[OwnItem] {
        &self.own
    }

    /// Every question, in the order asked: `burnout`, then `mini_z.1` … `mini_z.10`, then
    /// `own.<code>` for each own item.
    #[must_use]
    pub fn questions(&self) -> Vec<Question> {
        let mut qs = Vec::with_capacity(1 + MINI_Z_ITEMS.len() + self.own.len());
        if self.burnout {
            qs.push(Question {
                code: QuestionCode::burnout(),
                text: BURNOUT_QUESTION.to_owned(),
                options: (1u8..).zip(BURNOUT_LEVELS).map(|(v, t)| (v, Some(t.to_owned()))).collect(),
            });
        }
        if self.mini_z {
            for item in &MINI_Z_ITEMS {
                qs.push(Question {
                    code: QuestionCode::mini_z(item.number),
                    text: item.text.to_owned(),
                    options: item.options.iter().map(|(v, l)| (*v, l.map(str::to_owned))).collect(),
                });
            }
        }
        for item in &self.own {
            qs.push(Question {
                code: QuestionCode::own(&item.code),
                text: item.text.clone(),
                options: item.kind.options(),
            });
        }
        qs
    }

    /// Reads a response from form fields (question code → value). Only answer fields belong in
    /// `given`: the caller strips its own (a CSRF token, a submit button …). Every question must
    /// be answered once with one of its values; a blank value counts as unanswered. The first
    /// problem found is returned: unknown codes first, then the questions in order.
    pub fn parse_answers(&self, given: &[(String, String)]) -> Result<Answers, AnswerError> {
        let questions = self.questions();
        if let Some((code, _)) = given.iter().find(|(code, _)| !questions.iter().any(|q| q.code.as_str() == code)) {
            return Err(AnswerError::Unknown(code.clone()));
        }
        let mut values = Vec::with_capacity(questions.len());
        for q in &questions {
            let mut found = given.iter().filter(|(code, _)| code == q.code.as_str());
            let raw = match (found.next(), found.next()) {
                (Some((_, raw)), None) => raw.trim(),
                (Some(_), Some(_)) => return Err(AnswerError::Repeated(q.code.clone())),
                (None, _) => "",
            };
            if raw.is_empty() {
                return Err(AnswerError::Missing(q.code.clone()));
            }
            let Ok(n) = raw.parse::<i64>() else {
                // A run of digits too long for i64 is a number, just far out of range.
                let digits = raw.strip_prefix(['+', '-']).unwrap_or(raw);
                return Err(if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    AnswerError::OutOfRange { code: q.code.clone(), value: raw.to_owned() }
                } else {
                    AnswerError::NotANumber { code: q.code.clone(), value: raw.to_owned() }
                });
            };
            match u8::try_from(n).ok().filter(|v| q.accepts(*v)) {
                Some(v) => values.push(v),
                None => return Err(AnswerError::OutOfRange { code: q.code.clone(), value: raw.to_owned() }),
            }
        }
        Ok(Answers { values })
    }
}

impl From<Form> for FormInput {
    fn from(form: Form) -> FormInput {
        FormInput { burnout: form.burnout, mini_z: form.mini_z, own: form.own.into_iter().map(Into::into).collect() }
    }
}

impl TryFrom<FormInput> for Form {
    type Error = FormError;
    fn try_from(input: FormInput) -> Result<Self, Self::Error> {
        Form::parse(input)
    }
}

/// A question's stable code: `burnout`, `mini_z.1` … `mini_z.10` or `own.<code>`. It is the
/// form field's name and, prefixed with `item.`, the name of its tally.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct QuestionCode(String);

impl QuestionCode {
    /// The single-item burnout measure.
    #[must_use]
    pub fn burnout() -> QuestionCode {
        QuestionCode("burnout".to_owned())
    }

    // Only called with the numbers of MINI_Z_ITEMS.
    fn mini_z(number: u8) -> QuestionCode {
        QuestionCode(format!("mini_z.{number}"))
    }

    /// An own item.
    #[must_use]
    pub fn own(code: &OwnCode) -> QuestionCode {
        QuestionCode(format!("own.{code}"))
    }

    /// The code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for QuestionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// Form fields and stored tallies name questions as text; comparing without parsing is handy.
impl PartialEq<str> for QuestionCode {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for QuestionCode {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl FromStr for QuestionCode {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = s == "burnout"
            || s.strip_prefix("mini_z.").is_some_and(|n| MINI_Z_ITEMS.iter().any(|i| i.number.to_string() == n))
            || s.strip_prefix("own.").is_some_and(|c| OwnCode::parse(c).is_ok_and(|code| code.as_str() == c));
        if ok { Ok(QuestionCode(s.to_owned())) } else { Err(UnknownCode { what: "question code", code: s.to_owned() }) }
    }
}

impl TryFrom<String> for QuestionCode {
    type Error = UnknownCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<QuestionCode> for String {
    fn from(c: QuestionCode) -> String {
        c.0
    }
}

/// One question as asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Its code, also the form field's name.
    pub code: QuestionCode,
    /// The question.
    pub text: String,
    /// Its answers, in the order shown: (value, words beside it). Points of a scale between its
    /// labelled ends (and a few Mini-Z answers) have no words, only their number.
    pub options: Vec<(u8, Option<String>)>,
}

impl Question {
    /// Whether `value` is one of its answers.
    #[must_use]
    pub fn accepts(&self, value: u8) -> bool {
        self.options.iter().any(|(v, _)| *v == value)
    }
}

// ---------------------------------------------------------------------------------------------
// Answers and the tallies of a response
// ---------------------------------------------------------------------------------------------

/// One response's answers, one value per question in the form's order. Made only by
/// [`Form::parse_answers`], so every value is one its question accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    values: Vec<u8>,
}

/// Why a response was refused; each names the question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// Not answered (or answered with a blank).
    #[error("{0}: not answered")]
    Missing(QuestionCode),
    /// Answered with something that is not a whole number.
    #[error("{code}: {value:?} is not a number")]
    NotANumber {
        /// The question.
        code: QuestionCode,
        /// What was given.
        value: String,
    },
    /// Answered with a number that is not one of its answers.
    #[error("{code}: {value} is not one of its answers")]
    OutOfRange {
        /// The question.
        code: QuestionCode,
        /// What was given.
        value: String,
    },
    /// A field that is not a question on this form.
    #[error("{0:?} is not a question on this form")]
    Unknown(String),
    /// Answered more than once.
    #[error("{0}: answered more than once")]
    Repeated(QuestionCode),
}

impl AnswerError {
    /// The code of the question (or unknown field) the error is about.
    #[must_use]
    pub fn question(&self) -> &str {
        match self {
            AnswerError::Missing(c) | AnswerError::Repeated(c) => c.as_str(),
            AnswerError::NotANumber { code, .. } | AnswerError::OutOfRange { code, .. } => code.as_str(),
            AnswerError::Unknown(c) => c,
        }
    }
}

/// The longest measure code (`item.own.` and a 32-character own code fit with room to spare).
pub const MEASURE_CODE_MAX: usize = 48;

/// What a report adds up: each response gives one value for each measure it has.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Measure {
    /// One per response (value 0): the number of respondents is its count.
    Respondents,
    /// The single-item burnout level, 1 to 5.
    Burnout,
    /// Mini-Z total, 10 to 50.
    MiniZTotal,
    /// Mini-Z supportive work environment, 5 to 25.
    MiniZSwe,
    /// Mini-Z work pace and EMR stress, 5 to 25.
    MiniZPace,
    /// 1 if Mini-Z's burnout item indicates burnout, else 0.
    MiniZBurnout,
    /// A question's raw value (`item.<question code>`).
    Item(QuestionCode),
}

impl Measure {
    /// The stable code used in storage and reports (at most 48 characters).
    #[must_use]
    pub fn code(&self) -> String {
        match self {
            Measure::Respondents => "respondents".to_owned(),
            Measure::Burnout => "burnout".to_owned(),
            Measure::MiniZTotal => "mini_z.total".to_owned(),
            Measure::MiniZSwe => "mini_z.swe".to_owned(),
            Measure::MiniZPace => "mini_z.pace".to_owned(),
            Measure::MiniZBurnout => "mini_z.burnout".to_owned(),
            Measure::Item(q) => format!("item.{q}"),
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl FromStr for Measure {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownCode { what: "measure", code: s.to_owned() };
        Ok(match s {
            "respondents" => Measure::Respondents,
            "burnout" => Measure::Burnout,
            "mini_z.total" => Measure::MiniZTotal,
            "mini_z.swe" => Measure::MiniZSwe,
            "mini_z.pace" => Measure::MiniZPace,
            "mini_z.burnout" => Measure::MiniZBurnout,
            _ => Measure::Item(s.strip_prefix("item.").ok_or_else(unknown)?.parse().map_err(|_| unknown())?),
        })
    }
}

impl TryFrom<String> for Measure {
    type Error = UnknownCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Measure> for String {
    fn from(m: Measure) -> String {
        m.code()
    }
}

impl Answers {
    /// The values, one per question in the form's order.
    #[must_use]
    pub fn values(&self) -> &[u8] {
        &self.values
    }

    /// The single-item level, if `form` (the form these answers were parsed against) asks it.
    #[must_use]
    pub fn burnout_level(&self, form: &Form) -> Option<u8> {
        if form.burnout { self.values.first().copied() } else { None }
    }

    /// The ten Mini-Z values, if `form` (the form these answers were parsed against) asks it.
    #[must_use]
    pub fn mini_z_values(&self, form: &Form) -> Option<[u8; 10]> {
        // Mini-Z follows the single item when both are asked.
        let start = usize::from(form.burnout);
        if !form.mini_z {
            return None;
        }
        self.values.get(start..start + MINI_Z_ITEMS.len())?.try_into().ok()
    }

    /// The tallies this response adds to a report, for `form` (the form these answers were
    /// parsed against): `respondents`, then the instruments' scores, then every question's raw
    /// value (`item.<question code>`, the single item's included, so every question has one).
    #[must_use]
    pub fn measures(&self, form: &Form) -> Vec<(Measure, i64)> {
        let mut out = vec![(Measure::Respondents, 0)];
        if let Some(level) = self.burnout_level(form) {
            out.push((Measure::Burnout, i64::from(level)));
        }
        if let Some(values) = self.mini_z_values(form) {
            let s = mini_z_score(&values);
            out.push((Measure::MiniZTotal, i64::from(s.total)));
            out.push((Measure::MiniZSwe, i64::from(s.supportive_work_environment)));
            out.push((Measure::MiniZPace, i64::from(s.work_pace_and_emr_stress)));
            out.push((Measure::MiniZBurnout, i64::from(s.burned_out)));
        }
        for (q, v) in form.questions().into_iter().zip(&self.values) {
            out.push((Measure::Item(q.code), i64::from(*v)));
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The private self-check
// ---------------------------------------------------------------------------------------------

code_enum!(
    /// What a private self-check tells the person, as message ids the server translates
    /// (`self-check-<code with hyphens>`). Readings, not diagnoses.
    SelfCheckMessage, "self-check message", {
        /// Single item, level 1.
        BurnoutNone => "burnout_none",
        /// Single item, level 2: under stress, not burned out.
        BurnoutStressed => "burnout_stressed",
        /// Single item, level 3: symptoms of burnout.
        BurnoutSymptoms => "burnout_symptoms",
        /// Single item, level 4: symptoms that will not go away.
        BurnoutPersistent => "burnout_persistent",
        /// Single item, level 5: completely burned out.
        BurnoutComplete => "burnout_complete",
        /// Mini-Z total of 40 or more.
        MiniZJoyful => "mini_z_joyful",
        /// Mini-Z total below 40.
        MiniZBelowJoyful => "mini_z_below_joyful",
        /// Supportive work environment of 20 or more.
        MiniZSupportive => "mini_z_supportive",
        /// Supportive work environment below 20.
        MiniZLessSupportive => "mini_z_less_supportive",
        /// Work pace and EMR stress of 20 or more.
        MiniZPaceReasonable => "mini_z_pace_reasonable",
        /// Work pace and EMR stress below 20.
        MiniZPaceStrained => "mini_z_pace_strained",
        /// Mini-Z's burnout item indicates burnout.
        MiniZBurnout => "mini_z_burnout",
        /// Mini-Z's burnout item does not indicate burnout.
        MiniZNoBurnout => "mini_z_no_burnout",
        /// An answer suggests seeking help (shown last, with where to find it).
        SeekHelp => "seek_help",
    }
);

/// What a private self-check shows the person. Own items have no reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelfCheckReading {
    /// The single item, if asked.
    pub burnout: Option<BurnoutReading>,
    /// Mini-Z, if asked.
    pub mini_z: Option<MiniZScore>,
    /// Single item at level 4 or 5, or Mini-Z's burnout item at 1 or 2.
    pub seek_help: bool,
}

impl SelfCheckReading {
    /// The messages to show, in order.
    #[must_use]
    pub fn messages(&self) -> Vec<SelfCheckMessage> {
        let mut out = Vec::new();
        if let Some(b) = self.burnout {
            out.push(match b.level {
                ..=1 => SelfCheckMessage::BurnoutNone,
                2 => SelfCheckMessage::BurnoutStressed,
                3 => SelfCheckMessage::BurnoutSymptoms,
                4 => SelfCheckMessage::BurnoutPersistent,
                5.. => SelfCheckMessage::BurnoutComplete,
            });
        }
        if let Some(m) = self.mini_z {
            out.push(if m.joyful() { SelfCheckMessage::MiniZJoyful } else { SelfCheckMessage::MiniZBelowJoyful });
            out.push(if m.supportive() {
                SelfCheckMessage::MiniZSupportive
            } else {
                SelfCheckMessage::MiniZLessSupportive
            });
            out.push(if m.reasonable_pace() {
                SelfCheckMessage::MiniZPaceReasonable
            } else {
                SelfCheckMessage::MiniZPaceStrained
            });
            out.push(if m.burned_out { SelfCheckMessage::MiniZBurnout } else { SelfCheckMessage::MiniZNoBurnout });
        }
        if self.seek_help {
            out.push(SelfCheckMessage::SeekHelp);
        }
        out
    }
}

/// Reads a private self-check: `answers` parsed against `form`.
#[must_use]
pub fn self_check_reading(form: &Form, answers: &Answers) -> SelfCheckReading {
    let burnout = answers.burnout_level(form).map(burnout_result);
    let mini_z_values = answers.mini_z_values(form);
    let mini_z_burnout_item = mini_z_values.and_then(|v| v.get(usize::from(MINI_Z_BURNOUT_ITEM - 1)).copied());
    let seek_help = burnout.is_some_and(|b| b.level >= BURNOUT_SEEK_HELP_FROM_LEVEL)
        || mini_z_burnout_item.is_some_and(|v| v <= MINI_Z_SEEK_HELP_AT_MOST);
    SelfCheckReading { burnout, mini_z: mini_z_values.as_ref().map(mini_z_score), seek_help }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // --- Histogram ---

    #[test]
    fn an_empty_histogram_has_no_statistics() {
        let h = Histogram::new();
        assert_eq!(h.n(), 0);
        assert_eq!(h.mean(), None);
        assert_eq!(h.median(), None);
        assert_eq!(h.share_at_least(3), None);
        assert_eq!(h.share_at_most(3), None);
        assert_eq!(Histogram::from_pairs([(4, 0)]), h, "zero counts are dropped");
    }

    #[test]
    fn median_of_an_odd_count_is_the_middle_value() {
        // 1, 2, 2, 5, 9
        let h = Histogram::from_pairs([(9, 1), (2, 2), (1, 1), (5, 1)]);
        assert_eq!(h.n(), 5);
        assert_eq!(h.median(), Some(2.0));
        assert_eq!(h.mean(), Some(19.0 / 5.0));
        assert_eq!(Histogram::from_pairs([(7, 1)]).median(), Some(7.0));
    }

    #[test]
    fn median_of_an_even_count_averages_the_two_middle_values() {
        // 1, 2, 3, 4 → 2.5; 3, 3, 8, 8 → 5.5; 2, 2, 2, 9 → 2
        assert_eq!(Histogram::from_pairs([(1, 1), (2, 1), (3, 1), (4, 1)]).median(), Some(2.5));
        assert_eq!(Histogram::from_pairs([(3, 2), (8, 2)]).median(), Some(5.5));
        assert_eq!(Histogram::from_pairs([(2, 3), (9, 1)]).median(), Some(2.0));
        assert_eq!(Histogram::from_pairs([(-3, 1), (0, 1)]).median(), Some(-1.5));
    }

    #[test]
    fn repeated_values_add_up() {
        let h: Histogram = [(3, 2), (3, 5), (1, 1)].into_iter().collect();
        assert_eq!(h.count_of(3), 7);
        assert_eq!(h.counts().collect::<Vec<_>>(), vec![(1, 1), (3, 7)]);
    }

    #[test]
    fn large_counts_neither_overflow_nor_blur_the_median() {
        let big = u64::MAX;
        // One more 2 than 1s: odd total, median 2.
        let h = Histogram::from_pairs([(1, big - 1), (2, big)]);
        assert_eq!(h.n(), u64::MAX, "n stops at u64::MAX");
        assert_eq!(h.median(), Some(2.0));
        // Equal halves: even total, median between the halves.
        let h = Histogram::from_pairs([(1, big), (2, big)]);
        assert_eq!(h.median(), Some(1.5));
        assert_eq!(h.mean(), Some(1.5));
        assert_eq!(h.share_at_least(2), Some(0.5));
        // Extreme values with huge counts: the mean falls back to floating point.
        let h = Histogram::from_pairs([(i64::MAX, big), (i64::MAX - 1, big), (i64::MAX - 2, big)]);
        assert!(h.mean().is_some_and(|m| (m - i64::MAX as f64).abs() / (i64::MAX as f64) < 1e-9));
        assert_eq!(h.median(), Some((i64::MAX - 1) as f64));
        let h = Histogram::from_pairs([(i64::MIN, 1), (i64::MAX, 1)]);
        assert_eq!(h.median(), Some(-0.5));
        // Saturating counts for one value.
        let mut h = Histogram::from_pairs([(5, big)]);
        h.add(5, 10);
        assert_eq!(h.count_of(5), u64::MAX);
    }

    #[test]
    fn shares_count_the_boundary_value() {
        // Burnout levels of ten respondents: 1×2, 2×3, 3×3, 4×1, 5×1.
        let h = Histogram::from_pairs([(1, 2), (2, 3), (3, 3), (4, 1), (5, 1)]);
        assert_eq!(h.share_at_least(BURNOUT_FROM_LEVEL.into()), Some(0.5));
        assert_eq!(h.share_at_most(2), Some(0.5));
        assert_eq!(h.share_at_least(6), Some(0.0));
        assert_eq!(h.share_at_most(5), Some(1.0));
        assert_eq!(h.mean(), Some(2.6));
        assert_eq!(h.median(), Some(2.5));
    }

    #[test]
    fn minutes_to_first_contact_read_back() {
        // A general histogram: minutes to first contact for seven cases.
        let h = Histogram::from_pairs([(12, 1), (45, 2), (90, 1), (240, 1), (1440, 2)]);
        assert_eq!(h.median(), Some(90.0));
        assert_eq!(h.share_at_most(60), Some(3.0 / 7.0));
    }

    proptest! {
        #[test]
        fn median_and_mean_match_the_sorted_list(pairs in proptest::collection::vec((-20i64..20, 0u64..6), 0..12)) {
            let h = Histogram::from_pairs(pairs.clone());
            let mut all: Vec<i64> = pairs.iter().flat_map(|(v, c)| std::iter::repeat_n(*v, *c as usize)).collect();
            all.sort_unstable();
            prop_assert_eq!(h.n(), all.len() as u64);
            if all.is_empty() {
                prop_assert_eq!(h.median(), None);
            } else {
                let n = all.len();
                let want = (all[(n - 1) / 2] + all[n / 2]) as f64 / 2.0;
                prop_assert_eq!(h.median(), Some(want));
                let mean = all.iter().sum::<i64>() as f64 / n as f64;
                prop_assert!(h.mean().is_some_and(|m| (m - mean).abs() < 1e-9));
                let at_least = all.iter().filter(|v| **v >= 0).count() as f64 / n as f64;
                prop_assert_eq!(h.share_at_least(0), Some(at_least));
            }
        }
    }

    // --- Single-item measure ---

    #[test]
    fn burnout_starts_at_level_three() {
        assert_eq!(burnout_result(1), BurnoutReading { level: 1, burned_out: false });
        assert_eq!(burnout_result(2), BurnoutReading { level: 2, burned_out: false });
        assert_eq!(burnout_result(3), BurnoutReading { level: 3, burned_out: true });
        assert!(burnout_result(4).burned_out);
        assert!(burnout_result(5).burned_out);
        assert_eq!(burnout_result(0).level, 1, "clamped");
        assert_eq!(burnout_result(9).level, 5, "clamped");
    }

    #[test]
    fn the_single_item_texts_run_from_enjoyment_to_needing_help() {
        assert_eq!(BURNOUT_LEVELS[0], "I enjoy my work. I have no symptoms of burnout.");
        assert_eq!(BURNOUT_LEVELS[4], "I feel completely burned out. I am at the point where I may need to seek help.");
        assert!(BURNOUT_LEVELS[2].starts_with("I am definitely burning out"));
    }

    // --- Mini-Z ---

    #[test]
    fn mini_z_subscales_are_items_one_to_five_and_six_to_ten() {
        for item in &MINI_Z_ITEMS {
            let want = if item.number <= 5 {
                MiniZSubscale::SupportiveWorkEnvironment
            } else {
                MiniZSubscale::WorkPaceAndEmrStress
            };
            assert_eq!(item.subscale, want, "item {}", item.number);
            let mut values: Vec<u8> = item.options.iter().map(|(v, _)| *v).collect();
            values.sort_unstable();
            assert_eq!(values, [1, 2, 3, 4, 5], "item {}", item.number);
        }
        assert_eq!(MINI_Z_ITEMS.iter().map(|i| i.number).collect::<Vec<_>>(), (1..=10).collect::<Vec<_>>());
    }

    #[test]
    fn higher_is_better_on_every_mini_z_item() {
        let label = |n: u8, v: u8| {
            MINI_Z_ITEMS
                .iter()
                .find(|i| i.number == n)
                .and_then(|i| i.options.iter().find(|(x, _)| *x == v))
                .and_then(|o| o.1)
        };
        assert_eq!(label(1, 5), Some("Agree strongly"));
        assert_eq!(label(2, 5), Some("I enjoy my work. I have no symptoms of burnout."));
        assert_eq!(label(2, 1), Some("I feel completely burned out. I am at the point where I may need to seek help."));
        assert_eq!(label(6, 5), Some("Strongly disagree"), "stress is reversed");
        assert_eq!(label(8, 1), Some("Excessive"));
        assert_eq!(label(9, 1), Some("Agree strongly"), "EMR frustration is reversed");
        assert_eq!(label(10, 5), Some("Calm"));
        assert_eq!(label(10, 1), Some("Hectic, chaotic"));
    }

    #[test]
    fn mini_z_worked_examples() {
        assert_eq!(
            mini_z_score(&[5; 10]),
            MiniZScore { total: 50, supportive_work_environment: 25, work_pace_and_emr_stress: 25, burned_out: false }
        );
        assert_eq!(
            mini_z_score(&[1; 10]),
            MiniZScore { total: 10, supportive_work_environment: 5, work_pace_and_emr_stress: 5, burned_out: true }
        );
        // A strained clinician: satisfied (4), beginning to burn out (3), values mostly aligned
        // (3), team satisfactory (3), control marginal (2); stress agreed (2), documentation time
        // marginal (2), EMR at home excessive (1), EMR frustration agreed (2), atmosphere busy
        // but reasonable (3). Supportive 4+3+3+3+2 = 15, pace 2+2+1+2+3 = 10, total 25.
        let s = mini_z_score(&[4, 3, 3, 3, 2, 2, 2, 1, 2, 3]);
        assert_eq!(
            s,
            MiniZScore { total: 25, supportive_work_environment: 15, work_pace_and_emr_stress: 10, burned_out: true }
        );
        assert!(!s.joyful() && !s.supportive() && !s.reasonable_pace());
        // A contented one: 5+4+4+4+3 = 20 supportive, 3+4+4+4+5 = 20 pace, total 40.
        let s = mini_z_score(&[5, 4, 4, 4, 3, 3, 4, 4, 4, 5]);
        assert_eq!(
            s,
            MiniZScore { total: 40, supportive_work_environment: 20, work_pace_and_emr_stress: 20, burned_out: false }
        );
        assert!(s.joyful() && s.supportive() && s.reasonable_pace());
    }

    #[test]
    fn mini_z_burnout_is_item_two_at_three_or_below() {
        let with = |b: u8| {
            let mut v = [4; 10];
            v[1] = b;
            mini_z_score(&v).burned_out
        };
        assert!(with(1) && with(2) && with(3));
        assert!(!with(4) && !with(5));
        // Only item 2 counts.
        assert!(!mini_z_score(&[1, 5, 1, 1, 1, 1, 1, 1, 1, 1]).burned_out);
    }

    proptest! {
        #[test]
        fn mini_z_total_is_the_sum_of_its_subscales(values in proptest::array::uniform10(1u8..=5)) {
            let s = mini_z_score(&values);
            prop_assert_eq!(s.total, s.supportive_work_environment + s.work_pace_and_emr_stress);
            prop_assert!((10..=50).contains(&s.total));
            prop_assert!((5..=25).contains(&s.supportive_work_environment));
            prop_assert!((5..=25).contains(&s.work_pace_and_emr_stress));
            prop_assert_eq!(u32::from(s.total), values.iter().map(|v| u32::from(*v)).sum::<u32>());
        }
    }

    #[test]
    fn the_licence_names_its_terms() {
        assert!(MINI_Z_LICENCE.contains("research, programme evaluation and education"));
        assert!(MINI_Z_LICENCE.contains("Institute for Professional Worklife"));
        assert!(MINI_Z_LICENCE.contains("commercial"));
    }

    // --- Own items and forms ---

    fn likert(text: &str, points: u8) -> OwnItemInput {
        OwnItemInput {
            code: None,
            text: text.into(),
            kind: OwnKindInput::Likert { points, low: "Not at all".into(), high: "Completely".into() },
        }
    }

    fn choice(code: &str, text: &str, options: &[&str]) -> OwnItemInput {
        OwnItemInput {
            code: Some(code.into()),
            text: text.into(),
            kind: OwnKindInput::SingleChoice { options: options.iter().map(|o| (*o).to_owned()).collect() },
        }
    }

    fn own_error(item: OwnItemInput) -> OwnItemError {
        match Form::parse(FormInput { own: vec![item], ..FormInput::default() }) {
            Err(FormError::OwnItem { position: 1, error }) => error,
            other => panic!("expected an own item error, got {other:?}"),
        }
    }

    #[test]
    fn own_items_are_checked() {
        let long = "x".repeat(301);
        assert_eq!(own_error(likert("  ", 5)), OwnItemError::Text(TextError::Empty));
        assert_eq!(own_error(likert(&long, 5)), OwnItemError::Text(TextError::TooLong(300)));
        assert_eq!(own_error(likert("Two\nlines", 5)), OwnItemError::Text(TextError::ControlCharacter));
        assert!(OwnItem::parse(likert(&"x".repeat(300), 5)).is_ok());
        assert_eq!(own_error(likert("Supported?", 6)), OwnItemError::LikertPoints(6));
        assert!(OwnItem::parse(likert("Supported?", 7)).is_ok());
        let mut bad_anchor = likert("Supported?", 5);
        bad_anchor.kind = OwnKindInput::Likert { points: 5, low: "y".repeat(81), high: "High".into() };
        assert_eq!(own_error(bad_anchor), OwnItemError::LowAnchor(TextError::TooLong(80)));
        assert_eq!(own_error(choice("ward", "Your ward?", &["A"])), OwnItemError::OptionCount(1));
        let eleven: Vec<String> = (1..=11).map(|i| format!("Option {i}")).collect();
        let refs: Vec<&str> = eleven.iter().map(String::as_str).collect();
        assert_eq!(own_error(choice("ward", "Your ward?", &refs)), OwnItemError::OptionCount(11));
        assert!(OwnItem::parse(choice("ward", "Your ward?", &refs[..10])).is_ok());
        assert_eq!(
            own_error(choice("ward", "Your ward?", &["A", &"z".repeat(81)])),
            OwnItemError::OptionLabel { position: 2, error: TextError::TooLong(80) }
        );
        assert_eq!(
            own_error(choice("ward", "Your ward?", &["Yes", " yes "])),
            OwnItemError::DuplicateOption("yes".into())
        );
        assert_eq!(own_error(choice("Bad-Code", "Your ward?", &["A", "B"])), OwnItemError::Code);
        assert_eq!(own_error(choice(&"a".repeat(33), "Your ward?", &["A", "B"])), OwnItemError::Code);
        assert!(OwnItem::parse(choice(&"a".repeat(32), "Your ward?", &["A", "B"])).is_ok());
    }

    #[test]
    fn forms_ask_something_have_few_own_items_and_unique_codes() {
        assert_eq!(Form::parse(FormInput::default()), Err(FormError::NothingAsked));
        let many =
            FormInput { own: (0..21).map(|i| likert(&format!("Question {i}"), 5)).collect(), ..FormInput::default() };
        assert_eq!(Form::parse(many), Err(FormError::TooManyOwnItems(21)));
        let twenty = FormInput { own: (0..20).map(|_| likert("Same text", 5)).collect(), ..FormInput::default() };
        let form = Form::parse(twenty).unwrap();
        let codes: BTreeSet<&str> = form.own().iter().map(|i| i.code().as_str()).collect();
        assert_eq!(codes.len(), 20, "made codes never collide");
        let dup = FormInput {
            own: vec![choice("ward", "Your ward?", &["A", "B"]), choice("ward", "Your site?", &["C", "D"])],
            ..FormInput::default()
        };
        assert_eq!(Form::parse(dup), Err(FormError::DuplicateCode("ward".into())));
        let item = OwnItem::parse(choice("ward", "Your ward?", &["A", "B"])).unwrap();
        assert_eq!(Form::new(false, false, vec![item.clone(), item]), Err(FormError::DuplicateCode("ward".into())));
    }

    #[test]
    fn codes_are_made_from_the_text_and_avoid_those_given() {
        let input = FormInput {
            own: vec![
                likert("How supported do you feel by your team?", 5),
                choice("how_supported_do_you_feel_by_you", "Given first", &["A", "B"]),
                likert("How supported do you feel by your team?", 7),
                likert("Ça va ?", 5),
                likert("¿?", 5),
            ],
            ..FormInput::default()
        };
        let form = Form::parse(input).unwrap();
        let codes: Vec<&str> = form.own().iter().map(|i| i.code().as_str()).collect();
        assert_eq!(
            codes,
            [
                "how_supported_do_you_feel_by_y_2",
                "how_supported_do_you_feel_by_you",
                "how_supported_do_you_feel_by_y_3",
                "a_va",
                "item"
            ]
        );
        assert!(codes.iter().all(|c| OwnCode::parse(c).is_ok()));
    }

    #[test]
    fn a_form_round_trips_through_json_and_is_checked_on_the_way_in() {
        let form = Form::parse(FormInput {
            burnout: true,
            mini_z: true,
            own: vec![
                likert("Do you know how to ask for peer support?", 5),
                choice("role", "Your role?", &["Doctor", "Nurse"]),
            ],
        })
        .unwrap();
        let json = serde_json::to_string(&form).unwrap();
        assert!(json.contains(r#""code":"do_you_know_how_to_ask_for_peer""#), "{json}");
        assert!(json.contains(r#""type":"single_choice""#), "{json}");
        assert_eq!(serde_json::from_str::<Form>(&json).unwrap(), form);
        assert!(serde_json::from_str::<Form>(r#"{"burnout": false}"#).is_err());
        assert!(
            serde_json::from_str::<Form>(
                r#"{"own": [{"text": "Q", "kind": {"type": "likert", "points": 4, "low": "a", "high": "b"}}]}"#
            )
            .is_err()
        );
        assert!(serde_json::from_str::<Form>(r#"{"burnout": true, "extra": 1}"#).is_err());
    }

    // --- Questions and answers ---

    fn full_form() -> Form {
        Form::parse(FormInput {
            burnout: true,
            mini_z: true,
            own: vec![
                OwnItemInput { code: Some("team".into()), ..likert("My team supports me", 7) },
                choice("contact", "Did a peer supporter contact you?", &["Yes", "No", "Not needed"]),
            ],
        })
        .unwrap()
    }

    fn answers_for(form: &Form, values: &[u8]) -> Vec<(String, String)> {
        form.questions().iter().zip(values).map(|(q, v)| (q.code.to_string(), v.to_string())).collect()
    }

    #[test]
    fn questions_come_in_order_with_their_options() {
        let form = full_form();
        let qs = form.questions();
        let codes: Vec<&str> = qs.iter().map(|q| q.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "burnout",
                "mini_z.1",
                "mini_z.2",
                "mini_z.3",
                "mini_z.4",
                "mini_z.5",
                "mini_z.6",
                "mini_z.7",
                "mini_z.8",
                "mini_z.9",
                "mini_z.10",
                "own.team",
                "own.contact"
            ]
        );
        assert_eq!(qs[0].text, BURNOUT_QUESTION);
        assert_eq!(qs[0].options[2], (3, Some(BURNOUT_LEVELS[2].to_owned())));
        assert_eq!(qs[11].options.len(), 7);
        assert_eq!(qs[11].options[0], (1, Some("Not at all".into())));
        assert_eq!(qs[11].options[3], (4, None));
        assert_eq!(qs[11].options[6], (7, Some("Completely".into())));
        assert_eq!(qs[12].options, [(1, Some("Yes".into())), (2, Some("No".into())), (3, Some("Not needed".into()))]);
        assert!(qs.iter().all(|q| q.code.as_str().parse::<QuestionCode>().as_ref() == Ok(&q.code)));
        assert!(qs[12].code == "own.contact" && qs[12].code == *"own.contact");
    }

    #[test]
    fn a_complete_response_is_read_in_question_order() {
        let form = full_form();
        let values = [3, 4, 3, 3, 3, 2, 2, 2, 1, 2, 3, 6, 1];
        let mut given = answers_for(&form, &values);
        given.reverse();
        given[0].1 = format!(" {} ", given[0].1);
        let answers = form.parse_answers(&given).unwrap();
        assert_eq!(answers.values(), values);
    }

    #[test]
    fn answer_errors_name_the_question() {
        let form = full_form();
        let values = [3, 4, 3, 3, 3, 2, 2, 2, 1, 2, 3, 6, 1];
        let given = answers_for(&form, &values);
        let with = |code: &str, value: &str| -> Vec<(String, String)> {
            given.iter().map(|(c, v)| (c.clone(), if c == code { value.to_owned() } else { v.clone() })).collect()
        };
        let q = |s: &str| s.parse::<QuestionCode>().unwrap();

        let missing: Vec<_> = given.iter().filter(|(c, _)| c != "mini_z.4").cloned().collect();
        assert_eq!(form.parse_answers(&missing), Err(AnswerError::Missing(q("mini_z.4"))));
        assert_eq!(form.parse_answers(&with("burnout", "  ")), Err(AnswerError::Missing(q("burnout"))));
        assert_eq!(
            form.parse_answers(&with("mini_z.1", "6")),
            Err(AnswerError::OutOfRange { code: q("mini_z.1"), value: "6".into() })
        );
        assert_eq!(
            form.parse_answers(&with("burnout", "0")),
            Err(AnswerError::OutOfRange { code: q("burnout"), value: "0".into() })
        );
        assert_eq!(
            form.parse_answers(&with("own.team", "8")),
            Err(AnswerError::OutOfRange { code: q("own.team"), value: "8".into() })
        );
        assert_eq!(
            form.parse_answers(&with("own.contact", "4")),
            Err(AnswerError::OutOfRange { code: q("own.contact"), value: "4".into() })
        );
        assert_eq!(
            form.parse_answers(&with("mini_z.2", "99999999999999999999999")),
            Err(AnswerError::OutOfRange { code: q("mini_z.2"), value: "99999999999999999999999".into() })
        );
        assert_eq!(
            form.parse_answers(&with("mini_z.3", "three")),
            Err(AnswerError::NotANumber { code: q("mini_z.3"), value: "three".into() })
        );
        assert_eq!(
            form.parse_answers(&with("mini_z.3", "3.0")),
            Err(AnswerError::NotANumber { code: q("mini_z.3"), value: "3.0".into() })
        );
        let mut unknown = given.clone();
        unknown.push(("own.nope".into(), "1".into()));
        assert_eq!(form.parse_answers(&unknown), Err(AnswerError::Unknown("own.nope".into())));
        assert_eq!(form.parse_answers(&unknown).unwrap_err().question(), "own.nope");
        let mut twice = given.clone();
        twice.push(("mini_z.5".into(), "3".into()));
        assert_eq!(form.parse_answers(&twice), Err(AnswerError::Repeated(q("mini_z.5"))));
        // A Mini-Z-only form does not know the single item.
        let mz = Form::new(false, true, vec![]).unwrap();
        let mut extra = answers_for(&mz, &[5; 10]);
        extra.push(("burnout".into(), "1".into()));
        assert_eq!(mz.parse_answers(&extra), Err(AnswerError::Unknown("burnout".into())));
    }

    // --- Measures ---

    #[test]
    fn a_response_gives_its_tallies() {
        let form = full_form();
        let values = [3, 4, 3, 3, 3, 2, 2, 2, 1, 2, 3, 6, 1];
        let answers = form.parse_answers(&answers_for(&form, &values)).unwrap();
        let measures: Vec<(String, i64)> = answers.measures(&form).into_iter().map(|(m, v)| (m.code(), v)).collect();
        let want: Vec<(String, i64)> = [
            ("respondents", 0),
            ("burnout", 3),
            // Mini-Z 4,3,3,3,2 | 2,2,1,2,3: supportive 15, pace 10, total 25, item 2 = 3 → burnout.
            ("mini_z.total", 25),
            ("mini_z.swe", 15),
            ("mini_z.pace", 10),
            ("mini_z.burnout", 1),
            ("item.burnout", 3),
            ("item.mini_z.1", 4),
            ("item.mini_z.2", 3),
            ("item.mini_z.3", 3),
            ("item.mini_z.4", 3),
            ("item.mini_z.5", 2),
            ("item.mini_z.6", 2),
            ("item.mini_z.7", 2),
            ("item.mini_z.8", 1),
            ("item.mini_z.9", 2),
            ("item.mini_z.10", 3),
            ("item.own.team", 6),
            ("item.own.contact", 1),
        ]
        .into_iter()
        .map(|(c, v)| (c.to_owned(), v))
        .collect();
        assert_eq!(measures, want);
    }

    #[test]
    fn forms_without_an_instrument_have_none_of_its_tallies() {
        let form = Form::parse(FormInput { burnout: true, ..FormInput::default() }).unwrap();
        let answers = form.parse_answers(&[("burnout".into(), "2".into())]).unwrap();
        assert_eq!(
            answers.measures(&form),
            [(Measure::Respondents, 0), (Measure::Burnout, 2), (Measure::Item(QuestionCode::burnout()), 2)]
        );
        let form = Form::new(false, true, vec![]).unwrap();
        let answers = form.parse_answers(&answers_for(&form, &[5; 10])).unwrap();
        let m = answers.measures(&form);
        assert_eq!(m.len(), 1 + 4 + 10);
        assert!(m.contains(&(Measure::MiniZBurnout, 0)));
        assert!(!m.iter().any(|(x, _)| *x == Measure::Burnout));
    }

    #[test]
    fn measure_codes_parse_back_and_fit() {
        let longest = OwnCode::parse(&"z".repeat(OWN_CODE_MAX)).unwrap();
        let all = [
            Measure::Respondents,
            Measure::Burnout,
            Measure::MiniZTotal,
            Measure::MiniZSwe,
            Measure::MiniZPace,
            Measure::MiniZBurnout,
            Measure::Item(QuestionCode::burnout()),
            Measure::Item("mini_z.10".parse().unwrap()),
            Measure::Item(QuestionCode::own(&longest)),
        ];
        for m in all {
            let code = m.code();
            assert!(code.len() <= MEASURE_CODE_MAX, "{code}");
            assert_eq!(code.parse::<Measure>(), Ok(m.clone()));
            assert_eq!(serde_json::from_str::<Measure>(&serde_json::to_string(&m).unwrap()).unwrap(), m);
        }
        for bad in ["", "item.", "item.mini_z.11", "item.mini_z.01", "item.own.Bad", "item.own.", "mini_z", "Burnout"] {
            assert!(bad.parse::<Measure>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_report_reads_tallies_back() {
        // Three responses to a single-item form: levels 2, 3, 5.
        let form = Form::parse(FormInput { burnout: true, ..FormInput::default() }).unwrap();
        let mut by_measure: BTreeMap<Measure, Histogram> = BTreeMap::new();
        for level in ["2", "3", "5"] {
            let answers = form.parse_answers(&[("burnout".into(), level.into())]).unwrap();
            for (m, v) in answers.measures(&form) {
                by_measure.entry(m).or_default().add(v, 1);
            }
        }
        assert_eq!(by_measure[&Measure::Respondents].n(), 3);
        let burnout = &by_measure[&Measure::Burnout];
        assert_eq!(burnout.share_at_least(BURNOUT_FROM_LEVEL.into()), Some(2.0 / 3.0));
        assert_eq!(burnout.median(), Some(3.0));
    }

    // --- Self-check ---

    #[test]
    fn a_self_check_reads_each_instrument() {
        let form = Form::new(true, true, vec![]).unwrap();
        // Level 2 on the single item; Mini-Z as the contented worked example.
        let mut values = vec![2];
        values.extend([5, 4, 4, 4, 3, 3, 4, 4, 4, 5]);
        let answers = form.parse_answers(&answers_for(&form, &values)).unwrap();
        let reading = self_check_reading(&form, &answers);
        assert_eq!(reading.burnout, Some(BurnoutReading { level: 2, burned_out: false }));
        assert_eq!(reading.mini_z.map(|m| m.total), Some(40));
        assert!(!reading.seek_help);
        assert_eq!(
            reading.messages(),
            [
                SelfCheckMessage::BurnoutStressed,
                SelfCheckMessage::MiniZJoyful,
                SelfCheckMessage::MiniZSupportive,
                SelfCheckMessage::MiniZPaceReasonable,
                SelfCheckMessage::MiniZNoBurnout,
            ]
        );
    }

    #[test]
    fn a_self_check_suggests_help_at_the_far_end_of_either_burnout_item() {
        let single = Form::parse(FormInput { burnout: true, ..FormInput::default() }).unwrap();
        let read = |level: &str| {
            let answers = single.parse_answers(&[("burnout".into(), level.into())]).unwrap();
            self_check_reading(&single, &answers)
        };
        assert_eq!(read("3").messages(), [SelfCheckMessage::BurnoutSymptoms]);
        assert_eq!(read("4").messages(), [SelfCheckMessage::BurnoutPersistent, SelfCheckMessage::SeekHelp]);
        assert_eq!(read("5").messages(), [SelfCheckMessage::BurnoutComplete, SelfCheckMessage::SeekHelp]);
        assert_eq!(read("1").messages(), [SelfCheckMessage::BurnoutNone]);

        let mz = Form::new(false, true, vec![]).unwrap();
        let read = |item2: u8| {
            let mut v = [3; 10];
            v[1] = item2;
            let answers = mz.parse_answers(&answers_for(&mz, &v)).unwrap();
            self_check_reading(&mz, &answers)
        };
        assert!(!read(3).seek_help && read(3).mini_z.is_some_and(|m| m.burned_out));
        assert!(read(2).seek_help && read(1).seek_help);
        assert_eq!(
            read(2).messages(),
            [
                SelfCheckMessage::MiniZBelowJoyful,
                SelfCheckMessage::MiniZLessSupportive,
                SelfCheckMessage::MiniZPaceStrained,
                SelfCheckMessage::MiniZBurnout,
                SelfCheckMessage::SeekHelp,
            ]
        );
    }

    #[test]
    fn own_items_alone_give_no_reading() {
        let form = Form::parse(FormInput { own: vec![likert("Rested?", 5)], ..FormInput::default() }).unwrap();
        let answers = form.parse_answers(&[("own.rested".into(), "4".into())]).unwrap();
        let reading = self_check_reading(&form, &answers);
        assert_eq!(reading, SelfCheckReading { burnout: None, mini_z: None, seek_help: false });
        assert!(reading.messages().is_empty());
    }
}
