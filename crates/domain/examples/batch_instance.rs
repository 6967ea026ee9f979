//! Writes a synthetic batch instance for the reference solver and times the Rust pipeline on it.
//!
//! `cargo run --release -p reachin-domain --example batch_instance -- CASES SUPPORTERS SEED RUNS DIR`
//!
//! Writes `DIR/batch-CASESxSUPPORTERS.bin` (every eligible option: the whole batch) and
//! `DIR/batch-CASESxSUPPORTERS-k50.bin` (each case's 50 cheapest, equal costs ordered by the
//! fixed tie-break), then prints `key=value` lines: the pipeline's median time over RUNS runs,
//! its solve time, its total cost and how many cases it assigned. With `FULL_CHECK=1` it also
//! solves the whole batch without pruning (`batch::assign`), which must give the same cost.
//!
//! File layout, little-endian: `RIBATCH1`, u32 cases, u32 supporters, u64 options, u32
//! capacity per supporter, then the options as three arrays (u32 case, u32 supporter, u32 cost).

// An example is a tool run by hand: a bad argument or a failed write should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stdout)]

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::io::Write;
use std::time::Duration;

use reachin_domain::batch::{self, Batch};

/// Options kept per case before pricing, in the Rust pipeline.
const K: usize = 8;

fn write(path: &std::path::Path, b: &Batch) {
    let arcs: usize = b.options.iter().map(Vec::len).sum();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create the instance file"));
    out.write_all(b"RIBATCH1").unwrap();
    out.write_all(&(b.options.len() as u32).to_le_bytes()).unwrap();
    out.write_all(&(b.capacity.len() as u32).to_le_bytes()).unwrap();
    out.write_all(&(arcs as u64).to_le_bytes()).unwrap();
    for c in &b.capacity {
        out.write_all(&c.to_le_bytes()).unwrap();
    }
    for (c, opts) in b.options.iter().enumerate() {
        for _ in opts {
            out.write_all(&(c as u32).to_le_bytes()).unwrap();
        }
    }
    for opts in &b.options {
        for (s, _) in opts {
            out.write_all(&(*s as u32).to_le_bytes()).unwrap();
        }
    }
    for opts in &b.options {
        for (_, cost) in opts {
            out.write_all(&cost.to_le_bytes()).unwrap();
        }
    }
    out.flush().unwrap();
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cases, supporters, seed, runs, dir] = args.as_slice() else {
        panic!("usage: batch_instance CASES SUPPORTERS SEED RUNS DIR");
    };
    let (cases, supporters): (usize, usize) = (cases.parse().unwrap(), supporters.parse().unwrap());
    let (seed, runs): (u64, usize) = (seed.parse().unwrap(), runs.parse().unwrap());
    let org = synth::organisation(seed, supporters);
    let batch_cases = synth::cases(&org, seed, cases);

    let mut total = Vec::new();
    let mut solving = Vec::new();
    let mut scoring = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let started = std::time::Instant::now();
        let p = synth::pipeline(&org, &batch_cases, K);
        total.push(started.elapsed());
        solving.push(p.solving);
        scoring.push(p.scoring);
        last = Some(p);
    }
    let p = last.unwrap();

    let full = synth::full_batch(&org, &batch_cases);
    // The pipeline's cost, recomputed on the whole batch's own lists.
    assert_eq!(batch::total_cost(&full, &p.chosen), p.cost);
    let eligible: usize = full.options.iter().map(Vec::len).sum();
    let dir = std::path::Path::new(dir);
    let name = format!("batch-{cases}x{supporters}");
    write(&dir.join(format!("{name}.bin")), &full);
    let pool = reachin_domain::matching::Pool::new(&org.policy, &org.supporters, org.now);
    let mut k50 = Batch { options: Vec::new(), capacity: full.capacity.clone() };
    for c in &batch_cases {
        let mut kept = Vec::new();
        let _ = pool.case(&c.subject, &c.context).cheapest(50, c.key, &mut kept, &mut Default::default());
        k50.options.push(kept);
    }
    write(&dir.join(format!("{name}-k50.bin")), &k50);

    println!("instance={name}");
    println!("eligible_options={eligible}");
    println!("rust_pipeline_ms={:.1}", median(total).as_secs_f64() * 1e3);
    println!("rust_scoring_ms={:.1}", median(scoring).as_secs_f64() * 1e3);
    println!("rust_solve_ms={:.1}", median(solving).as_secs_f64() * 1e3);
    println!("rust_cost={}", p.cost);
    println!("rust_assigned={}", p.assigned);
    println!("rust_rounds={}", p.rounds);
    println!("rust_added={}", p.added);
    println!("rust_repriced_pairs={}", p.repriced);
    if std::env::var_os("FULL_CHECK").is_some() {
        // The exact solver on every option, without pruning: slower, the same optimum.
        let started = std::time::Instant::now();
        let chosen = batch::assign(&full);
        println!("rust_full_solve_ms={:.1}", started.elapsed().as_secs_f64() * 1e3);
        println!("rust_full_cost={}", batch::total_cost(&full, &chosen));
        println!("rust_full_assigned={}", chosen.iter().flatten().count());
    }
}
