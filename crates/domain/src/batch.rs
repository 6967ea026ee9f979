//! Batch assignment for an event that touches many clinicians: every case gets an eligible
//! supporter if at all possible, within caps, at the least total cost. Exact: a min-cost flow
//! (successive shortest paths with potentials), not a greedy pass.

/// One batch: for each case its eligible supporters with their costs, and each supporter's free
/// capacity (cap minus open cases).
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Per case: (supporter index, cost) for every eligible supporter.
    pub options: Vec<Vec<(usize, u32)>>,
    /// Per supporter: how many more cases they may take.
    pub capacity: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    to: usize,
    rev: usize,
    cap: i64,
    cost: i64,
}

struct Graph {
    adj: Vec<Vec<Edge>>,
}

impl Graph {
    fn new(n: usize) -> Self {
        Self { adj: vec![Vec::new(); n] }
    }

    fn add(&mut self, from: usize, to: usize, cap: i64, cost: i64) {
        let rev_to = self.adj[to].len();
        let rev_from = self.adj[from].len();
        self.adj[from].push(Edge { to, rev: rev_to, cap, cost });
        self.adj[to].push(Edge { to: from, rev: rev_from, cap: 0, cost: -cost });
    }
}

/// Assigns as many cases as possible, then at the least total cost. Returns, per case, the
/// supporter index chosen (none when no eligible supporter had room).
#[must_use]
pub fn assign(batch: &Batch) -> Vec<Option<usize>> {
    let cases = batch.options.len();
    let supporters = batch.capacity.len();
    let source = cases + supporters;
    let sink = source + 1;
    let mut g = Graph::new(sink + 1);
    for (c, opts) in batch.options.iter().enumerate() {
        g.add(source, c, 1, 0);
        for &(s, cost) in opts {
            if s < supporters {
                g.add(c, cases + s, 1, i64::from(cost));
            }
        }
    }
    for (s, cap) in batch.capacity.iter().enumerate() {
        g.add(cases + s, sink, i64::from(*cap), 0);
    }
    // Successive shortest paths; all first costs are non-negative, so potentials start at 0 and
    // Dijkstra on reduced costs stays valid.
    let n = sink + 1;
    let mut potential = vec![0i64; n];
    loop {
        let mut dist = vec![i64::MAX; n];
        let mut prev: Vec<Option<(usize, usize)>> = vec![None; n];
        dist[source] = 0;
        let mut heap = std::collections::BinaryHeap::new();
        heap.push(std::cmp::Reverse((0i64, source)));
        while let Some(std::cmp::Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            for (i, e) in g.adj[u].iter().enumerate() {
                if e.cap <= 0 {
                    continue;
                }
                let nd = d + e.cost + potential[u] - potential[e.to];
                if nd < dist[e.to] {
                    dist[e.to] = nd;
                    prev[e.to] = Some((u, i));
                    heap.push(std::cmp::Reverse((nd, e.to)));
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
        // Each augmenting path carries one case.
        let mut v = sink;
        while let Some((u, i)) = prev[v] {
            let rev = g.adj[u][i].rev;
            g.adj[u][i].cap -= 1;
            g.adj[v][rev].cap += 1;
            v = u;
        }
    }
    (0..cases)
        .map(|c| {
            g.adj[c].iter().find(|e| e.to >= cases && e.to < cases + supporters && e.cap == 0).map(|e| e.to - cases)
        })
        .collect()
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
    }
}
