//! Server-rendered, accessible charts: an inline SVG drawing with a legend, and the same numbers
//! as a table (in a `<details>`) for anyone who cannot see or read the drawing.
//!
//! This module only computes numbers (coordinates, tick values) and plain strings (formatted
//! values, shortened labels); every bit of markup is in `templates/chart.html`, so askama escapes
//! every caller-supplied text. A page includes a chart with `{% include "chart.html" %}` where a
//! variable `chart` (a `Chart` or `&Chart`, e.g. a loop variable) is in scope. Colours are CSS
//! classes (`chart-s0` … `chart-s4` in `app.css`) because the CSP forbids `style` attributes.
//!
//! A value that is not shown (`None`: held back by suppression, or simply missing) and a value of
//! zero both draw nothing in a bar chart, so the drawing never tells a held-back value from a zero;
//! only the table (which reads `hidden_label`) does, and that is the caller's choice of wording.

/// How many colours the palette has (`chart-s0` … `chart-s4` in `app.css`); series beyond that
/// reuse colours in order, so charts should keep to this many series.
pub const PALETTE_SIZE: usize = 5;

/// Width of every chart's viewBox. The SVG scales to its container; a fixed width keeps the
/// layout arithmetic simple and font sizes predictable relative to the drawing.
const WIDTH: f64 = 600.0;
/// Font size (user units) the layout assumes; `chart.html` sets the same on the `<svg>`.
const FONT: f64 = 12.0;
/// Rough advance of one character at `FONT` in a sans-serif face. Only used to decide whether
/// labels fit, so erring wide is safe.
const CHAR_W: f64 = 6.8;
/// Height of the plot area of a vertical chart.
const PLOT_H: f64 = 240.0;
/// Beyond this many categories, bars become horizontal and line-chart labels are thinned, since
/// a column per category gets too narrow to label.
const MAX_COLUMNS: usize = 12;
/// Longest category label (in characters) before it is shortened, when rotated …
const ROTATED_CHARS: usize = 18;
/// … and when written beside a horizontal bar.
const SIDE_CHARS: usize = 24;
/// Widest a single bar gets, so a chart with two categories does not draw slabs.
const MAX_BAR: f64 = 48.0;
/// sin 45° = cos 45°: the rotated labels' extent.
const DIAG: f64 = std::f64::consts::FRAC_1_SQRT_2;
/// Radius of the markers on a line chart.
const DOT_R: f64 = 3.5;

/// One series of a chart: a label and one value per category; `None` = not shown (held back by
/// suppression, or empty) — drawn the same way for both. Values beyond the categories are ignored,
/// missing ones count as `None`, and non-finite ones (NaN, ∞) are treated as not shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// The series' name, in the legend and the table header.
    pub label: String,
    /// One value per category, in the same order as `Chart::categories`.
    pub values: Vec<Option<f64>>,
}

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ChartKind {
    /// One bar per value; several series are grouped side by side within a category.
    #[default]
    Bars,
    /// One bar per category, each series a segment stacked on the previous ones (negative values
    /// stack downwards from zero).
    StackedBars,
    /// One line per series across the categories, broken where a value is not shown.
    Line,
}

/// A chart to render with `templates/chart.html`. All text fields are caller-supplied, already
/// translated, and escaped by the template.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chart {
    /// Unique on the page: the SVG's `<title>` and `<desc>` ids derive from it. Characters other
    /// than ASCII letters, digits, `-` and `_` are replaced so the ids stay valid.
    pub id: String,
    /// The caption (and the SVG's title).
    pub title: String,
    /// A one-sentence summary for screen readers (the SVG's `<desc>`).
    pub description: String,
    /// The unit of the values, e.g. "cases", "%", "hours"; empty for none.
    pub unit: String,
    /// How the series are drawn.
    pub kind: ChartKind,
    /// The categories along the category axis (months, departments …).
    pub categories: Vec<String>,
    /// The series, at most [`PALETTE_SIZE`] for distinct colours.
    pub series: Vec<Series>,
    /// What a not-shown value reads as in the table, e.g. "–".
    pub hidden_label: String,
    /// Text explaining held-back values, shown under the legend and the table; empty for none.
    pub hidden_note: String,
    /// The heading of the table's category column, e.g. "Month" or "Department".
    pub category_label: String,
    /// The summary of the `<details>` holding the table, e.g. "Show as a table".
    pub table_label: String,
    /// Shown instead of the drawing when no value can be drawn (all held back or empty), so an
    /// empty plot never looks like a broken one.
    pub empty_label: String,
}

/// A chart's geometry and table text, ready for `templates/chart.html`. All coordinates are in
/// viewBox units, rounded to 0.1, and lie within `0..=width` × `0..=height`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSvg {
    /// The id prefix for `<title>` and `<desc>` (the chart's id, made safe for an id attribute).
    pub id: String,
    /// The viewBox width.
    pub width: f64,
    /// The viewBox height.
    pub height: f64,
    /// Whether bars run left to right (many categories) rather than bottom to top.
    pub horizontal: bool,
    /// Grid lines and their value labels.
    pub ticks: Vec<Tick>,
    /// `text-anchor` of the tick labels.
    pub tick_anchor: &'static str,
    /// `dy` of the tick labels (vertical alignment relative to the tick position).
    pub tick_dy: &'static str,
    /// The zero line of the value axis.
    pub axis: Segment,
    /// The labels of the categories (possibly only every few, possibly shortened).
    pub labels: Vec<CategoryLabel>,
    /// Where the unit is written, if there is one.
    pub unit: Option<TextAt>,
    /// Bars (and stacked segments); values not shown and zeros have none.
    pub bars: Vec<Bar>,
    /// Runs of connected points of a line chart (a run ends where a value is not shown).
    pub lines: Vec<LineRun>,
    /// Markers of a line chart, one per shown value.
    pub dots: Vec<Dot>,
    /// The legend entries; empty when there is only one series (the title names it).
    pub legend: Vec<LegendItem>,
    /// One table row per category.
    pub rows: Vec<TableRow>,
}

/// A grid line at one round value of the value axis, and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// The grid line.
    pub line: Segment,
    /// Where the label is written.
    pub label_x: f64,
    /// Where the label is written.
    pub label_y: f64,
    /// The value, formatted.
    pub label: String,
}

/// A straight line from (`x1`, `y1`) to (`x2`, `y2`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Start.
    pub x1: f64,
    /// Start.
    pub y1: f64,
    /// End.
    pub x2: f64,
    /// End.
    pub y2: f64,
}

/// A category's label on the category axis.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryLabel {
    /// Anchor point.
    pub x: f64,
    /// Anchor point.
    pub y: f64,
    /// `text-anchor`.
    pub anchor: &'static str,
    /// `dy`, aligning the text relative to the anchor point.
    pub dy: &'static str,
    /// Whether the label is turned 45° (around its anchor point) to fit.
    pub rotate: bool,
    /// The text shown: the category, shortened with "…" when too long.
    pub text: String,
    /// The full category when `text` is shortened (shown as a tooltip via `<title>`).
    pub full: Option<String>,
}

/// A piece of text at a point.
#[derive(Debug, Clone, PartialEq)]
pub struct TextAt {
    /// Anchor point.
    pub x: f64,
    /// Anchor point.
    pub y: f64,
    /// `text-anchor`.
    pub anchor: &'static str,
}

/// A bar or a stacked segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The series' colour, `0..PALETTE_SIZE` (CSS class `chart-s{colour}`).
    pub colour: usize,
}

/// A point of a line chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
}

/// Consecutive shown values of one series, joined by a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRun {
    /// The series' colour.
    pub colour: usize,
    /// Two or more points.
    pub points: Vec<Point>,
}

/// A marker on a line chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dot {
    /// Centre.
    pub x: f64,
    /// Centre.
    pub y: f64,
    /// Radius.
    pub r: f64,
    /// The series' colour.
    pub colour: usize,
}

/// A legend entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    /// The series' label.
    pub label: String,
    /// The series' colour.
    pub colour: usize,
}

/// A row of the table alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// The category (the row header).
    pub category: String,
    /// One formatted value per series; `hidden_label` where a value is not shown.
    pub cells: Vec<String>,
}

impl Chart {
    /// Whether any value can be drawn (shown, finite and not zero).
    #[must_use]
    pub fn has_values(&self) -> bool {
        self.series.iter().flat_map(|s| s.values.iter()).any(|v| v.is_some_and(|v| v.is_finite() && v != 0.0))
    }

    /// The chart's geometry and table text, for `templates/chart.html`.
    #[must_use]
    pub fn svg(&self) -> ChartSvg {
        let n = self.categories.len();
        let horizontal = self.kind != ChartKind::Line && n > MAX_COLUMNS;
        let (lo, hi) = self.domain();
        let scale = Scale::nice(lo, hi, self.all_integral());
        let tick_labels: Vec<String> = scale.ticks.iter().map(|&t| format_value(t)).collect();
        let tick_chars = tick_labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
        let label_chars = self.categories.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        let frame = if horizontal {
            Frame::horizontal(n, self.row_height(), tick_chars, label_chars, !self.unit.is_empty())
        } else {
            Frame::vertical(n, tick_chars, label_chars, self.label_step(), !self.unit.is_empty())
        };

        let ticks = scale
            .ticks
            .iter()
            .zip(tick_labels)
            .map(|(&t, label)| {
                let p = frame.value_pos(&scale, t);
                if horizontal {
                    Tick {
                        line: segment(p, frame.top, p, frame.bottom),
                        label_x: r1(p),
                        label_y: r1(frame.bottom + 6.0),
                        label,
                    }
                } else {
                    Tick {
                        line: segment(frame.left, p, frame.right, p),
                        label_x: r1(frame.left - 6.0),
                        label_y: r1(p),
                        label,
                    }
                }
            })
            .collect();
        let zero = frame.value_pos(&scale, 0.0);
        let axis = if horizontal {
            segment(zero, frame.top, zero, frame.bottom)
        } else {
            segment(frame.left, zero, frame.right, zero)
        };
        let unit = (!self.unit.is_empty()).then(|| {
            if horizontal {
                TextAt { x: r1(frame.right), y: r1(frame.bottom + 28.0), anchor: "end" }
            } else {
                TextAt { x: 4.0, y: 14.0, anchor: "start" }
            }
        });

        let (bars, lines, dots) = match self.kind {
            ChartKind::Bars => (self.grouped_bars(&frame, &scale), Vec::new(), Vec::new()),
            ChartKind::StackedBars => (self.stacked_bars(&frame, &scale), Vec::new(), Vec::new()),
            ChartKind::Line => {
                let (lines, dots) = self.lines(&frame, &scale);
                (Vec::new(), lines, dots)
            }
        };
        let legend = if self.series.len() > 1 {
            self.series
                .iter()
                .enumerate()
                .map(|(s, series)| LegendItem { label: series.label.clone(), colour: s % PALETTE_SIZE })
                .collect()
        } else {
            Vec::new()
        };

        ChartSvg {
            id: dom_id(&self.id),
            width: WIDTH,
            height: r1(frame.height),
            horizontal,
            ticks,
            tick_anchor: if horizontal { "middle" } else { "end" },
            tick_dy: if horizontal { "0.71em" } else { "0.35em" },
            axis,
            labels: self.category_labels(&frame),
            unit,
            bars,
            lines,
            dots,
            legend,
            rows: self.rows(),
        }
    }

    /// The shown values, series by series: `(category, series, value)`.
    fn shown(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        self.series.iter().enumerate().flat_map(move |(s, series)| {
            (0..self.categories.len()).filter_map(move |i| value(series, i).map(|v| (i, s, v)))
        })
    }

    /// The range the value axis must cover; always includes zero, so bars have a baseline and
    /// lines are not exaggerated. (0, 0) when nothing is shown.
    fn domain(&self) -> (f64, f64) {
        let (mut lo, mut hi) = (0.0_f64, 0.0_f64);
        if self.kind == ChartKind::StackedBars {
            let mut pos = vec![0.0_f64; self.categories.len()];
            let mut neg = vec![0.0_f64; self.categories.len()];
            for (i, _, v) in self.shown() {
                if let Some(slot) = if v >= 0.0 { pos.get_mut(i) } else { neg.get_mut(i) } {
                    *slot += v;
                }
            }
            hi = pos.iter().copied().fold(hi, f64::max);
            lo = neg.iter().copied().fold(lo, f64::min);
        } else {
            for (_, _, v) in self.shown() {
                hi = hi.max(v);
                lo = lo.min(v);
            }
        }
        (lo, hi)
    }

    /// Whether every shown value is a whole number, so ticks need not go below 1 (no "0.5 cases").
    fn all_integral(&self) -> bool {
        self.shown().all(|(_, _, v)| v.fract() == 0.0)
    }

    /// Height of one category's row in a horizontal chart: room for each grouped bar, and at least
    /// a line of text.
    fn row_height(&self) -> f64 {
        let bars = if self.kind == ChartKind::Bars { self.series.len().max(1) } else { 1 };
        let needed = 8.0 + 12.0 * bars as f64;
        needed.max(FONT + 10.0)
    }

    /// Label every `step`th category, so a long line chart's labels do not collide.
    fn label_step(&self) -> usize {
        let n = self.categories.len();
        if n > MAX_COLUMNS { n.div_ceil(MAX_COLUMNS) } else { 1 }
    }

    fn category_labels(&self, frame: &Frame) -> Vec<CategoryLabel> {
        let step = if frame.horizontal { 1 } else { self.label_step() };
        self.categories
            .iter()
            .enumerate()
            .filter(|(i, _)| i % step == 0)
            .map(|(i, category)| {
                let centre = frame.band_start(i) + frame.band / 2.0;
                let (x, y, anchor, dy, limit) = if frame.horizontal {
                    (frame.left - 6.0, centre, "end", "0.35em", Some(SIDE_CHARS))
                } else if frame.rotate {
                    (centre, frame.bottom + 8.0, "end", "0.35em", Some(ROTATED_CHARS))
                } else {
                    // Fits as it is (checked when laying out).
                    (centre, frame.bottom + 8.0, "middle", "0.71em", None)
                };
                let (text, full) = match limit {
                    Some(max) if category.chars().count() > max => {
                        let mut short: String = category.chars().take(max - 1).collect();
                        short.push('…');
                        (short, Some(category.clone()))
                    }
                    _ => (category.clone(), None),
                };
                CategoryLabel { x: r1(x), y: r1(y), anchor, dy, rotate: frame.rotate, text, full }
            })
            .collect()
    }

    fn grouped_bars(&self, frame: &Frame, scale: &Scale) -> Vec<Bar> {
        let count = self.series.len().max(1);
        let count_f = count as f64;
        let share = if count == 1 { 0.6 } else { 0.8 };
        let thickness = (frame.band * share / count_f).min(MAX_BAR);
        let offset = (frame.band - thickness * count_f) / 2.0;
        let zero = frame.value_pos(scale, 0.0);
        let mut bars = Vec::new();
        for (i, s, v) in self.shown() {
            if v == 0.0 {
                continue; // drawn like a value not shown: nothing
            }
            let start = frame.band_start(i) + offset + thickness * s as f64;
            // A non-zero value gets at least a sliver, so "small" does not read as "nothing".
            let end = nudge(zero, frame.value_pos(scale, v), v, frame.horizontal);
            bars.push(frame.bar(start, thickness, zero, end, s % PALETTE_SIZE));
        }
        bars
    }

    fn stacked_bars(&self, frame: &Frame, scale: &Scale) -> Vec<Bar> {
        let thickness = (frame.band * 0.6).min(MAX_BAR);
        let offset = (frame.band - thickness) / 2.0;
        let mut pos = vec![0.0_f64; self.categories.len()];
        let mut neg = vec![0.0_f64; self.categories.len()];
        let mut bars = Vec::new();
        for (s, series) in self.series.iter().enumerate() {
            for i in 0..self.categories.len() {
                let Some(v) = value(series, i) else { continue };
                if v == 0.0 {
                    continue;
                }
                let Some(total) = (if v > 0.0 { pos.get_mut(i) } else { neg.get_mut(i) }) else { continue };
                let from = frame.value_pos(scale, *total);
                *total += v;
                let to = frame.value_pos(scale, *total);
                let bar = frame.bar(frame.band_start(i) + offset, thickness, from, to, s % PALETTE_SIZE);
                // A segment too thin to see after rounding is left out rather than drawn as an
                // empty rect.
                if bar.width > 0.0 && bar.height > 0.0 {
                    bars.push(bar);
                }
            }
        }
        bars
    }

    fn lines(&self, frame: &Frame, scale: &Scale) -> (Vec<LineRun>, Vec<Dot>) {
        let mut lines = Vec::new();
        let mut dots = Vec::new();
        for (s, series) in self.series.iter().enumerate() {
            let colour = s % PALETTE_SIZE;
            let mut run = Vec::new();
            for i in 0..self.categories.len() {
                match value(series, i) {
                    Some(v) => {
                        let p =
                            Point { x: r1(frame.band_start(i) + frame.band / 2.0), y: r1(frame.value_pos(scale, v)) };
                        dots.push(Dot { x: p.x, y: p.y, r: DOT_R, colour });
                        run.push(p);
                    }
                    None => flush(&mut run, &mut lines, colour),
                }
            }
            flush(&mut run, &mut lines, colour);
        }
        (lines, dots)
    }

    fn rows(&self) -> Vec<TableRow> {
        self.categories
            .iter()
            .enumerate()
            .map(|(i, category)| TableRow {
                category: category.clone(),
                cells: self
                    .series
                    .iter()
                    .map(|s| value(s, i).map_or_else(|| self.hidden_label.clone(), format_value))
                    .collect(),
            })
            .collect()
    }
}

/// Value `i` of series `s`, if it is shown and can be drawn.
fn value(s: &Series, i: usize) -> Option<f64> {
    s.values.get(i).copied().flatten().filter(|v| v.is_finite())
}

/// Ends a line run: two or more points make a line; a lone point is only its dot.
fn flush(run: &mut Vec<Point>, lines: &mut Vec<LineRun>, colour: usize) {
    let points = std::mem::take(run);
    if points.len() > 1 {
        lines.push(LineRun { colour, points });
    }
}

/// Moves `end` (the position of value `v`) at least one unit away from `zero`, so a tiny non-zero
/// bar stays visible.
fn nudge(zero: f64, end: f64, v: f64, horizontal: bool) -> f64 {
    if (end - zero).abs() >= 1.0 {
        return end;
    }
    // Positive values grow rightwards in a horizontal chart, upwards (smaller y) in a vertical one.
    let positive = if horizontal { 1.0 } else { -1.0 };
    zero + if v > 0.0 { positive } else { -positive }
}

/// The value axis: a range with round ends and the round values to mark on it.
#[derive(Debug)]
struct Scale {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Scale {
    /// Round ends and about five round steps (1, 2 or 5 × 10ⁿ) covering `lo..=hi`.
    fn nice(lo: f64, hi: f64, integral: bool) -> Self {
        if !(lo.is_finite() && hi.is_finite()) {
            return Self { lo: 0.0, hi: 1.0, ticks: vec![0.0, 1.0] };
        }
        // Nothing shown (or all zeros): an empty 0–1 axis rather than a division by zero.
        let hi = if hi - lo > 0.0 { hi } else { lo + 1.0 };
        let span = hi - lo;
        if !span.is_finite() {
            return Self::plain(lo, hi);
        }
        let raw = span / 5.0;
        let magnitude = 10_f64.powf(raw.log10().floor());
        let step = match raw / magnitude {
            m if m <= 1.0 => 1.0,
            m if m <= 2.0 => 2.0,
            m if m <= 5.0 => 5.0,
            _ => 10.0,
        } * magnitude;
        // Values are shown to one decimal at most, so ticks finer than that would repeat labels.
        let step = step.max(if integral { 1.0 } else { 0.1 });
        let (nlo, nhi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
        if !(nlo.is_finite() && nhi.is_finite() && step.is_finite()) {
            return Self::plain(lo, hi);
        }
        let steps = ((nhi - nlo) / step).round();
        if !(1.0..=20.0).contains(&steps) {
            return Self::plain(lo, hi);
        }
        // In 1..=20 (checked above), so the cast is exact.
        let steps = steps as usize;
        let ticks = (0..=steps).map(|k| clean_zero(nlo + step * k as f64)).collect();
        Self { lo: nlo, hi: nhi, ticks }
    }

    /// For ranges too wide to round (near `f64::MAX`): the ends and zero.
    fn plain(lo: f64, hi: f64) -> Self {
        let ticks = if lo < 0.0 && hi > 0.0 { vec![lo, 0.0, hi] } else { vec![lo, hi] };
        Self { lo, hi, ticks }
    }

    /// Where `v` falls between the ends, clamped to 0..=1 so nothing is drawn outside the plot.
    fn fraction(&self, v: f64) -> f64 {
        // Halved before subtracting so ranges near f64::MAX do not overflow to infinity.
        let t = (v / 2.0 - self.lo / 2.0) / (self.hi / 2.0 - self.lo / 2.0);
        if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) }
    }
}

/// The plot area within the viewBox and how categories are laid along it.
#[derive(Debug)]
struct Frame {
    horizontal: bool,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    height: f64,
    /// Length of one category's band along the category axis.
    band: f64,
    /// Whether category labels are turned 45° (vertical charts only).
    rotate: bool,
}

impl Frame {
    /// Columns: values upwards, categories left to right.
    fn vertical(n: usize, tick_chars: usize, label_chars: usize, step: usize, unit: bool) -> Self {
        const RIGHT_MARGIN: f64 = 12.0;
        let (n_f, step_f, tick_f, label_f) = (n.max(1) as f64, step as f64, tick_chars as f64, label_chars as f64);
        let mut left = (tick_f * CHAR_W + 10.0).max(30.0);
        let band = (WIDTH - left - RIGHT_MARGIN) / n_f;
        let rotate = label_f * CHAR_W > band * step_f - 6.0;
        let bottom_margin = if rotate {
            let extent = label_f.min(ROTATED_CHARS as f64) * CHAR_W * DIAG + FONT;
            // The first label slants down-left from its column's centre; widen the left margin
            // until it ends inside the viewBox. Solves left + band/2 − extent ≥ 2 with
            // band = (WIDTH − left − RIGHT_MARGIN) / n.
            let needed = (extent + 2.0 - (WIDTH - RIGHT_MARGIN) / (2.0 * n_f)) / (1.0 - 1.0 / (2.0 * n_f));
            left = left.max(needed);
            8.0 + extent + 4.0
        } else {
            8.0 + FONT + 6.0
        };
        let top = if unit { 26.0 } else { 12.0 };
        let right = WIDTH - RIGHT_MARGIN;
        let bottom = top + PLOT_H;
        Self {
            horizontal: false,
            left,
            right,
            top,
            bottom,
            height: bottom + bottom_margin,
            band: (right - left) / n_f,
            rotate,
        }
    }

    /// Rows: values rightwards, categories top to bottom, labels beside them.
    fn horizontal(n: usize, row: f64, tick_chars: usize, label_chars: usize, unit: bool) -> Self {
        let (n_f, tick_f, label_f) = (n as f64, tick_chars as f64, label_chars.min(SIDE_CHARS) as f64);
        let left = (label_f * CHAR_W + 12.0).max(40.0);
        // The last tick label is centred on the right edge of the plot.
        let right = WIDTH - (tick_f * CHAR_W / 2.0 + 4.0).max(12.0);
        let top = 8.0;
        let bottom = top + row * n_f;
        let bottom_margin = 8.0 + FONT + 4.0 + if unit { FONT + 8.0 } else { 0.0 };
        Self { horizontal: true, left, right, top, bottom, height: bottom + bottom_margin, band: row, rotate: false }
    }

    /// Where category `i`'s band starts along the category axis.
    fn band_start(&self, i: usize) -> f64 {
        let offset = self.band * i as f64;
        if self.horizontal { self.top + offset } else { self.left + offset }
    }

    /// Where `v` falls along the value axis.
    fn value_pos(&self, scale: &Scale, v: f64) -> f64 {
        let t = scale.fraction(v);
        if self.horizontal {
            self.left + t * (self.right - self.left)
        } else {
            self.bottom - t * (self.bottom - self.top)
        }
    }

    /// A bar across the category axis from `start` (length `thickness`), and along the value axis
    /// between positions `a` and `b`.
    fn bar(&self, start: f64, thickness: f64, a: f64, b: f64, colour: usize) -> Bar {
        let (lo, hi) = (a.min(b), a.max(b));
        // Rounded per edge, so stacked segments meet exactly.
        let (start, end, lo, hi) = (r1(start), r1(start + thickness), r1(lo), r1(hi));
        if self.horizontal {
            Bar { x: lo, y: start, width: r1(hi - lo), height: r1(end - start), colour }
        } else {
            Bar { x: start, y: lo, width: r1(end - start), height: r1(hi - lo), colour }
        }
    }
}

fn segment(x1: f64, y1: f64, x2: f64, y2: f64) -> Segment {
    Segment { x1: r1(x1), y1: r1(y1), x2: r1(x2), y2: r1(y2) }
}

/// Rounds a coordinate to 0.1: plenty at any screen size, and short in the markup.
fn r1(x: f64) -> f64 {
    clean_zero((x * 10.0).round() / 10.0)
}

/// −0 prints as "-0"; make it 0.
fn clean_zero(x: f64) -> f64 {
    if x == 0.0 { 0.0 } else { x }
}

/// A value for a label or table cell: at most one decimal, whole numbers without one. Values too
/// large to write out (≥ 10¹⁵, never a real count) are written in exponent form.
#[must_use]
pub fn format_value(v: f64) -> String {
    if !v.is_finite() || v.abs() >= 1e15 {
        return format!("{v:.1e}");
    }
    let rounded = clean_zero((v * 10.0).round() / 10.0);
    if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded:.1}") }
}

/// `id` with anything but ASCII letters, digits, `-` and `_` replaced by `-`, so it works in
/// `id` and in the space-separated `aria-labelledby` list; "chart" when empty.
fn dom_id(id: &str) -> String {
    if id.is_empty() {
        return "chart".to_owned();
    }
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use askama::Template;

    use super::*;

    /// A page that includes charts the way report pages will: a loop variable named `chart`.
    #[derive(Template)]
    #[template(source = "{% for chart in charts %}{% include \"chart.html\" %}{% endfor %}", ext = "html")]
    struct Page<'a> {
        charts: &'a [Chart],
    }

    fn render(charts: &[Chart]) -> String {
        Page { charts }.render().unwrap()
    }

    fn chart(kind: ChartKind, categories: &[&str], series: &[(&str, &[Option<f64>])]) -> Chart {
        Chart {
            id: "c1".into(),
            title: "Cases by month".into(),
            description: "Cases rose in spring.".into(),
            unit: "cases".into(),
            kind,
            categories: categories.iter().map(|&c| c.to_owned()).collect(),
            series: series
                .iter()
                .map(|&(label, values)| Series { label: label.into(), values: values.to_vec() })
                .collect(),
            hidden_label: "–".into(),
            hidden_note: "Values under 5 are held back.".into(),
            category_label: "Month".into(),
            table_label: "Show as a table".into(),
            empty_label: "Nothing to draw.".into(),
        }
    }

    fn inside(g: &ChartSvg) {
        let x_ok = |x: f64| (0.0..=g.width).contains(&x);
        let y_ok = |y: f64| (0.0..=g.height).contains(&y);
        for b in &g.bars {
            assert!(x_ok(b.x) && x_ok(b.x + b.width) && y_ok(b.y) && y_ok(b.y + b.height), "{b:?} in {g:?}");
            assert!(b.width > 0.0 && b.height > 0.0, "{b:?}");
        }
        for d in &g.dots {
            assert!(x_ok(d.x - d.r) && x_ok(d.x + d.r) && y_ok(d.y - d.r) && y_ok(d.y + d.r), "{d:?}");
        }
        for p in g.lines.iter().flat_map(|l| &l.points) {
            assert!(x_ok(p.x) && y_ok(p.y), "{p:?}");
        }
        for s in g.ticks.iter().map(|t| &t.line).chain([&g.axis]) {
            assert!(x_ok(s.x1) && x_ok(s.x2) && y_ok(s.y1) && y_ok(s.y2), "{s:?}");
        }
        for l in &g.labels {
            assert!(x_ok(l.x) && y_ok(l.y), "{l:?}");
        }
        for t in &g.ticks {
            assert!(x_ok(t.label_x) && y_ok(t.label_y), "{t:?}");
        }
    }

    #[test]
    fn bars_with_a_hidden_value_render_safely_with_a_table() {
        let c = chart(
            ChartKind::Bars,
            &["Jan", "Feb", "Mar"],
            &[("Opened", &[Some(3.0), None, Some(7.5)]), ("Closed", &[Some(2.0), Some(4.0), Some(1.0)])],
        );
        let html = render(std::slice::from_ref(&c));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains(r#"<svg class="chart-svg" role="img" aria-labelledby="c1-title c1-desc""#), "{html}");
        assert!(html.contains(r#"<title id="c1-title">Cases by month</title>"#), "{html}");
        assert!(html.contains(r#"<desc id="c1-desc">Cases rose in spring.</desc>"#), "{html}");
        assert!(html.contains("<table>") && html.contains("<caption>"), "{html}");
        assert!(html.contains(r#"<th scope="col">Month</th>"#), "{html}");
        assert!(html.contains(r#"<th scope="row">Feb</th><td>–</td><td>4</td>"#), "{html}");
        assert!(html.contains(r#"<th scope="row">Mar</th><td>7.5</td><td>1</td>"#), "{html}");
        assert!(html.contains("Values under 5 are held back."), "{html}");
        // Two series: a legend with swatches; five values shown, one held back.
        assert!(html.contains("chart-legend"), "{html}");
        assert_eq!(c.svg().bars.len(), 5);
        assert_eq!(html.matches("<rect class=\"chart-bar").count(), 5, "{html}");
        inside(&c.svg());
    }

    #[test]
    fn a_hidden_value_and_a_zero_draw_the_same() {
        let values = |middle| [Some(3.0), middle, Some(7.0)];
        for kind in [ChartKind::Bars, ChartKind::StackedBars] {
            let hidden = chart(kind, &["Jan", "Feb", "Mar"], &[("A", &values(None)), ("B", &[Some(1.0); 3])]);
            let zero = chart(kind, &["Jan", "Feb", "Mar"], &[("A", &values(Some(0.0))), ("B", &[Some(1.0); 3])]);
            let (h, z) = (render(std::slice::from_ref(&hidden)), render(std::slice::from_ref(&zero)));
            assert_ne!(h, z, "the table tells them apart");
            assert_eq!(h.replace("<td>–</td>", "<td>0</td>"), z);
            assert_eq!(hidden.svg().bars, zero.svg().bars);
            assert_eq!(hidden.svg().bars.len(), 5);
        }
    }

    #[test]
    fn geometry_stays_inside_the_view_box() {
        let big = [Some(1e9), Some(0.0), Some(3.0), None];
        let huge = [Some(f64::MAX), Some(f64::MAX), Some(-f64::MAX), Some(f64::MIN_POSITIVE)];
        let odd = [Some(f64::NAN), Some(f64::INFINITY), Some(-2.5), Some(0.04)];
        let zeros = [Some(0.0); 4];
        let cats = ["A", "B", "C", "D"];
        let many: Vec<String> = (0..40).map(|i| format!("Department of something rather long {i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let many_values: Vec<Option<f64>> = (0..40).map(|i| Some(f64::from(i) * 1.5)).collect();
        for kind in [ChartKind::Bars, ChartKind::StackedBars, ChartKind::Line] {
            for values in [&big, &huge, &odd, &zeros] {
                let c = chart(kind, &cats, &[("A", values), ("B", values)]);
                let g = c.svg();
                inside(&g);
                let html = render(&[c]);
                assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
            }
            let c = chart(kind, &many, &[("A", &many_values), ("B", &many_values)]);
            inside(&c.svg());
            let c = chart(kind, &many[..12], &[("A", &many_values[..12])]);
            inside(&c.svg());
        }
    }

    #[test]
    fn nothing_shown_gives_an_empty_chart() {
        for kind in [ChartKind::Bars, ChartKind::StackedBars, ChartKind::Line] {
            let c = chart(kind, &["Jan", "Feb"], &[("A", &[None, None])]);
            let g = c.svg();
            assert!(g.bars.is_empty() && g.lines.is_empty() && g.dots.is_empty());
            assert_eq!(g.ticks.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(), ["0", "1"]);
            inside(&g);
            let html = render(&[c]);
            assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
            assert_eq!(html.matches("<td>–</td>").count(), 2);
        }
        // No categories and no series at all.
        let c = chart(ChartKind::Bars, &[], &[]);
        inside(&c.svg());
        assert!(!render(&[c]).contains("NaN"));
    }

    #[test]
    fn text_is_escaped() {
        let mut c =
            chart(ChartKind::Bars, &["<b>&\"", "Feb"], &[("<i>", &[Some(1.0), Some(2.0)]), ("B", &[None, None])]);
        c.title = "<script>alert(1)</script>".into();
        c.id = "x\" onload=\"y".into();
        let html = render(&[c]);
        assert!(html.contains("&#60;b&#62;&#38;&#34;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("<i>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onload=\""), "{html}");
    }

    #[test]
    fn ids_are_unique_across_charts() {
        let mut a = chart(ChartKind::Bars, &["Jan"], &[("A", &[Some(1.0)])]);
        let mut b = chart(ChartKind::Line, &["Jan"], &[("A", &[Some(1.0)])]);
        a.id = "cases".into();
        b.id = "hours".into();
        let html = render(&[a, b]);
        let ids: Vec<&str> = html.split(" id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
        assert_eq!(ids.len(), 4, "{html}");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "{ids:?}");
    }

    #[test]
    fn long_and_many_categories_stay_readable() {
        let long = "Emergency Department and Acute Medical Unit";
        let c = chart(ChartKind::Bars, &[long, "ICU"], &[("A", &[Some(4.0), Some(2.0)])]);
        let g = c.svg();
        assert!(!g.horizontal);
        let first = &g.labels[0];
        assert!(first.rotate);
        assert_eq!(first.full.as_deref(), Some(long));
        assert!(first.text.ends_with('…') && first.text.chars().count() == ROTATED_CHARS);
        let html = render(&[c]);
        assert!(html.contains(&format!("<title>{long}</title>")), "{html}");

        let names: Vec<String> = (0..20).map(|i| format!("Dept {i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let values: Vec<Option<f64>> = (0..20).map(|i| Some(f64::from(i))).collect();
        let bars = chart(ChartKind::StackedBars, &names, &[("A", &values)]).svg();
        assert!(bars.horizontal);
        assert_eq!(bars.labels.len(), 20);
        let line = chart(ChartKind::Line, &names, &[("A", &values)]).svg();
        assert!(!line.horizontal);
        assert_eq!(line.labels.len(), 10, "every other month labelled");
        assert_eq!(line.lines.len(), 1);
        assert_eq!(line.dots.len(), 20);
    }

    #[test]
    fn lines_break_at_values_not_shown() {
        let c = chart(
            ChartKind::Line,
            &["a", "b", "c", "d", "e"],
            &[("A", &[Some(1.0), Some(2.0), None, Some(0.0), None])],
        );
        let g = c.svg();
        assert_eq!(g.lines.len(), 1);
        assert_eq!(g.lines[0].points.len(), 2);
        assert_eq!(g.dots.len(), 3, "a zero is a point on a line chart");
        assert!(render(&[c]).contains("<polyline"));
    }

    #[test]
    fn ticks_are_round() {
        let c = chart(ChartKind::Bars, &["a", "b"], &[("A", &[Some(37.0), Some(12.0)])]);
        let labels: Vec<String> = c.svg().ticks.into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["0", "10", "20", "30", "40"]);
        let c = chart(ChartKind::Bars, &["a"], &[("A", &[Some(0.37)])]);
        let labels: Vec<String> = c.svg().ticks.into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["0", "0.1", "0.2", "0.3", "0.4"]);
        let c = chart(ChartKind::Bars, &["a"], &[("A", &[Some(2.0)])]);
        let labels: Vec<String> = c.svg().ticks.into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["0", "1", "2"], "no half cases");
    }

    #[test]
    fn values_are_formatted_to_one_decimal_at_most() {
        assert_eq!(format_value(3.0), "3");
        assert_eq!(format_value(2.25), "2.3");
        assert_eq!(format_value(-0.04), "0");
        assert_eq!(format_value(1234.96), "1235");
        assert_eq!(format_value(0.1 + 0.2), "0.3");
        assert_eq!(dom_id("a b\"c"), "a-b-c");
    }
}
