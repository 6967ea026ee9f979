//! Batch assignment for an event that touches many clinicians: every case gets an eligible
//! supporter if at all possible, within caps, at the least total cost. Exact: a min-cost flow
//! (successive shortest paths with potentials), not a greedy pass.
//!
//! Large batches are solved on each case's few cheapest options and then *priced*: with the
//! solution's potentials (the dual prices of the flow), any option left out that could still
//! lower the total shows a negative reduced cost. Those are added back and the batch solved again,
//! until none is left; the result is then provably optimal for the whole batch, not only for the
//! options kept.

use std::cmp::Reverse;

use crate::matching::{Candidate, CaseContext, Pool, PoolCase, Scratch, Subject};
use std::collections::BinaryHeap;

/// One batch: for each case its eligible supporters with their costs, and each supporter's free
/// capacity (cap minus open cases).
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Per case: (supporter index, cost) for every eligible supporter.
    pub options: Vec<Vec<(usize, u32)>>,
    /// Per supporter: how many more cases they may take.
    pub capacity: Vec<u32>,
}

/// Assigns as many cases as possible, then at the least total cost. Returns, per case, the
/// supporter index chosen (none when no eligible supporter had room).
#[must_use]
pub fn assign(batch: &Batch) -> Vec<Option<usize>> {
    Solver::new(&batch.options, &batch.capacity).solve()
}

/// The same result as [`assign`] (as many cases as possible, then the least total cost), found
/// faster on large batches: each case keeps only its `k` cheapest options (equal costs ordered
/// by a fixed hash, see [`prune`]), and the options left out are priced against the solution
/// until none could improve it.
#[must_use]
pub fn assign_pruned(batch: &Batch, k: usize) -> Vec<Option<usize>> {
    let (mut kept, floors) = prune(batch, k);
    assign_priced(&mut kept, &floors, |case, prices, out| {
        let Some(all) = batch.options.get(case) else { return };
        out.extend(all.iter().filter(|(s, cost)| prices.improves(*s, *cost)));
    })
    .chosen
}

/// Each case's `k` cheapest options, and per case the cost that no option left out is below
/// (none: nothing was left out). Equal costs are ordered by a hash of the (case, supporter) pair,
/// not by index: by index, many similar cases would keep the same few supporters, run out of
/// them, and leave more for pricing to find.
#[must_use]
pub fn prune(batch: &Batch, k: usize) -> (Batch, Vec<Option<u32>>) {
    let k = k.max(1);
    let mut floors = Vec::with_capacity(batch.options.len());
    let options = batch
        .options
        .iter()
        .enumerate()
        .map(|(c, opts)| {
            if opts.len() <= k {
                floors.push(None);
                return opts.clone();
            }
            let mut keyed: Vec<(u32, u64, usize)> =
                opts.iter().map(|&(s, cost)| (cost, spread(c as u64, s as u64), s)).collect();
            keyed.select_nth_unstable(k - 1);
            keyed.truncate(k);
            floors.push(keyed.iter().map(|x| x.0).max());
            keyed.into_iter().map(|(cost, _, s)| (s, cost)).collect()
        })
        .collect();
    (Batch { options, capacity: batch.capacity.clone() }, floors)
}

/// A fixed hash of a (case, supporter) pair (splitmix64's finaliser).
fn spread(case: u64, supporter: u64) -> u64 {
    let mut z = (case << 32 ^ supporter).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What a batch solved with pricing came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priced {
    /// Per case, the supporter index chosen (none when no eligible supporter had room).
    pub chosen: Vec<Option<usize>>,
    /// How many times the batch was solved (1: the options kept were enough).
    pub rounds: usize,
    /// How many options pricing added back.
    pub added: usize,
}

/// The solution's prices, as one case's pricing sees them: an option of this case that was left
/// out improves the assignment exactly when its cost is below the supporter's ceiling.
#[derive(Debug, Clone, Copy)]
pub struct Prices<'a> {
    /// Every supporter's potential, highest first.
    by_potential: &'a [(i64, usize)],
    /// Every supporter's potential, by index.
    potential: &'a [i64],
    /// The case's potential.
    case: i64,
    /// No option left out of this case costs less.
    floor: u32,
}

impl<'a> Prices<'a> {
    /// The highest cost at which this case's option for supporter `s` would still improve the
    /// assignment (exclusive).
    #[must_use]
    pub fn ceiling(&self, s: usize) -> i64 {
        self.potential.get(s).map_or(i64::MIN, |p| p.saturating_sub(self.case))
    }

    /// Whether this case's option for supporter `s` at `cost` would improve the assignment.
    #[must_use]
    pub fn improves(&self, s: usize, cost: u32) -> bool {
        i64::from(cost) < self.ceiling(s)
    }

    /// The only supporters whose options left out could improve the assignment (those whose
    /// ceiling is above the case's floor), highest ceiling first, each with their ceiling. A
    /// pricing function need look no further.
    pub fn candidates(&self) -> impl Iterator<Item = (usize, i64)> + 'a {
        let (case, floor) = (self.case, i64::from(self.floor));
        self.by_potential
            .iter()
            .map(move |&(p, s)| (s, p.saturating_sub(case)))
            .take_while(move |&(_, ceiling)| ceiling > floor)
    }
}

/// Solves a pruned batch exactly for the whole batch it was cut from. `floors[c]` is a cost no
/// option left out of case `c` is below (none: nothing was left out, as [`prune`] gives). After
/// each solve, `price` is asked, for every case whose left-out options could still matter, to
/// push each of them that [`Prices::improves`] (or more: options already kept are ignored).
/// The most improving few of each case are added to `batch` and it is solved again, until
/// pricing finds none: then no option left out has a negative reduced cost, and the potentials
/// prove the assignment optimal for the whole batch.
pub fn assign_priced<F>(batch: &mut Batch, floors: &[Option<u32>], mut price: F) -> Priced
where
    F: FnMut(usize, &Prices<'_>, &mut Vec<(usize, u32)>),
{
    let mut rounds = 0;
    let mut added = 0;
    let mut found = Vec::new();
    loop {
        rounds += 1;
        let mut solver = Solver::new(&batch.options, &batch.capacity);
        let chosen = solver.solve();
        let potential = &solver.supporter_potential;
        let mut by_potential: Vec<(i64, usize)> = potential.iter().enumerate().map(|(s, p)| (*p, s)).collect();
        by_potential.sort_unstable_by(|a, b| b.cmp(a));
        let top = by_potential.first().map_or(i64::MIN, |x| x.0);
        let mut more = 0;
        for (c, floor) in floors.iter().enumerate() {
            let (Some(floor), Some(&case)) = (floor, solver.case_potential.get(c)) else { continue };
            // Cheap test first: with the highest supporter potential, could anything left out
            // of this case be below its ceiling?
            if top.saturating_sub(case) <= i64::from(*floor) {
                continue;
            }
            let prices = Prices { by_potential: &by_potential, potential, case, floor: *floor };
            found.clear();
            price(c, &prices, &mut found);
            let Some(opts) = batch.options.get_mut(c) else { continue };
            found.retain(|(s, cost)| prices.improves(*s, *cost) && !opts.iter().any(|(x, _)| x == s));
            // The most improving first, and only a few per case and round: where supporters
            // are scarce, nearly every option left out improves on the first solution, but few
            // are needed, and each added makes every later solve slower.
            if found.len() > ADDED_PER_ROUND {
                found
                    .select_nth_unstable_by_key(ADDED_PER_ROUND - 1, |(s, cost)| i64::from(*cost) - prices.ceiling(*s));
                found.truncate(ADDED_PER_ROUND);
            }
            more += found.len();
            opts.extend_from_slice(&found);
        }
        if more == 0 {
            return Priced { chosen, rounds, added };
        }
        added += more;
    }
}

/// The most options one case gets back from one round of pricing.
const ADDED_PER_ROUND: usize = 8;

/// Where a case's unit of flow goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placed {
    /// Not solved yet.
    Waiting,
    /// Left unassigned (the flow takes the costly way straight to the sink).
    Unassigned,
    /// Assigned through this option (an index into the flattened options).
    Option(u32),
}

/// How Dijkstra reached a node, to walk the path back.
#[derive(Debug, Clone, Copy)]
enum Via {
    None,
    /// A supporter, from a case through an option.
    Option(u32),
    /// A case, from the supporter who holds it (that assignment is undone).
    Holder(u32),
    /// The sink, from a supporter with room.
    Room(u32),
    /// The sink, from a case left unassigned.
    Unassigned(u32),
}

const NONE: u32 = u32::MAX;

/// Successive shortest paths, one case at a time, on the graph source → case → supporter →
/// sink, with an extra edge from each case straight to the sink at a cost above any assignment
/// (so that as many cases as possible are assigned first, then the cost is least). Each case's
/// search stops as soon as it reaches the sink, so a case whose cheapest supporter has room
/// costs a handful of steps, and the potentials keep every reduced cost non-negative.
struct Solver {
    cases: usize,
    /// Flattened options: case c's are `start[c]..start[c + 1]`.
    start: Vec<usize>,
    to: Vec<u32>,
    cost: Vec<i64>,
    room: Vec<u32>,
    placed: Vec<Placed>,
    /// Cases held by each supporter: the first, then a chain through `next_held`.
    first_held: Vec<u32>,
    next_held: Vec<u32>,
    case_potential: Vec<i64>,
    supporter_potential: Vec<i64>,
    /// The cost of leaving a case unassigned: above any possible difference in assignment costs.
    unassigned: i64,
}

impl Solver {
    fn new(options: &[Vec<(usize, u32)>], capacity: &[u32]) -> Self {
        let supporters = capacity.len();
        let mut start = Vec::with_capacity(options.len() + 1);
        let total: usize = options.iter().map(Vec::len).sum();
        let mut to = Vec::with_capacity(total);
        let mut cost = Vec::with_capacity(total);
        start.push(0);
        for opts in options {
            for &(s, c) in opts {
                if let Ok(s32) = u32::try_from(s)
                    && s < supporters
                {
                    to.push(s32);
                    cost.push(i64::from(c));
                }
            }
            start.push(to.len());
        }
        let cases = options.len();
        // Any assignment of k + 1 cases must beat any of k: more than all the costs together
        // could be, counting options that pricing may add later (any u32), not only those here.
        let unassigned = (i64::from(u32::MAX) + 1).saturating_mul(cases as i64 + 1).min(1 << 60);
        Self {
            cases,
            start,
            to,
            cost,
            room: capacity.to_vec(),
            placed: vec![Placed::Waiting; cases],
            first_held: vec![NONE; supporters],
            next_held: vec![NONE; cases],
            case_potential: vec![0; cases],
            supporter_potential: vec![0; supporters],
            unassigned,
        }
    }

    fn options(&self, c: usize) -> std::ops::Range<usize> {
        self.start.get(c).copied().unwrap_or(0)..self.start.get(c + 1).copied().unwrap_or(0)
    }

    fn solve(&mut self) -> Vec<Option<usize>> {
        let supporters = self.room.len();
        let sink = self.cases + supporters;
        let mut dist = vec![i64::MAX; sink + 1];
        let mut via = vec![Via::None; sink + 1];
        let mut touched: Vec<usize> = Vec::new();
        let mut settled: Vec<(usize, i64)> = Vec::new();
        let mut heap: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
        for c in 0..self.cases {
            // The case enters with a potential that makes all its edges' reduced costs
            // non-negative (nothing leads into it yet, so it is free to choose).
            let mut p = -self.unassigned;
            for e in self.options(c) {
                p = p.max(self.supporter_potential[self.to[e] as usize] - self.cost[e]);
            }
            self.case_potential[c] = p;
            heap.clear();
            dist[c] = 0;
            touched.push(c);
            heap.push(Reverse((0, c)));
            let mut reached = i64::MAX;
            while let Some(Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                if u == sink {
                    reached = d;
                    break;
                }
                settled.push((u, d));
                if u < self.cases {
                    let pu = self.case_potential[u];
                    let held = self.placed[u];
                    for e in self.options(u) {
                        if held == Placed::Option(e as u32) {
                            continue;
                        }
                        let s = self.to[e] as usize;
                        let nd = d + self.cost[e] + pu - self.supporter_potential[s];
                        let v = self.cases + s;
                        if nd < dist[v] {
                            if dist[v] == i64::MAX {
                                touched.push(v);
                            }
                            dist[v] = nd;
                            via[v] = Via::Option(e as u32);
                            heap.push(Reverse((nd, v)));
                        }
                    }
                    let nd = d + self.unassigned + pu;
                    if nd < dist[sink] {
                        if dist[sink] == i64::MAX {
                            touched.push(sink);
                        }
                        dist[sink] = nd;
                        via[sink] = Via::Unassigned(u as u32);
                        heap.push(Reverse((nd, sink)));
                    }
                } else {
                    let s = u - self.cases;
                    let ps = self.supporter_potential[s];
                    if self.room[s] > 0 {
                        let nd = d + ps;
                        if nd < dist[sink] {
                            if dist[sink] == i64::MAX {
                                touched.push(sink);
                            }
                            dist[sink] = nd;
                            via[sink] = Via::Room(s as u32);
                            heap.push(Reverse((nd, sink)));
                        }
                    }
                    let mut h = self.first_held[s];
                    while h != NONE {
                        let held = h as usize;
                        if let Placed::Option(e) = self.placed[held] {
                            let nd = d - self.cost[e as usize] + ps - self.case_potential[held];
                            if nd < dist[held] {
                                if dist[held] == i64::MAX {
                                    touched.push(held);
                                }
                                dist[held] = nd;
                                via[held] = Via::Holder(s as u32);
                                heap.push(Reverse((nd, held)));
                            }
                        }
                        h = self.next_held[held];
                    }
                }
            }
            // The sink is always reachable (every case may go unassigned), so `reached` is set.
            for &(v, d) in &settled {
                let delta = d - reached;
                if v < self.cases {
                    self.case_potential[v] += delta;
                } else {
                    self.supporter_potential[v - self.cases] += delta;
                }
            }
            settled.clear();
            self.augment(sink, &via, c);
            for &v in &touched {
                dist[v] = i64::MAX;
                via[v] = Via::None;
            }
            touched.clear();
        }
        self.chosen()
    }

    /// Walks the shortest path back from the sink, moving each case on it: every case on the
    /// path leaves the supporter who held it (if any) for the next one.
    fn augment(&mut self, sink: usize, via: &[Via], from: usize) {
        let mut s = match via[sink] {
            Via::Room(s) => {
                self.room[s as usize] -= 1;
                s as usize
            }
            Via::Unassigned(c) => {
                let c = c as usize;
                self.placed[c] = Placed::Unassigned;
                match self.leave(c, via, from) {
                    Some(s) => s,
                    None => return,
                }
            }
            _ => return,
        };
        loop {
            let Via::Option(e) = via[self.cases + s] else { return };
            let c = self.case_of(e as usize);
            let previous = self.leave(c, via, from);
            self.placed[c] = Placed::Option(e);
            self.next_held[c] = self.first_held[s];
            self.first_held[s] = c as u32;
            match previous {
                Some(p) => s = p,
                None => return,
            }
        }
    }

    /// Takes case `c` off the supporter the path reached it from, and returns that supporter
    /// (none: `c` is the case being added, which nobody held).
    fn leave(&mut self, c: usize, via: &[Via], from: usize) -> Option<usize> {
        if c == from {
            return None;
        }
        let Via::Holder(s) = via[c] else { return None };
        self.unhold(s as usize, c);
        Some(s as usize)
    }

    fn case_of(&self, e: usize) -> usize {
        // `start` is sorted: the case whose range holds e.
        self.start.partition_point(|&x| x <= e).saturating_sub(1)
    }

    fn unhold(&mut self, s: usize, c: usize) {
        let c32 = c as u32;
        if self.first_held[s] == c32 {
            self.first_held[s] = self.next_held[c];
            return;
        }
        let mut h = self.first_held[s];
        while h != NONE {
            let next = self.next_held[h as usize];
            if next == c32 {
                self.next_held[h as usize] = self.next_held[c];
                return;
            }
            h = next;
        }
    }

    fn chosen(&self) -> Vec<Option<usize>> {
        self.placed
            .iter()
            .map(|p| match p {
                Placed::Option(e) => self.to.get(*e as usize).map(|s| *s as usize),
                _ => None,
            })
            .collect()
    }
}

/// The total cost of an assignment.
#[must_use]
pub fn total_cost(batch: &Batch, chosen: &[Option<usize>]) -> u64 {
    chosen
        .iter()
        .enumerate()
        .filter_map(|(c, s)| {
            let s = (*s)?;
            batch.options.get(c)?.iter().find(|(x, _)| *x == s).map(|(_, cost)| u64::from(*cost))
        })
        .sum()
}

/// A greedy assignment (each case in turn takes its cheapest supporter with room): the baseline
/// the exact assignment must never do worse than.
#[must_use]
pub fn greedy(batch: &Batch) -> Vec<Option<usize>> {
    let mut left = batch.capacity.clone();
    batch
        .options
        .iter()
        .map(|opts| {
            let mut sorted = opts.clone();
            sorted.sort_by_key(|(s, c)| (*c, *s));
            let pick = sorted.into_iter().find(|(s, _)| left.get(*s).is_some_and(|l| *l > 0)).map(|(s, _)| s);
            if let Some(s) = pick {
                left[s] -= 1;
            }
            pick
        })
        .collect()
}

/// How many of each case's cheapest eligible supporters the plan keeps before pricing: enough
/// that pricing rarely finds anything to add back on realistic rosters (see the benchmarks).
pub const SHORTLIST: usize = 8;

/// One case of a batch, as matching sees it.
#[derive(Debug, Clone, Copy)]
pub struct PlanCase<'a> {
    /// The person to be reached.
    pub subject: &'a Subject,
    /// The case's context (event, do-not-contact, preferences).
    pub context: &'a CaseContext,
    /// A fixed key per case, for the tie-break among equal costs.
    pub key: u64,
}

/// The first step of a plan: each case's shortlist (its cheapest eligible supporters) and each
/// supporter's free places, ready for [`solve_shortlist`].
#[derive(Debug)]
pub struct Shortlist<'p> {
    /// The batch so far: the shortlisted options and the free places.
    pub batch: Batch,
    floors: Vec<Option<u32>>,
    probes: Vec<PoolCase<'p>>,
}

/// Shortlists every case against `pool` (built from `candidates`, in the same order): the `k`
/// cheapest eligible supporters of each, and each supporter's free places (cap minus open cases).
#[must_use]
pub fn shortlist<'p>(pool: &'p Pool, candidates: &[Candidate], cases: &[PlanCase<'_>], k: usize) -> Shortlist<'p> {
    let probes: Vec<PoolCase<'p>> = cases.iter().map(|c| pool.case(c.subject, c.context)).collect();
    let mut options = Vec::with_capacity(cases.len());
    let mut floors = Vec::with_capacity(cases.len());
    let mut scratch = Scratch::default();
    for (case, probe) in cases.iter().zip(&probes) {
        let mut kept = Vec::with_capacity(k);
        floors.push(probe.cheapest(k, case.key, &mut kept, &mut scratch));
        options.push(kept);
    }
    let capacity = candidates.iter().map(|c| c.cap.saturating_sub(c.open_cases)).collect();
    Shortlist { batch: Batch { options, capacity }, floors, probes }
}

/// Solves a shortlisted batch exactly for the whole batch: pricing adds back any eligible
/// supporter left off a shortlist who could lower the total. Returns the result and how many
/// options were priced.
pub fn solve_shortlist(s: &mut Shortlist<'_>) -> (Priced, usize) {
    let mut repriced = 0;
    let probes = &s.probes;
    let priced = assign_priced(&mut s.batch, &s.floors, |c, prices, out| {
        let Some(probe) = probes.get(c) else { return };
        for (sup, ceiling) in prices.candidates() {
            repriced += 1;
            if let Some(cost) = probe.cost(sup)
                && i64::from(cost) < ceiling
            {
                out.push((sup, cost));
            }
        }
    });
    (priced, repriced)
}

/// The plan for a batch of cases: every case gets an eligible supporter (the same rules as
/// [`crate::matching::exclusions`]) if at all possible, within every supporter's free places,
/// at the least total cost ([`crate::matching::score`]'s costs). `pool` is `candidates`
/// prepared (in the same order). Returns, per case, the index in `candidates` of the supporter
/// chosen, and the batch that was solved (for its total cost).
#[must_use]
pub fn plan(pool: &Pool, candidates: &[Candidate], cases: &[PlanCase<'_>]) -> (Priced, Batch) {
    let mut s = shortlist(pool, candidates, cases, SHORTLIST);
    let (priced, _) = solve_shortlist(&mut s);
    (priced, s.batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(batch: &Batch) -> (usize, u64) {
        fn go(b: &Batch, c: usize, left: &mut Vec<u32>, count: usize, cost: u64, best: &mut (usize, u64)) {
            if c == b.options.len() {
                if count > best.0 || (count == best.0 && cost < best.1) {
                    *best = (count, cost);
                }
                return;
            }
            go(b, c + 1, left, count, cost, best);
            for &(s, k) in &b.options[c] {
                if left[s] > 0 {
                    left[s] -= 1;
                    go(b, c + 1, left, count + 1, cost + u64::from(k), best);
                    left[s] += 1;
                }
            }
        }
        let mut best = (0, u64::MAX);
        go(batch, 0, &mut batch.capacity.clone(), 0, 0, &mut best);
        best
    }

    /// The first implementation (successive shortest paths from the source, Dijkstra over the
    /// whole graph each time), kept as an independent reference for instances too big to brute
    /// force.
    fn reference(batch: &Batch) -> Vec<Option<usize>> {
        #[derive(Clone, Copy)]
        struct Edge {
            to: usize,
            rev: usize,
            cap: i64,
            cost: i64,
        }
        let cases = batch.options.len();
        let supporters = batch.capacity.len();
        let source = cases + supporters;
        let sink = source + 1;
        let n = sink + 1;
        let mut adj: Vec<Vec<Edge>> = vec![Vec::new(); n];
        let add = |adj: &mut Vec<Vec<Edge>>, from: usize, to: usize, cap: i64, cost: i64| {
            let (rev_to, rev_from) = (adj[to].len(), adj[from].len());
            adj[from].push(Edge { to, rev: rev_to, cap, cost });
            adj[to].push(Edge { to: from, rev: rev_from, cap: 0, cost: -cost });
        };
        for (c, opts) in batch.options.iter().enumerate() {
            add(&mut adj, source, c, 1, 0);
            for &(s, cost) in opts {
                add(&mut adj, c, cases + s, 1, i64::from(cost));
            }
        }
        for (s, cap) in batch.capacity.iter().enumerate() {
            add(&mut adj, cases + s, sink, i64::from(*cap), 0);
        }
        let mut potential = vec![0i64; n];
        loop {
            let mut dist = vec![i64::MAX; n];
            let mut prev: Vec<Option<(usize, usize)>> = vec![None; n];
            dist[source] = 0;
            let mut heap = BinaryHeap::new();
            heap.push(Reverse((0i64, source)));
            while let Some(Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                for (i, e) in adj[u].iter().enumerate() {
                    let nd = d + e.cost + potential[u] - potential[e.to];
                    if e.cap > 0 && nd < dist[e.to] {
                        dist[e.to] = nd;
                        prev[e.to] = Some((u, i));
                        heap.push(Reverse((nd, e.to)));
                    }
                }
            }
            if dist[sink] == i64::MAX {
                break;
            }
            for v in 0..n {
                if dist[v] != i64::MAX {
                    potential[v] += dist[v];
                }
            }
            let mut v = sink;
            while let Some((u, i)) = prev[v] {
                let rev = adj[u][i].rev;
                adj[u][i].cap -= 1;
                adj[v][rev].cap += 1;
                v = u;
            }
        }
        (0..cases)
            .map(|c| adj[c].iter().find(|e| e.to >= cases && e.to < source && e.cap == 0).map(|e| e.to - cases))
            .collect()
    }

    fn batch_of(raw: Vec<Vec<(usize, u32)>>, capacity: Vec<u32>, ties: bool) -> Batch {
        let options = raw
            .into_iter()
            .map(|mut o| {
                o.sort_by_key(|x| x.0);
                o.dedup_by_key(|x| x.0);
                // Few distinct costs: many ties, as real costs have.
                if ties {
                    o.iter_mut().for_each(|x| x.1 %= 3);
                }
                o
            })
            .collect();
        Batch { options, capacity }
    }

    fn feasible(b: &Batch, chosen: &[Option<usize>]) -> bool {
        let mut used = vec![0u32; b.capacity.len()];
        for (c, s) in chosen.iter().enumerate() {
            if let Some(s) = s {
                if !b.options[c].iter().any(|(x, _)| x == s) {
                    return false;
                }
                used[*s] += 1;
            }
        }
        used.iter().zip(&b.capacity).all(|(u, c)| u <= c)
    }

    #[test]
    fn a_greedy_choice_would_be_worse() {
        // Case 0 likes supporter 0 a little better; case 1 can only have supporter 0.
        let b = Batch { options: vec![vec![(0, 1), (1, 2)], vec![(0, 1)]], capacity: vec![1, 1] };
        let exact = assign(&b);
        assert_eq!(exact, vec![Some(1), Some(0)]);
        assert_eq!(greedy(&b), vec![Some(0), None]);
    }

    proptest! {
        /// The result is feasible (eligible supporters, caps kept), assigns as many cases as any
        /// assignment can, at the least possible cost, and never costs more than greedy when
        /// greedy assigns as many.
        #[test]
        fn the_batch_is_feasible_optimal_and_never_worse_than_greedy(
            raw in proptest::collection::vec(proptest::collection::vec((0usize..4, 0u32..50), 0..4), 0..6),
            caps in proptest::collection::vec(0u32..3, 4),
        ) {
            let options: Vec<Vec<(usize, u32)>> = raw
                .into_iter()
                .map(|mut o| { o.sort_by_key(|x| x.0); o.dedup_by_key(|x| x.0); o })
                .collect();
            let b = Batch { options, capacity: caps };
            let chosen = assign(&b);
            let mut used = [0u32; 4];
            for (c, s) in chosen.iter().enumerate() {
                if let Some(s) = s {
                    prop_assert!(b.options[c].iter().any(|(x, _)| x == s), "only eligible supporters");
                    used[*s] += 1;
                }
            }
            prop_assert!(used.iter().zip(&b.capacity).all(|(u, c)| u <= c), "caps kept");
            let count = chosen.iter().flatten().count();
            let (best_count, best_cost) = brute(&b);
            prop_assert_eq!(count, best_count);
            if count > 0 {
                prop_assert_eq!(total_cost(&b, &chosen), best_cost);
            }
            let g = greedy(&b);
            if g.iter().flatten().count() == count {
                prop_assert!(total_cost(&b, &chosen) <= total_cost(&b, &g));
            }
        }

        /// On instances too big to brute force, the solver agrees with the first implementation
        /// on how many cases are assigned and at what cost.
        #[test]
        fn the_solver_agrees_with_the_reference(
            raw in proptest::collection::vec(proptest::collection::vec((0usize..15, 0u32..60), 0..8), 0..30),
            caps in proptest::collection::vec(0u32..4, 15),
            ties in any::<bool>(),
        ) {
            let b = batch_of(raw, caps, ties);
            let chosen = assign(&b);
            prop_assert!(feasible(&b, &chosen));
            let reference = reference(&b);
            prop_assert_eq!(chosen.iter().flatten().count(), reference.iter().flatten().count());
            prop_assert_eq!(total_cost(&b, &chosen), total_cost(&b, &reference));
        }

        /// Keeping only each case's k cheapest options and pricing the rest gives exactly the
        /// optimum of the whole batch: as many cases assigned, the same total cost, caps kept.
        #[test]
        fn pruning_with_pricing_gives_the_same_optimum(
            raw in proptest::collection::vec(proptest::collection::vec((0usize..15, 0u32..60), 0..10), 0..30),
            caps in proptest::collection::vec(0u32..3, 15),
            k in 1usize..4,
            ties in any::<bool>(),
        ) {
            let b = batch_of(raw, caps, ties);
            let exact = assign(&b);
            let pruned = assign_pruned(&b, k);
            prop_assert!(feasible(&b, &pruned), "eligible supporters only, caps kept");
            prop_assert_eq!(pruned.iter().flatten().count(), exact.iter().flatten().count());
            prop_assert_eq!(total_cost(&b, &pruned), total_cost(&b, &exact));
        }
    }
}

/// The plan from matching's inputs to an assignment, held to the rules one by one.
#[cfg(test)]
mod plan_tests {
    use std::collections::HashSet;

    use jiff::{SignedDuration, Timestamp};
    use proptest::prelude::*;

    use super::*;
    use crate::directory::{Grade, Profession};
    use crate::ids::PersonId;
    use crate::matching::{self, Candidate, CaseContext, Policy, Subject};

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap()
    }

    const DEPARTMENTS: [&str; 3] = ["ICU", "ED", "Surgery"];

    fn supporter(flags: (bool, bool, u8, u32, u32, usize, bool)) -> Candidate {
        let (active, away, training, open, cap, department, nurse) = flags;
        Candidate {
            person: PersonId::generate(),
            profession: Some(if nurse { Profession::Nurse } else { Profession::Doctor }),
            specialty: None,
            department: Some(DEPARTMENTS[department % 3].into()),
            grade: Some(Grade::Senior),
            site: None,
            languages: Vec::new(),
            gender: None,
            manager: None,
            active,
            trained_until: match training % 3 {
                0 => None,
                1 => Some(now() - SignedDuration::from_hours(1)),
                _ => Some(now() + SignedDuration::from_hours(24 * 100)),
            },
            away,
            open_cases: open,
            cap,
            last_assigned: None,
        }
    }

    proptest! {
        /// Nobody excluded is ever batch-assigned, no cap is exceeded, and the plan (shortlists
        /// and pricing) places as many cases as the exact solve over every eligible option, at
        /// the same least cost, never above a greedy pass.
        #[test]
        fn the_plan_keeps_the_rules_and_is_optimal(
            roster in proptest::collection::vec(
                (any::<bool>(), proptest::bool::weighted(0.1), 0u8..3, 0u32..3, 1u32..4, 0usize..3, any::<bool>()), 1..14),
            subjects in proptest::collection::vec((0usize..3, any::<bool>(), proptest::collection::vec(0usize..14, 0..3)), 1..9),
            strict in any::<bool>(),
        ) {
            let candidates: Vec<Candidate> = roster.into_iter().map(|f| Candidate { active: f.0 || f.2 == 2, ..supporter(f) }).collect();
            let policy = Policy { exclude_same_department: strict, ..Policy::default() };
            let cases: Vec<(Subject, CaseContext)> = subjects
                .iter()
                .map(|(department, nurse, involved)| {
                    let subject = Subject {
                        person: PersonId::generate(),
                        profession: Some(if *nurse { Profession::Nurse } else { Profession::Doctor }),
                        specialty: None,
                        department: Some(DEPARTMENTS[*department].into()),
                        grade: Some(Grade::Practitioner),
                        site: None,
                        manager: candidates.get(involved.first().copied().unwrap_or(99)).map(|c| c.person),
                        language: None,
                    };
                    let involved: HashSet<PersonId> =
                        involved.iter().filter_map(|i| candidates.get(*i)).map(|c| c.person).collect();
                    (subject, CaseContext { involved, ..CaseContext::default() })
                })
                .collect();
            let plan_cases: Vec<PlanCase<'_>> = cases
                .iter()
                .enumerate()
                .map(|(i, (subject, context))| PlanCase { subject, context, key: i as u64 })
                .collect();
            let pool = crate::matching::Pool::new(&policy, &candidates, now());
            let (priced, solved) = plan(&pool, &candidates, &plan_cases);

            let mut taken = vec![0u32; candidates.len()];
            for ((subject, context), pick) in cases.iter().zip(&priced.chosen) {
                if let Some(s) = pick {
                    prop_assert!(matching::exclusions(&policy, subject, context, &candidates[*s], now()).is_empty());
                    taken[*s] += 1;
                }
            }
            for (c, n) in candidates.iter().zip(&taken) {
                prop_assert!(*n <= c.cap.saturating_sub(c.open_cases), "cap exceeded");
            }

            let full = Batch {
                options: cases
                    .iter()
                    .map(|(subject, context)| {
                        candidates
                            .iter()
                            .enumerate()
                            .filter(|(_, c)| matching::exclusions(&policy, subject, context, c, now()).is_empty())
                            .map(|(i, c)| (i, matching::score(&policy, subject, context, c, now()).cost))
                            .collect()
                    })
                    .collect(),
                capacity: candidates.iter().map(|c| c.cap.saturating_sub(c.open_cases)).collect(),
            };
            let exact = assign(&full);
            let placed = priced.chosen.iter().flatten().count();
            prop_assert_eq!(placed, exact.iter().flatten().count());
            prop_assert_eq!(total_cost(&solved, &priced.chosen), total_cost(&full, &exact));
            let greedy = greedy(&full);
            prop_assert!(placed >= greedy.iter().flatten().count());
            if placed == greedy.iter().flatten().count() {
                prop_assert!(total_cost(&full, &exact) <= total_cost(&full, &greedy));
            }
        }
    }
}
