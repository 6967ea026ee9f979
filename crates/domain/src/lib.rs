//! ReachIn's rules, in the programme's own words.
//!
//! This crate is pure: no I/O, no async, no database or HTTP types. Inputs are parsed into the
//! types here at the edge (`parse, don't validate`), so everything past the edge can trust them.

pub mod audit;
pub mod batch;
pub mod calendar;
pub mod case;
pub mod clock;
pub mod codes;
pub mod counting;
pub mod directory;
pub mod ids;
pub mod intake;
pub mod matching;
pub mod org;
pub mod privacy;
pub mod report;
pub mod role;
pub mod roster;
pub mod session;
pub mod sign_in;
pub mod suppression;
pub mod survey;
pub mod text;

pub use clock::Clock;
pub use ids::{CaseId, EventId, OrgId, PersonId, ResourceId, TokenId, UserId, WaveId};
pub use role::{Role, RoleSet};
