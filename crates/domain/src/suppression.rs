//! Small-cell suppression: figures about fewer people than the floor are never shown, so nobody
//! can be singled out.
//!
//! Every figure a leader sees counts the people or cases in some group, and the counts are linked:
//! a wave's respondents are the sum over departments and again the sum over professions; a month's
//! referrals are the sum over sources. Hiding a small count is therefore not enough, because a
//! reader can subtract what is shown from a total. Every aggregate goes through [`suppress`], which
//! applies three rules, and afterwards a count can only be read through [`Shown`].
//!
//! 1. **The floor.** A count below the floor is held back. So is an empty cell (0): if empty cells
//!    were shown, a held-back cell would be known to hold at least one person, and "nobody" could
//!    be told apart from "a few". A held-back cell and an empty one look exactly the same.
//! 2. **Complementary suppression.** Within each relation (a whole and its parts) the hidden cells
//!    must not be recoverable by subtraction. If exactly one non-empty cell of a relation is
//!    hidden, or the hidden parts of a shown whole add up to fewer than the floor, one more cell is
//!    held back: the smallest shown part, or the whole when no part is left. This repeats until no
//!    relation gives anything away on its own.
//! 3. **The guard.** Relations that share cells (a table with both margins, two breakdowns of one
//!    total) can be combined, and a combination can pin down what no single relation does, such as
//!    a cell that bridges two otherwise separate groups of hidden cells in a table. The guard solves
//!    the whole system exactly and looks for any hidden cell, or any set of hidden cells, whose
//!    total a reader could work out and which is under the floor. Each such leak costs one more
//!    hidden cell, and rules 2 and 3 run again until there is none.
//!
//! The guard assumes the reader already knows which hidden cells are empty. Revealing an empty
//! group harms nobody, and because no count is negative a reader can often prove a hidden cell
//! empty anyway (if a shown whole equals its shown parts, the rest are empty), then use that to
//! pin down its neighbours. Granting that knowledge up front means the guard never counts on an
//! empty cell to protect anyone, and it covers every deduction that combines the relations with
//! the fact that counts are not negative, not only subtraction.
//!
//! The result depends only on the figures: ties are broken by the order in which cells were added.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// The floor an organisation starts with: groups smaller than this are held back.
pub const DEFAULT_FLOOR: u32 = 10;

/// The lowest floor an organisation may choose.
pub const MINIMUM_FLOOR: u32 = 5;

/// The highest floor an organisation may choose (beyond it, reports would show almost nothing).
pub const MAXIMUM_FLOOR: u32 = 100;

/// A floor an organisation asks for: refused below the minimum or above the maximum.
pub fn chosen_floor(n: i64) -> Option<u32> {
    u32::try_from(n).ok().filter(|n| (MINIMUM_FLOOR..=MAXIMUM_FLOOR).contains(n))
}

/// The floor in force for a chosen value: never below the minimum.
#[must_use]
pub fn floor(chosen: Option<u32>) -> u32 {
    chosen.unwrap_or(DEFAULT_FLOOR).max(MINIMUM_FLOOR)
}

/// A cell in a set of figures: a handle, so that a count can only be read back through [`Shown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cell(usize);

/// A whole that is exactly the sum of its parts.
#[derive(Debug, Clone)]
struct Relation {
    whole: Cell,
    parts: Vec<Cell>,
}

impl Relation {
    /// Every cell of the relation, the whole first.
    fn cells(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.whole.0).chain(self.parts.iter().map(|p| p.0))
    }
}

/// Count cells and the exact additive relations between them, before suppression.
///
/// Declaring every relation matters: suppression can only protect against subtractions it knows
/// a reader can make, so a total shown on the page must be related to the parts it adds up.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    counts: Vec<u64>,
    relations: Vec<Relation>,
}

impl Figures {
    /// No cells yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a cell holding a count.
    pub fn cell(&mut self, count: u64) -> Cell {
        self.counts.push(count);
        Cell(self.counts.len() - 1)
    }

    /// Declares that `whole` is exactly the sum of `parts`.
    ///
    /// The caller guarantees the sum (debug builds check it): the guard reasons from the true
    /// counts, so a relation that does not hold would mislead it. A relation naming a cell from
    /// other figures cannot describe these ones; debug builds stop on it, release builds ignore it.
    pub fn relate(&mut self, whole: Cell, parts: &[Cell]) {
        let known = |cell: &Cell| cell.0 < self.counts.len();
        let all_known = known(&whole) && parts.iter().all(known);
        debug_assert!(all_known, "a relation names a cell from other figures");
        if !all_known {
            return;
        }
        debug_assert_eq!(
            parts.iter().map(|p| u128::from(self.count_of(p.0))).sum::<u128>(),
            u128::from(self.count_of(whole.0)),
            "a whole must be exactly the sum of its parts"
        );
        self.relations.push(Relation { whole, parts: parts.to_vec() });
    }

    /// Adds parts holding `counts`, declares that they make up `whole`, and returns them in order.
    pub fn partition(&mut self, whole: Cell, counts: impl IntoIterator<Item = u64>) -> Vec<Cell> {
        let parts: Vec<Cell> = counts.into_iter().map(|count| self.cell(count)).collect();
        self.relate(whole, &parts);
        parts
    }

    /// The number of cells.
    #[must_use]
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether there are no cells.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    fn count_of(&self, cell: usize) -> u64 {
        self.counts.get(cell).copied().unwrap_or(0)
    }
}

/// Figures after suppression: the only way a count reaches a reader.
///
/// It holds no hidden count at all, so no later code can leak one by mistake.
#[derive(Debug, Clone)]
pub struct Shown {
    counts: Vec<Option<u64>>,
}

impl Shown {
    /// The count, or `None` when held back.
    ///
    /// An empty cell is held back too, so a reader cannot tell an empty cell from a suppressed one.
    #[must_use]
    pub fn count(&self, cell: Cell) -> Option<u64> {
        self.counts.get(cell.0).copied().flatten()
    }

    /// A figure derived from this cell's members (a mean, a median, a rate's numerator …), shown
    /// only when the cell is: a mean over three people says as much about them as their count.
    #[must_use]
    pub fn reveal<T>(&self, cell: Cell, value: T) -> Option<T> {
        self.is_shown(cell).then_some(value)
    }

    /// The share of `whole` that `part` makes up, from 0 to 1, shown only when both counts are
    /// (a rate over a hidden denominator would give the denominator away). `None` too when the
    /// part is larger than the whole, which would mean the cells were mixed up.
    #[must_use]
    pub fn share(&self, part: Cell, whole: Cell) -> Option<f64> {
        let part = self.count(part)?;
        let whole = self.count(whole)?;
        // A shown count is at least the floor, so the whole is never zero; the check keeps a NaN
        // out should that ever change.
        (part <= whole && whole > 0).then(|| part as f64 / whole as f64)
    }

    /// Whether the cell's count is shown.
    #[must_use]
    pub fn is_shown(&self, cell: Cell) -> bool {
        self.count(cell).is_some()
    }
}

/// Suppresses: the one function every aggregate passes through before a leader sees it.
///
/// Holds back every count below `floor` (empty cells included), then enough other cells that no
/// hidden cell or set of hidden cells under the floor can be worked out from what is shown and
/// the relations (see the module documentation). A floor below [`MINIMUM_FLOOR`] is raised to
/// it, so a caller that skipped [`floor`] still cannot weaken the protection.
#[must_use]
pub fn suppress(floor: u32, figures: &Figures) -> Shown {
    let mut engine = Engine::new(floor.max(MINIMUM_FLOOR), figures);
    loop {
        engine.settle_relations();
        if !engine.guard() {
            break;
        }
    }
    engine.shown()
}

/// Only the floor and the per-relation rule, without the guard: lets the tests show that the
/// guard is needed.
#[cfg(test)]
fn suppress_locally(floor: u32, figures: &Figures) -> Shown {
    let mut engine = Engine::new(floor.max(MINIMUM_FLOOR), figures);
    engine.settle_relations();
    engine.shown()
}

/// How many steps the guard's search for small sets may take in one cluster of linked small cells
/// before it gives up and treats the cluster as leaking. It bounds the time a pathological report
/// can take, at the price of hiding more than strictly needed; real tables, even a sparse
/// 30 × 30 cross-tabulation with one to three people per cell, need far fewer steps.
const SEARCH_BUDGET: u32 = 20_000;

/// The state of one suppression run.
struct Engine<'a> {
    floor: u64,
    counts: &'a [u64],
    relations: &'a [Relation],
    /// For each cell, the relations it takes part in.
    touching: Vec<Vec<usize>>,
    hidden: Vec<bool>,
}

impl<'a> Engine<'a> {
    fn new(floor: u32, figures: &'a Figures) -> Self {
        let floor = u64::from(floor);
        let mut touching = vec![Vec::new(); figures.counts.len()];
        for (r, relation) in figures.relations.iter().enumerate() {
            for cell in relation.cells() {
                if let Some(list) = touching.get_mut(cell)
                    && list.last() != Some(&r)
                {
                    list.push(r);
                }
            }
        }
        let hidden = figures.counts.iter().map(|&count| count < floor).collect();
        Engine { floor, counts: &figures.counts, relations: &figures.relations, touching, hidden }
    }

    fn count(&self, cell: usize) -> u64 {
        self.counts.get(cell).copied().unwrap_or(0)
    }

    fn is_hidden(&self, cell: usize) -> bool {
        self.hidden.get(cell).copied().unwrap_or(true)
    }

    /// Hidden and not empty: what a reader does not know, given that empty cells count as known.
    fn unknown(&self, cell: usize) -> bool {
        self.is_hidden(cell) && self.count(cell) > 0
    }

    fn small(&self, cell: usize) -> bool {
        self.count(cell) < self.floor
    }

    fn hide(&mut self, cell: usize) -> bool {
        match self.hidden.get_mut(cell) {
            Some(hidden) if !*hidden => {
                *hidden = true;
                true
            }
            _ => false,
        }
    }

    fn shown(&self) -> Shown {
        let counts = self.counts.iter().zip(&self.hidden).map(|(&count, &hidden)| (!hidden).then_some(count)).collect();
        Shown { counts }
    }

    /// Rule 2 to a fixpoint. A worklist rather than repeated sweeps, because hiding a cell can
    /// only open a leak in the relations that cell belongs to.
    fn settle_relations(&mut self) {
        let mut queued = vec![true; self.relations.len()];
        let mut work: VecDeque<usize> = (0..self.relations.len()).collect();
        while let Some(r) = work.pop_front() {
            if let Some(flag) = queued.get_mut(r) {
                *flag = false;
            }
            let Some(extra) = self.local_complement(r) else { continue };
            if !self.hide(extra) {
                continue;
            }
            // The relation that leaked is re-checked too: the extra cell may not have been enough.
            for &next in self.touching.get(extra).map_or(&[][..], Vec::as_slice) {
                if let Some(flag) = queued.get_mut(next)
                    && !*flag
                {
                    *flag = true;
                    work.push_back(next);
                }
            }
        }
    }

    /// The cell to hide if relation `r` gives something away on its own.
    fn local_complement(&self, r: usize) -> Option<usize> {
        let relation = self.relations.get(r)?;
        let whole = relation.whole.0;
        let unknown_parts = relation.parts.iter().filter(|p| self.unknown(p.0));
        let (parts, total) =
            unknown_parts.fold((0usize, 0u128), |(n, total), p| (n + 1, total + u128::from(self.count(p.0))));
        let leaks = match (self.unknown(whole), parts) {
            // The whole alone is hidden: the parts add up to it.
            (true, 0) => true,
            // The whole and some parts are hidden: only their difference is known.
            (true, _) => false,
            (false, 0) => false,
            // One part alone is hidden: the whole less the other parts gives it, whatever its size.
            (false, 1) => true,
            // The hidden parts' total is the whole less the shown parts.
            (false, _) => total < u128::from(self.floor),
        };
        if !leaks {
            return None;
        }
        relation
            .parts
            .iter()
            .map(|p| p.0)
            .filter(|&p| !self.is_hidden(p) && self.count(p) > 0)
            .min_by_key(|&p| (self.count(p), p))
            .or_else(|| (!self.is_hidden(whole)).then_some(whole))
    }

    /// Rule 3: finds every leak the relations allow together and hides one more cell for each.
    /// Returns whether it hid anything.
    ///
    /// Hidden cells are split into groups linked by relations, and each group is solved on its
    /// own. For a group with h hidden cells in r relations, elimination costs O(r · r · h)
    /// multiplications at most (far less for the sparse relations reports have), and the search
    /// for small subsets is capped by [`SEARCH_BUDGET`]. Each round hides at least one more cell,
    /// so there are at most as many rounds as cells.
    fn guard(&mut self) -> bool {
        let picks = self.complements_for_leaks();
        let mut hid = false;
        for cell in picks {
            hid |= self.hide(cell);
        }
        hid
    }

    fn complements_for_leaks(&self) -> Vec<usize> {
        let n = self.counts.len();
        let mut sets = Linked::new(n);
        for relation in self.relations {
            let mut first = None;
            for cell in relation.cells().filter(|&c| self.unknown(c)) {
                match first {
                    None => first = Some(cell),
                    Some(f) => sets.join(f, cell),
                }
            }
        }
        // Keyed by the group's lowest cell, so groups are visited in a fixed order.
        let mut groups: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for cell in (0..n).filter(|&c| self.unknown(c)) {
            groups.entry(sets.root(cell)).or_default().0.push(cell);
        }
        for (r, relation) in self.relations.iter().enumerate() {
            if let Some(cell) = relation.cells().find(|&c| self.unknown(c))
                && let Some(group) = groups.get_mut(&sets.root(cell))
            {
                group.1.push(r);
            }
        }
        let mut picks = Vec::new();
        for (cells, relations) in groups.values() {
            for leak in self.leaks_in(cells, relations) {
                if let Some(cell) = self.complement(&leak, relations)
                    && !picks.contains(&cell)
                {
                    picks.push(cell);
                }
            }
        }
        picks
    }

    /// The leaks among one linked group of hidden cells: sets of hidden cells whose total is
    /// determined and under the floor (a single determined cell is a set of one).
    ///
    /// A reader knows exactly the combinations of hidden cells in the row space of the relations
    /// restricted to those cells. Ordering the columns with cells at or above the floor first, the
    /// reduced rows whose pivot falls among the small cells span precisely the known combinations
    /// of small cells alone, and any set with a total under the floor consists of small cells. A
    /// set is known exactly when it is the sum of the reduced rows at its own pivots, so trying the
    /// subsets of those rows whose pivots hold fewer than the floor between them finds them all.
    fn leaks_in(&self, cells: &[usize], relations: &[usize]) -> Vec<Vec<usize>> {
        let (large, mut small): (Vec<usize>, Vec<usize>) = cells.iter().partition(|&&c| !self.small(c));
        // Larger small cells first, so they become pivots and the subset search is cut off sooner.
        small.sort_by_key(|&c| (Reverse(self.count(c)), c));
        let first_small = large.len();
        let columns: Vec<usize> = large.into_iter().chain(small).collect();
        let column_of: HashMap<usize, usize> = columns.iter().enumerate().map(|(j, &c)| (c, j)).collect();
        let mut rows: Vec<Vec<u64>> = relations
            .iter()
            .filter_map(|&r| self.relations.get(r))
            .map(|relation| {
                let mut row = vec![0; columns.len()];
                let terms =
                    std::iter::once((relation.whole.0, 1)).chain(relation.parts.iter().map(|p| (p.0, PRIME - 1)));
                for (cell, coefficient) in terms {
                    if let Some(x) = column_of.get(&cell).and_then(|&j| row.get_mut(j)) {
                        *x = add(*x, coefficient);
                    }
                }
                row
            })
            .collect();
        let pivots = reduce(&mut rows, columns.len());
        let pivot_columns: BTreeSet<usize> = pivots.iter().map(|&(_, col)| col).collect();
        let basis: Vec<Basis> = pivots
            .iter()
            .filter(|&&(_, col)| col >= first_small)
            .filter_map(|&(r, col)| {
                let row = rows.get(r)?;
                let cell = *columns.get(col)?;
                let free = row
                    .iter()
                    .enumerate()
                    .filter(|&(j, &v)| v != 0 && !pivot_columns.contains(&j))
                    .map(|(j, &v)| (j, v))
                    .collect();
                Some(Basis { cell, count: self.count(cell), free })
            })
            .collect();

        // Rows sharing no free column cannot combine into a set, so each cluster is searched alone.
        let mut clusters = Linked::new(basis.len());
        let mut owner: HashMap<usize, usize> = HashMap::new();
        for (i, row) in basis.iter().enumerate() {
            for &(j, _) in &row.free {
                match owner.get(&j) {
                    Some(&k) => clusters.join(k, i),
                    None => {
                        owner.insert(j, i);
                    }
                }
            }
        }
        let mut by_cluster: BTreeMap<usize, Vec<&Basis>> = BTreeMap::new();
        for (i, row) in basis.iter().enumerate() {
            by_cluster.entry(clusters.root(i)).or_default().push(row);
        }

        let mut leaks = Vec::new();
        for cluster in by_cluster.into_values() {
            // A row with no free entries is a small cell worked out on its own.
            if let Some(row) = cluster.iter().find(|row| row.free.is_empty()) {
                leaks.push(vec![row.cell]);
                continue;
            }
            let mut search = Search::new(&cluster, &columns, self.counts, self.floor);
            match search.run(0, 0) {
                Found::Nothing => {}
                Found::Leak(set) => leaks.push(set),
                Found::GaveUp => {
                    let mut set: Vec<usize> = cluster.iter().map(|row| row.cell).collect();
                    set.extend(cluster.iter().flat_map(|row| row.free.iter().filter_map(|&(j, _)| columns.get(j))));
                    set.sort_unstable();
                    set.dedup();
                    leaks.push(set);
                }
            }
        }
        leaks
    }

    /// The cell to hide for a leak: the smallest shown part of a relation the leak is in, else
    /// the smallest shown whole; failing that, the same from anywhere in the linked group.
    ///
    /// When even the linked group has nothing shown, nothing can leak: every relation it is in
    /// then reads "hidden = hidden", which pins no total but zero.
    fn complement(&self, leak: &[usize], group_relations: &[usize]) -> Option<usize> {
        let near: BTreeSet<usize> = leak.iter().filter_map(|&c| self.touching.get(c)).flatten().copied().collect();
        self.smallest_shown(near.into_iter()).or_else(|| self.smallest_shown(group_relations.iter().copied()))
    }

    fn smallest_shown(&self, relations: impl Iterator<Item = usize>) -> Option<usize> {
        relations
            .filter_map(|r| self.relations.get(r))
            .flat_map(|relation| {
                relation.parts.iter().map(|p| (false, p.0)).chain(std::iter::once((true, relation.whole.0)))
            })
            .filter(|&(_, cell)| !self.is_hidden(cell))
            .min_by_key(|&(is_whole, cell)| (is_whole, self.count(cell), cell))
            .map(|(_, cell)| cell)
    }
}

/// A reduced row whose pivot is a small cell, with its entries in non-pivot columns.
struct Basis {
    cell: usize,
    count: u64,
    free: Vec<(usize, u64)>,
}

enum Found {
    Nothing,
    Leak(Vec<usize>),
    GaveUp,
}

/// A depth-first search over subsets of reduced rows for a set of cells with a known total
/// under the floor.
///
/// Each row is either in the subset or not. The rows are decided in an order chosen so that
/// columns are finished early: once every row touching a column is decided, the column's value
/// is final, and it must be 0 or 1 (a 1 adds its cell's count to the total). A subset is
/// abandoned as soon as a finished column rules it out or its total reaches the floor, which in
/// tables happens within a few rows.
struct Search<'s> {
    rows: Vec<&'s Basis>,
    /// For each position in `rows`, the columns whose value is final once that row is decided.
    finishing: Vec<Vec<usize>>,
    columns: &'s [usize],
    counts: &'s [u64],
    floor: u64,
    /// The chosen rows' sum in each column.
    sums: Vec<u64>,
    chosen: Vec<usize>,
    budget: u32,
}

impl<'s> Search<'s> {
    fn new(cluster: &[&'s Basis], columns: &'s [usize], counts: &'s [u64], floor: u64) -> Self {
        let mut touching: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, row) in cluster.iter().enumerate() {
            for &(j, _) in &row.free {
                touching.entry(j).or_default().push(i);
            }
        }
        // Greedily finish the column with the fewest rows still undecided.
        let mut undecided: BTreeMap<usize, usize> = touching.iter().map(|(&j, rows)| (j, rows.len())).collect();
        let mut position = vec![usize::MAX; cluster.len()];
        let mut rows = Vec::with_capacity(cluster.len());
        while let Some((&next, _)) = undecided.iter().min_by_key(|&(&j, &n)| (n, j)) {
            undecided.remove(&next);
            for &i in touching.get(&next).map_or(&[][..], Vec::as_slice) {
                let Some(slot) = position.get_mut(i) else { continue };
                if *slot != usize::MAX {
                    continue;
                }
                *slot = rows.len();
                let Some(&row) = cluster.get(i) else { continue };
                rows.push(row);
                for &(j, _) in &row.free {
                    if let Some(n) = undecided.get_mut(&j) {
                        *n = n.saturating_sub(1);
                    }
                }
            }
        }
        let mut finishing = vec![Vec::new(); rows.len()];
        for (&j, touched) in &touching {
            let last = touched.iter().filter_map(|&i| position.get(i)).copied().max();
            if let Some(list) = last.and_then(|t| finishing.get_mut(t)) {
                list.push(j);
            }
        }
        Search {
            rows,
            finishing,
            columns,
            counts,
            floor,
            sums: vec![0; columns.len()],
            chosen: Vec::new(),
            budget: SEARCH_BUDGET,
        }
    }

    /// Decides the rows from position `start` on, given the chosen rows' total so far.
    ///
    /// Only taking a row recurses; leaving one out loops. Every row taken adds at least one to
    /// the total, so the recursion is never deeper than the floor, however many rows there are.
    fn run(&mut self, start: usize, mut total: u64) -> Found {
        for t in start.. {
            let Some(&row) = self.rows.get(t) else { break };
            let Some(left) = self.budget.checked_sub(1) else { return Found::GaveUp };
            self.budget = left;
            let with_row = total.saturating_add(row.count);
            if with_row < self.floor {
                self.apply(row, false);
                self.chosen.push(t);
                if let Some(with_row) = self.finish(t, with_row) {
                    match self.run(t + 1, with_row) {
                        Found::Nothing => {}
                        found => return found,
                    }
                }
                self.chosen.pop();
                self.apply(row, true);
            }
            match self.finish(t, total) {
                Some(next) => total = next,
                None => return Found::Nothing,
            }
        }
        if self.chosen.is_empty() { Found::Nothing } else { Found::Leak(self.set()) }
    }

    fn apply(&mut self, row: &Basis, undo: bool) {
        for &(j, v) in &row.free {
            if let Some(x) = self.sums.get_mut(j) {
                *x = if undo { sub(*x, v) } else { add(*x, v) };
            }
        }
    }

    /// The total once the columns finished at position `t` are counted, or `None` if one of
    /// them is neither 0 nor 1 or the total reaches the floor.
    fn finish(&self, t: usize, mut total: u64) -> Option<u64> {
        for &j in self.finishing.get(t)? {
            match self.sums.get(j).copied() {
                Some(0) => {}
                Some(1) => {
                    let cell = *self.columns.get(j)?;
                    total = total.saturating_add(self.counts.get(cell).copied().unwrap_or(0));
                    if total >= self.floor {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        Some(total)
    }

    /// The cells of the chosen subset: the chosen rows' pivots and the columns that came to 1.
    fn set(&self) -> Vec<usize> {
        let mut set: Vec<usize> = self.chosen.iter().filter_map(|&t| self.rows.get(t)).map(|row| row.cell).collect();
        set.extend(self.sums.iter().zip(self.columns).filter(|&(&v, _)| v == 1).map(|(_, &cell)| cell));
        set.sort_unstable();
        set
    }
}

/// Disjoint sets of indices, to find which hidden cells (or rows) are linked.
struct Linked(Vec<usize>);

impl Linked {
    fn new(n: usize) -> Self {
        Linked((0..n).collect())
    }

    /// The set's lowest index.
    fn root(&self, mut i: usize) -> usize {
        while let Some(&parent) = self.0.get(i) {
            if parent == i {
                break;
            }
            i = parent;
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        let (low, high) = (a.min(b), a.max(b));
        if let Some(parent) = self.0.get_mut(high) {
            *parent = low;
        }
    }
}

/// Arithmetic modulo the Mersenne prime 2^61 − 1: exact, with no overflow and no rounding. The
/// coefficients are small integers, so a combination that vanishes modulo this prime but not
/// over the rationals would need a determinant that is a multiple of it — not something a report
/// produces. Were it to happen, the guard would see fewer deductions than a reader can make.
const PRIME: u64 = (1 << 61) - 1;

fn add(a: u64, b: u64) -> u64 {
    let s = a + b;
    if s >= PRIME { s - PRIME } else { s }
}

fn sub(a: u64, b: u64) -> u64 {
    add(a, PRIME - b)
}

fn mul(a: u64, b: u64) -> u64 {
    let x = u128::from(a) * u128::from(b);
    let p = u128::from(PRIME);
    // 2^61 ≡ 1, so the high bits fold onto the low ones.
    let folded = (x & p) + (x >> 61);
    let folded = (folded & p) + (folded >> 61);
    let r = folded as u64;
    if r >= PRIME { r - PRIME } else { r }
}

fn inverse(a: u64) -> u64 {
    // Fermat: a^(p−2) is a's inverse for a prime p.
    let (mut base, mut exponent, mut result) = (a, PRIME - 2, 1);
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = mul(result, base);
        }
        base = mul(base, base);
        exponent >>= 1;
    }
    result
}

/// Brings `rows` to reduced row echelon form in place and returns each pivot as (row, column),
/// in column order. Rows are not reordered; unused rows end as zeros.
fn reduce(rows: &mut [Vec<u64>], columns: usize) -> Vec<(usize, usize)> {
    let mut used = vec![false; rows.len()];
    let mut pivots = Vec::new();
    for col in 0..columns {
        let Some(p) = rows
            .iter()
            .enumerate()
            .position(|(i, row)| !used.get(i).copied().unwrap_or(true) && row.get(col).is_some_and(|&v| v != 0))
        else {
            continue;
        };
        let Some(pivot_row) = rows.get_mut(p) else { continue };
        let scale = inverse(pivot_row.get(col).copied().unwrap_or(1));
        for v in pivot_row.iter_mut() {
            *v = mul(*v, scale);
        }
        // Only the pivot row's non-zero entries change other rows; relations are sparse.
        let entries: Vec<(usize, u64)> =
            pivot_row.iter().enumerate().filter(|&(_, &v)| v != 0).map(|(j, &v)| (j, v)).collect();
        for (i, row) in rows.iter_mut().enumerate() {
            let factor = row.get(col).copied().unwrap_or(0);
            if i == p || factor == 0 {
                continue;
            }
            for &(j, v) in &entries {
                if let Some(x) = row.get_mut(j) {
                    *x = sub(*x, mul(factor, v));
                }
            }
        }
        if let Some(flag) = used.get_mut(p) {
            *flag = true;
        }
        pivots.push((p, col));
    }
    pivots
}

#[cfg(test)]
impl Shown {
    /// What a reader was served, as shown counts (for attacking the served reports in tests).
    pub(crate) fn served(counts: Vec<Option<u64>>) -> Shown {
        Shown { counts }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_floor_is_ten_by_default_and_never_below_five() {
        assert_eq!(floor(None), 10);
        assert_eq!(floor(Some(7)), 7);
        assert_eq!(floor(Some(2)), 5);
        assert_eq!(chosen_floor(4), None);
        assert_eq!(chosen_floor(5), Some(5));
        assert_eq!(chosen_floor(100), Some(100));
        assert_eq!(chosen_floor(101), None);
        assert_eq!(chosen_floor(-1), None);
    }

    // ---------------------------------------------------------------------------------------
    // The attacker. Written independently of the engine: exact integer arithmetic (no prime),
    // no zero-knowledge assumption, only what a reader has: the shown counts and the relations.
    // ---------------------------------------------------------------------------------------

    /// Something the attacker worked out: a set of hidden cells (one cell when determined) and
    /// its total.
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Recovered {
        cells: Vec<usize>,
        total: i128,
        how: &'static str,
    }

    /// Each relation as (cell, coefficient) with whole − Σ parts = 0.
    fn equations(figures: &Figures) -> Vec<Vec<(usize, i128)>> {
        figures
            .relations
            .iter()
            .map(|r| {
                let mut terms: BTreeMap<usize, i128> = BTreeMap::new();
                *terms.entry(r.whole.0).or_default() += 1;
                for p in &r.parts {
                    *terms.entry(p.0).or_default() -= 1;
                }
                terms.into_iter().filter(|&(_, c)| c != 0).collect()
            })
            .collect()
    }

    fn gcd(a: i128, b: i128) -> i128 {
        let (mut a, mut b) = (a.abs(), b.abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    }

    struct Attacker<'a> {
        equations: Vec<Vec<(usize, i128)>>,
        figures: &'a Figures,
        known: Vec<Option<i128>>,
        found: Vec<Recovered>,
    }

    impl Attacker<'_> {
        fn record(&mut self, mut cells: Vec<usize>, total: i128, how: &'static str) {
            cells.sort_unstable();
            let truth: i128 = cells.iter().map(|&c| i128::from(self.figures.counts[c])).sum();
            assert_eq!(truth, total, "the attacker itself is wrong ({how}) about {cells:?}");
            if let [cell] = cells[..] {
                self.known[cell] = Some(total);
            }
            self.found.push(Recovered { cells, total, how });
        }

        /// Coefficients on unknown cells and the value of that combination, for a combination
        /// of equations.
        fn unknowns(&self, terms: &BTreeMap<usize, i128>) -> (Vec<(usize, i128)>, i128) {
            let mut value = 0;
            let mut unknown = Vec::new();
            for (&cell, &c) in terms {
                if c == 0 {
                    continue;
                }
                match self.known[cell] {
                    Some(v) => value -= c * v,
                    None => unknown.push((cell, c)),
                }
            }
            (unknown, value)
        }

        /// A combination whose unknown coefficients are all equal is a set with a known total.
        fn try_set(&mut self, terms: &BTreeMap<usize, i128>, how: &'static str) {
            let (unknown, value) = self.unknowns(terms);
            let Some(&(_, c)) = unknown.first() else { return };
            if unknown.iter().all(|&(_, k)| k == c) {
                assert_eq!(value % c, 0);
                self.record(unknown.iter().map(|&(cell, _)| cell).collect(), value / c, how);
            }
        }

        /// (a) Each relation alone: the whole less the shown parts.
        fn single_relations(&mut self) {
            for e in self.equations.clone() {
                self.try_set(&e.into_iter().collect(), "one relation");
            }
        }

        /// (d) Bounds: no count is negative; push lower and upper bounds through every relation.
        fn bounds(&mut self) {
            const INF: i128 = i128::MAX / 4;
            let n = self.known.len();
            let mut lo: Vec<i128> = (0..n).map(|i| self.known[i].unwrap_or(0)).collect();
            let mut hi: Vec<i128> = (0..n).map(|i| self.known[i].unwrap_or(INF)).collect();
            for _ in 0..10_000 {
                let mut changed = false;
                for r in &self.figures.relations {
                    let w = r.whole.0;
                    let parts: Vec<usize> = r.parts.iter().map(|p| p.0).collect();
                    let sum_lo: i128 = parts.iter().map(|&p| lo[p]).sum();
                    let sum_hi: i128 = parts.iter().map(|&p| hi[p]).fold(0, |a, b| (a + b).min(INF));
                    if sum_lo > lo[w] {
                        lo[w] = sum_lo;
                        changed = true;
                    }
                    if sum_hi < hi[w] {
                        hi[w] = sum_hi;
                        changed = true;
                    }
                    for (k, &p) in parts.iter().enumerate() {
                        let others_lo: i128 =
                            parts.iter().enumerate().filter(|&(i, _)| i != k).map(|(_, &q)| lo[q]).sum();
                        let others_hi: i128 = parts
                            .iter()
                            .enumerate()
                            .filter(|&(i, _)| i != k)
                            .map(|(_, &q)| hi[q])
                            .fold(0, |a, b| (a + b).min(INF));
                        if others_hi < INF && lo[w] - others_hi > lo[p] {
                            lo[p] = lo[w] - others_hi;
                            changed = true;
                        }
                        if hi[w] < INF && hi[w] - others_lo < hi[p] {
                            hi[p] = hi[w] - others_lo;
                            changed = true;
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
            for cell in 0..n {
                let truth = i128::from(self.figures.counts[cell]);
                assert!(lo[cell] <= truth && truth <= hi[cell], "the attacker's bounds are wrong");
                if self.known[cell].is_none() && lo[cell] == hi[cell] {
                    self.record(vec![cell], lo[cell], "bounds");
                }
            }
        }

        /// (c) Exact Gauss–Jordan elimination over the integers, rows kept small by their gcd.
        fn eliminate(&mut self) {
            let unknown: Vec<usize> = (0..self.known.len()).filter(|&c| self.known[c].is_none()).collect();
            let column: HashMap<usize, usize> = unknown.iter().enumerate().map(|(j, &c)| (c, j)).collect();
            let m = unknown.len();
            // Each row: coefficients on unknown cells, then the known value.
            let mut rows: Vec<Vec<i128>> = Vec::new();
            for e in &self.equations {
                let mut row = vec![0i128; m + 1];
                for &(cell, c) in e {
                    match self.known[cell] {
                        Some(v) => row[m] -= c * v,
                        None => row[column[&cell]] += c,
                    }
                }
                if row[..m].iter().any(|&c| c != 0) {
                    rows.push(row);
                }
            }
            let normalise = |row: &mut Vec<i128>| {
                let g = row.iter().fold(0, |g, &v| gcd(g, v));
                if g > 1 {
                    row.iter_mut().for_each(|v| *v /= g);
                }
            };
            let mut rank = 0;
            for col in 0..m {
                let Some(p) = (rank..rows.len()).find(|&i| rows[i][col] != 0) else { continue };
                rows.swap(rank, p);
                let pivot = rows[rank].clone();
                for (i, row) in rows.iter_mut().enumerate() {
                    if i == rank || row[col] == 0 {
                        continue;
                    }
                    let g = gcd(pivot[col], row[col]);
                    let (a, b) = (pivot[col] / g, row[col] / g);
                    for (x, &y) in row.iter_mut().zip(&pivot) {
                        *x =
                            x.checked_mul(a).and_then(|v| v.checked_sub(y.checked_mul(b)?)).expect("attacker overflow");
                    }
                    normalise(row);
                }
                rank += 1;
            }
            for row in rows.iter().take(rank) {
                let terms: Vec<(usize, i128)> = (0..m).filter(|&j| row[j] != 0).map(|j| (unknown[j], row[j])).collect();
                let c = terms[0].1;
                if terms.iter().all(|&(_, k)| k == c) {
                    assert_eq!(row[m] % c, 0, "an integral total");
                    let how = if terms.len() == 1 { "elimination" } else { "elimination (set)" };
                    self.record(terms.iter().map(|&(cell, _)| cell).collect(), row[m] / c, how);
                }
            }
        }

        /// (b) Random differencing: add and subtract 2 to 4 relations, mostly ones that share an
        /// unknown cell with what is there already.
        fn differencing(&mut self, seed: u64, trials: usize) {
            let mut state = seed | 1;
            let mut next = move |bound: usize| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % bound as u64) as usize
            };
            let n = self.equations.len();
            if n == 0 {
                return;
            }
            let mut with_cell: HashMap<usize, Vec<usize>> = HashMap::new();
            for (r, e) in self.equations.iter().enumerate() {
                for &(cell, _) in e {
                    with_cell.entry(cell).or_default().push(r);
                }
            }
            for _ in 0..trials {
                let k = 2 + next(3);
                let mut terms: BTreeMap<usize, i128> = BTreeMap::new();
                for step in 0..k {
                    let linked: Vec<usize> = terms
                        .iter()
                        .filter(|&(&cell, &c)| c != 0 && self.known[cell].is_none())
                        .flat_map(|(cell, _)| with_cell[cell].iter().copied())
                        .collect();
                    let r = if step > 0 && !linked.is_empty() && next(4) != 0 {
                        linked[next(linked.len())]
                    } else {
                        next(n)
                    };
                    let sign = if next(2) == 0 { 1 } else { -1 };
                    for &(cell, c) in &self.equations[r] {
                        *terms.entry(cell).or_default() += sign * c;
                    }
                    if step > 0 {
                        self.try_set(&terms, "differencing");
                    }
                }
            }
        }
    }

    /// Everything the attacker can work out from what is shown.
    fn attack(figures: &Figures, shown: &Shown, seed: u64, trials: usize) -> Vec<Recovered> {
        let known = (0..figures.len()).map(|i| shown.count(Cell(i)).map(i128::from)).collect();
        let mut attacker = Attacker { equations: equations(figures), figures, known, found: Vec::new() };
        loop {
            let before = attacker.known.iter().filter(|k| k.is_some()).count();
            attacker.single_relations();
            attacker.bounds();
            attacker.eliminate();
            if attacker.known.iter().filter(|k| k.is_some()).count() == before {
                break;
            }
        }
        attacker.differencing(seed, trials);
        attacker.found
    }

    /// What the attacker recovered that it must not have: a set of people under the floor.
    fn leaks(figures: &Figures, shown: &Shown, floor: u32, seed: u64, trials: usize) -> Vec<Recovered> {
        let floor = i128::from(floor);
        attack(figures, shown, seed, trials).into_iter().filter(|r| (1..floor).contains(&r.total)).collect()
    }

    /// The floor holds for every cell, and no attack recovers anything under it.
    pub(crate) fn assert_safe(figures: &Figures, shown: &Shown, floor: u32, seed: u64) {
        for (i, &count) in figures.counts.iter().enumerate() {
            if let Some(c) = shown.count(Cell(i)) {
                assert!(c == count && c >= u64::from(floor), "cell {i} shows {c} under the floor {floor}");
            }
            if count < u64::from(floor) {
                assert!(!shown.is_shown(Cell(i)), "cell {i} holds {count}, under the floor {floor}, yet is shown");
            }
        }
        let found = leaks(figures, shown, floor, seed, 300);
        assert!(
            found.is_empty(),
            "floor {floor}: the attacker recovered {found:?}\nfigures {figures:?}\nshown {shown:?}"
        );
    }

    fn hidden(shown: &Shown, cells: &[Cell]) -> Vec<bool> {
        cells.iter().map(|&c| !shown.is_shown(c)).collect()
    }

    // --- worked examples ---------------------------------------------------------------------

    #[test]
    fn a_part_that_would_give_away_a_small_one_is_held_back_too() {
        let mut f = Figures::new();
        let total = f.cell(30);
        let parts = f.partition(total, [25, 5, 0]);
        let shown = suppress(10, &f);
        // 30 − 25 would be 5.
        assert_eq!(shown.count(total), Some(30));
        assert_eq!(hidden(&shown, &parts), [true, true, true]);
        assert_safe(&f, &shown, 10, 1);
    }

    #[test]
    fn the_smallest_other_part_is_the_one_held_back() {
        let mut f = Figures::new();
        let total = f.cell(40);
        let parts = f.partition(total, [20, 15, 5]);
        let shown = suppress(10, &f);
        assert_eq!(shown.count(total), Some(40));
        assert_eq!(shown.count(parts[0]), Some(20));
        assert_eq!(hidden(&shown, &parts), [false, true, true]);
        assert_safe(&f, &shown, 10, 1);
    }

    #[test]
    fn empty_cells_are_always_held_back() {
        let mut f = Figures::new();
        let total = f.cell(30);
        let parts = f.partition(total, [30, 0, 0]);
        let shown = suppress(10, &f);
        // The reader can tell the rest are empty, which harms nobody; but they are not shown.
        assert_eq!(hidden(&shown, &parts), [false, true, true]);
        assert_eq!(shown.count(total), Some(30));
        let alone = f.cell(0);
        assert_eq!(suppress(10, &f).count(alone), None);
    }

    #[test]
    fn parts_all_at_or_above_the_floor_are_all_shown() {
        let mut f = Figures::new();
        let total = f.cell(45);
        let parts = f.partition(total, [10, 15, 20]);
        let shown = suppress(10, &f);
        assert_eq!(shown.count(total), Some(45));
        assert_eq!(parts.iter().map(|&p| shown.count(p)).collect::<Vec<_>>(), [Some(10), Some(15), Some(20)]);
    }

    #[test]
    fn a_small_whole_hides_all_its_parts() {
        let mut f = Figures::new();
        let total = f.cell(9);
        let parts = f.partition(total, [4, 3, 2]);
        let shown = suppress(10, &f);
        assert!(!shown.is_shown(total));
        assert_eq!(hidden(&shown, &parts), [true, true, true]);
        assert_safe(&f, &shown, 10, 1);
    }

    #[test]
    fn two_breakdowns_of_one_total_are_each_protected() {
        let mut f = Figures::new();
        let total = f.cell(50);
        let departments = f.partition(total, [30, 12, 8]);
        let professions = f.partition(total, [25, 20, 5]);
        let shown = suppress(10, &f);
        assert_eq!(shown.count(total), Some(50));
        assert_eq!(hidden(&shown, &departments), [false, true, true]);
        assert_eq!(hidden(&shown, &professions), [false, true, true]);
        assert_safe(&f, &shown, 10, 1);
    }

    #[test]
    fn a_floor_below_the_minimum_is_raised() {
        let mut f = Figures::new();
        let total = f.cell(20);
        let parts = f.partition(total, [16, 4]);
        let shown = suppress(1, &f);
        assert_eq!(hidden(&shown, &parts), [true, true]);
    }

    /// Builds a table with row totals, column totals and a grand total related both ways; returns
    /// the interior cells by row.
    fn table(f: &mut Figures, counts: &[Vec<u64>]) -> Vec<Vec<Cell>> {
        let columns = counts.first().map_or(0, Vec::len);
        let grand = f.cell(counts.iter().flatten().sum());
        let row_totals = f.partition(grand, counts.iter().map(|row| row.iter().sum()));
        let column_totals = f.partition(grand, (0..columns).map(|j| counts.iter().map(|row| row[j]).sum()));
        let cells: Vec<Vec<Cell>> =
            counts.iter().zip(&row_totals).map(|(row, &t)| f.partition(t, row.iter().copied())).collect();
        for (j, &t) in column_totals.iter().enumerate() {
            let column: Vec<Cell> = cells.iter().map(|row| row[j]).collect();
            f.relate(t, &column);
        }
        cells
    }

    /// Two separate cycles of hidden cells in a table, joined by one small cell. Every row and
    /// column has at least two hidden cells totalling the floor or more, so no relation on its
    /// own gives anything away, yet the joining cell is a bridge and is determined.
    fn dumbbell() -> (Figures, Cell) {
        let mut f = Figures::new();
        let big = 20;
        let cells = table(
            &mut f,
            &[
                vec![6, 7, big, big, big],
                vec![6, 7, 3, big, big],
                vec![big, big, 6, 7, big],
                vec![big, big, 7, 6, big],
                vec![big, big, big, big, big],
            ],
        );
        (f, cells[1][2])
    }

    #[test]
    fn the_guard_catches_a_bridge_the_per_relation_rule_misses() {
        let (f, bridge) = dumbbell();
        let local = suppress_locally(10, &f);
        let found = leaks(&f, &local, 10, 7, 300);
        assert!(
            found.iter().any(|r| r.cells == [bridge.0] && r.total == 3),
            "without the guard the attacker works out the 3: {found:?}"
        );
        let shown = suppress(10, &f);
        assert!(!shown.is_shown(bridge));
        let hidden_locally = (0..f.len()).filter(|&i| !local.is_shown(Cell(i))).count();
        let hidden_guarded = (0..f.len()).filter(|&i| !shown.is_shown(Cell(i))).count();
        assert!(hidden_guarded > hidden_locally, "the guard held back more");
        assert_safe(&f, &shown, 10, 7);
    }

    #[test]
    fn a_small_cell_and_an_empty_one_read_the_same() {
        let mut f = Figures::new();
        let total = f.cell(40);
        let parts = f.partition(total, [20, 17, 3, 0]);
        let shown = suppress(10, &f);
        let (small, empty) = (parts[2], parts[3]);
        assert_eq!(shown.count(small), None);
        assert_eq!(shown.count(small), shown.count(empty));
        assert_eq!(shown.reveal(small, 2.5), shown.reveal(empty, 2.5));
        assert_eq!(shown.share(small, total), shown.share(empty, total));
        assert_eq!(shown.is_shown(small), shown.is_shown(empty));
    }

    #[test]
    fn derived_figures_follow_their_cells() {
        let mut f = Figures::new();
        let total = f.cell(40);
        let parts = f.partition(total, [30, 10]);
        let shown = suppress(10, &f);
        assert_eq!(shown.reveal(parts[0], "mean 4.2"), Some("mean 4.2"));
        assert_eq!(shown.share(parts[1], total), Some(0.25));
        assert_eq!(shown.share(total, parts[1]), None, "a part larger than its whole is a mix-up");
        let small = f.cell(4);
        let shown = suppress(10, &f);
        assert_eq!(shown.reveal(small, 1.0), None);
        assert_eq!(shown.share(small, total), None);
        assert_eq!(shown.count(Cell(999)), None, "a cell from other figures reads as held back");
    }

    #[test]
    fn two_thousand_cells_finish() {
        // A 40 × 48 table with margins, about one cell in seven small.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let counts: Vec<Vec<u64>> = (0..40)
            .map(|_| (0..48).map(|_| if next() % 7 == 0 { next() % 10 } else { 10 + next() % 190 }).collect())
            .collect();
        let mut f = Figures::new();
        table(&mut f, &counts);
        assert!(f.len() > 2_000);
        let shown = suppress(10, &f);
        let hidden = (0..f.len()).filter(|&i| !shown.is_shown(Cell(i))).count();
        assert!(hidden >= 250, "{hidden} hidden");
        assert_safe(&f, &shown, 10, 5);
    }

    #[test]
    fn a_sparse_cross_tab_keeps_its_margins() {
        // 30 departments × 30 professions with one to three people in each cell (some empty):
        // every interior cell is small, but no small set of them can be worked out, so the
        // margins stay and the guard adds nothing.
        let grid: Vec<Vec<u64>> = (0..30)
            .map(|i| (0..30).map(|j| if (i + j) % 4 == 0 { 0 } else { 1 + ((i * j) % 3) as u64 }).collect())
            .collect();
        let mut f = Figures::new();
        let cells = table(&mut f, &grid);
        let shown = suppress(12, &f);
        let interior: BTreeSet<usize> = cells.iter().flatten().map(|c| c.0).collect();
        for i in 0..f.len() {
            assert_eq!(shown.is_shown(Cell(i)), !interior.contains(&i), "cell {i}");
        }
        assert_safe(&f, &shown, 12, 3);
    }

    // --- the randomised differencing attack --------------------------------------------------

    /// Many small counts and some large ones.
    fn count() -> impl Strategy<Value = u64> {
        prop_oneof![4 => 0u64..15, 1 => 15u64..120]
    }

    /// A category from a random byte, skewed so the first categories are large and the last small.
    fn category(byte: u8, categories: usize) -> usize {
        let b = usize::from(byte);
        (b * b * categories) >> 16
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// One total broken down one to three ways (departments, professions, grades), built from
        /// individuals so that every breakdown adds up.
        #[test]
        fn no_attack_recovers_a_small_group_from_breakdowns_of_one_total(
            floor in 5u32..=12,
            breakdowns in 1usize..=3,
            sizes in proptest::collection::vec(2usize..=6, 3),
            people in proptest::collection::vec(proptest::array::uniform3(any::<u8>()), 0..120),
            seed in any::<u64>(),
        ) {
            let mut f = Figures::new();
            let total = f.cell(people.len() as u64);
            for (k, &size) in sizes.iter().enumerate().take(breakdowns) {
                let mut counts = vec![0u64; size];
                for person in &people {
                    counts[category(person[k], size)] += 1;
                }
                f.partition(total, counts);
            }
            let shown = suppress(floor, &f);
            assert_safe(&f, &shown, floor, seed);
        }

        /// A table with row totals, column totals and a grand total.
        #[test]
        fn no_attack_recovers_a_small_group_from_a_table_with_margins(
            floor in 5u32..=12,
            rows in 2usize..=8,
            columns in 2usize..=8,
            counts in proptest::collection::vec(count(), 64),
            seed in any::<u64>(),
        ) {
            let grid: Vec<Vec<u64>> = (0..rows).map(|i| counts[i * 8..i * 8 + columns].to_vec()).collect();
            let mut f = Figures::new();
            table(&mut f, &grid);
            let shown = suppress(floor, &f);
            assert_safe(&f, &shown, floor, seed);
        }

        /// A year of months split by source, with source totals for the year, and the year's total
        /// also broken down by category.
        #[test]
        fn no_attack_recovers_a_small_group_from_a_year_by_month_source_and_category(
            floor in 5u32..=12,
            sources in 2usize..=5,
            counts in proptest::collection::vec(count(), 60),
            categories in proptest::collection::vec(prop_oneof![3 => 0u64..15, 1 => 0u64..200], 1..=4),
            seed in any::<u64>(),
        ) {
            let grid: Vec<Vec<u64>> = (0..12).map(|m| counts[m * 5..m * 5 + sources].to_vec()).collect();
            let mut f = Figures::new();
            let cells = table(&mut f, &grid);
            let year = Cell(0);
            let mut left: u64 = cells.iter().flatten().map(|c| f.counts[c.0]).sum();
            let mut split: Vec<u64> = categories.iter().map(|&c| { let c = c.min(left); left -= c; c }).collect();
            split.push(left);
            f.partition(year, split);
            let shown = suppress(floor, &f);
            assert_safe(&f, &shown, floor, seed);
        }
    }
}
