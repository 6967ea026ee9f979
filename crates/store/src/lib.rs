//! ReachIn's persistence: one schema and one migration history on SQLite and PostgreSQL.
//!
//! Repositories take and return domain types; conversions between rows and domain types live
//! here only. Every lookup of tenant data takes the organisation id. Nothing here knows HTTP.

mod db;
mod error;
mod packed;
mod rows;

pub mod audit;
pub mod bulk;
pub mod cases;
pub mod crypt;
pub mod directory;
pub mod email_templates;
pub mod erasure;
pub mod events;
pub mod feedback;
pub mod follow_ups;
pub mod jobs;
pub mod keyring;
pub mod orgs;
pub mod privacy;
pub mod rate_limits;
pub mod resources;
pub mod roster;
pub mod schema;
pub mod sessions;
pub mod surveys;
pub mod tallies;
pub mod throttle;
pub mod tokens;
pub mod users;
pub mod wellbeing;

pub use db::{Db, Engine, PoolSizes};
pub use error::{Clash, Missing, StoreError};

/// Results of this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
