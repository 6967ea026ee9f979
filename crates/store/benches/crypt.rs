//! The cost of encryption at rest: sealing, opening and blind-indexing one identity field, and
//! opening and ordering a whole directory's names (what the directory and roster pages now do,
//! since SQL can no longer order sealed names).
//!
//! Run with `cargo bench -p reachin-store --bench crypt`.

// A bench is test code: a failed setup should stop it loudly, as in tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_debug_implementations)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use reachin_store::crypt::{DataKeyBytes, OrgKey};

fn key() -> OrgKey {
    OrgKey::from_bytes(&DataKeyBytes::generate().unwrap())
}

fn one_field(c: &mut Criterion) {
    let k = key();
    let sealed = k.seal("people.name:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "Zebedee Quartermain-Okonkwo").unwrap();
    let mut group = c.benchmark_group("field");
    group.bench_function("seal", |b| {
        b.iter(|| {
            k.seal(
                black_box("people.name:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
                black_box("Zebedee Quartermain-Okonkwo"),
            )
        })
    });
    group.bench_function("open", |b| {
        b.iter(|| k.open(black_box("people.name:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), black_box(&sealed)))
    });
    group.bench_function("blind", |b| b.iter(|| k.blind(black_box("email"), black_box("zebedee.q@stmarys.example"))));
    group.finish();
}

fn directory(c: &mut Criterion) {
    let k = key();
    let mut group = c.benchmark_group("open_and_order_names");
    for &n in &[1_000usize, 10_000, 50_000] {
        let rows: Vec<(String, String)> = (0..n)
            .map(|i| {
                let id = format!("0190a1b2-c3d4-7e5f-8a9b-{i:012}");
                let name = format!("Person {:08}", (i * 7919) % n);
                let sealed = k.seal(&format!("people.name:{id}"), &name).unwrap();
                (id, sealed)
            })
            .collect();
        group.throughput(Throughput::Elements(n as u64));
        if n >= 50_000 {
            group.sample_size(20);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &rows, |b, rows| {
            b.iter(|| {
                let mut names: Vec<(String, &str)> = rows
                    .iter()
                    .map(|(id, s)| (k.open(&format!("people.name:{id}"), s).unwrap(), id.as_str()))
                    .collect();
                names.sort();
                black_box(names.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, one_field, directory);
criterion_main!(benches);
