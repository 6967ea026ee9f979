//! Prometheus counters, kept in-process (each instance reports its own; the scraper sums them).

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

/// Counters for `/metrics`.
#[derive(Debug, Default)]
pub struct Metrics {
    responses: [AtomicU64; 5],
    sign_ins: AtomicU64,
    failed_sign_ins: AtomicU64,
    refused: AtomicU64,
}

impl Metrics {
    /// Counts a response by status class.
    pub fn response(&self, status: u16) {
        let class = usize::from((status / 100).clamp(1, 5)) - 1;
        if let Some(c) = self.responses.get(class) {
            c.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Counts a sign-in.
    pub fn sign_in(&self, ok: bool) {
        let c = if ok { &self.sign_ins } else { &self.failed_sign_ins };
        c.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a refused authorisation.
    pub fn refused(&self) {
        self.refused.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition.
    #[must_use]
    pub fn render(&self, db_connections: u32) -> String {
        let mut out = String::new();
        out.push_str("# HELP reachin_http_responses_total HTTP responses by status class.\n");
        out.push_str("# TYPE reachin_http_responses_total counter\n");
        for (i, c) in self.responses.iter().enumerate() {
            let _ =
                writeln!(out, "reachin_http_responses_total{{class=\"{}xx\"}} {}", i + 1, c.load(Ordering::Relaxed));
        }
        let counters = [
            ("reachin_sign_ins_total", "Successful sign-ins.", &self.sign_ins),
            ("reachin_failed_sign_ins_total", "Failed sign-ins.", &self.failed_sign_ins),
            (
                "reachin_refused_authorisations_total",
                "Requests refused: a missing role, or a failed forgery check.",
                &self.refused,
            ),
        ];
        for (name, help, c) in counters {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}", c.load(Ordering::Relaxed));
        }
        let _ = writeln!(
            out,
            "# HELP reachin_db_connections Open database connections.\n# TYPE reachin_db_connections gauge\nreachin_db_connections {db_connections}"
        );
        out
    }
}
