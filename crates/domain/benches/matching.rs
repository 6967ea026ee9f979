//! Ranking one case's candidates among 1k, 10k and 100k supporters of a synthetic organisation.
//!
//! Run with `cargo bench -p reachin-domain --bench matching`.

// A bench is test code: a failed setup should stop it loudly, as in tests (clippy.toml's
// test allowances do not reach bench targets, which are not compiled with cfg(test)).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_debug_implementations)]

#[path = "synth/mod.rs"]
mod synth;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use reachin_domain::matching;

fn rank(c: &mut Criterion) {
    let mut group = c.benchmark_group("rank");
    for &n in &[1_000usize, 10_000, 100_000] {
        let org = synth::organisation(7, n);
        let cases = synth::cases(&org, 7, 16);
        group.throughput(Throughput::Elements(n as u64));
        if n >= 100_000 {
            group.sample_size(30);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            let mut i = 0;
            b.iter(|| {
                // Cycle through a few cases so one subject's luck does not decide the figure.
                let case = &cases[i % cases.len()];
                i += 1;
                matching::rank(&org.policy, &case.subject, &case.context, black_box(&org.supporters), org.now, case.key)
            });
        });
    }
    group.finish();
}

/// The same ranking against the roster prepared once as a `matching::Pool` (what an instance
/// would keep in memory and rebuild when the roster changes), and the cost of preparing it.
fn rank_prepared(c: &mut Criterion) {
    let mut group = c.benchmark_group("rank_prepared_pool");
    for &n in &[1_000usize, 10_000, 100_000] {
        let org = synth::organisation(7, n);
        let cases = synth::cases(&org, 7, 16);
        let pool = matching::Pool::new(&org.policy, &org.supporters, org.now);
        let mut scratch = matching::Scratch::default();
        group.throughput(Throughput::Elements(n as u64));
        if n >= 100_000 {
            group.sample_size(30);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            let mut i = 0;
            b.iter(|| {
                let case = &cases[i % cases.len()];
                i += 1;
                black_box(&pool).case(&case.subject, &case.context).ranked(case.key, &mut scratch)
            });
        });
    }
    group.finish();
    let mut group = c.benchmark_group("prepare_pool");
    group.sample_size(20);
    for &n in &[10_000usize, 100_000] {
        let org = synth::organisation(7, n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| matching::Pool::new(&org.policy, black_box(&org.supporters), org.now));
        });
    }
    group.finish();
}

criterion_group!(benches, rank, rank_prepared);
criterion_main!(benches);
