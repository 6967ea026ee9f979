//! ReachIn's server: pages, JSON API, operator CLI. The `reachin` binary is `main.rs`.

pub mod api;
pub mod app;
pub mod assets;
pub mod audit_trail;
pub mod auth;
pub mod batch;
pub mod cases;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod extract_roles;
pub mod i18n;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod middleware;
pub mod ops;
pub mod privacy;
pub mod roster;
pub mod routes;
pub mod state;
pub mod telemetry;
pub mod web;
