//! The batch pipeline (eligibility, costs, exact solve with pricing) on synthetic organisations:
//! 200 cases × 2,000 supporters and 2,000 cases × 20,000 supporters.
//!
//! Run with `cargo bench -p reachin-domain --bench batch`. The side-by-side comparison with
//! OR-Tools on the same instances is `bench/batch_compare.sh`.

// A bench is test code: a failed setup should stop it loudly, as in tests (clippy.toml's
// test allowances do not reach bench targets, which are not compiled with cfg(test)).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_debug_implementations)]

#[path = "synth/mod.rs"]
mod synth;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// Options kept per case before pricing.
const K: usize = 8;

fn batch(c: &mut Criterion) {
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    for &(cases, supporters) in &[(200usize, 2_000usize), (2_000, 20_000)] {
        let org = synth::organisation(42, supporters);
        let batch_cases = synth::cases(&org, 42, cases);
        let id = format!("{cases}x{supporters}");
        group.bench_function(BenchmarkId::new("pipeline", &id), |b| {
            b.iter(|| synth::pipeline(black_box(&org), black_box(&batch_cases), K).cost);
        });
    }
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
