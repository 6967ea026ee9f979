//! ReachIn's one integration-test binary. Each test builds a `TestApp`: the real router on a fresh
//! database — a temporary SQLite file, or a fresh schema on PostgreSQL when
//! `REACHIN_TEST_DATABASE_URL` is set — with an injected clock.
//!
//! Add tests as modules here; do not add more test binaries (each costs a link on 2 cores).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_debug_implementations)]

mod support;

mod auth;
mod bad_input;
mod cases;
mod catalogue;
mod cli;
mod confidentiality;
mod demo;
mod email_templates;
mod headers;
mod mail;
mod matrix;
mod openapi;
mod reports;
mod request_page;
mod roster;
mod schema;
mod surveys;
