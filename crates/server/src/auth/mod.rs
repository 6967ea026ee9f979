//! Who is calling: sessions, API tokens, CSRF protection, sign-in throttling, and the extractors
//! that prove a caller's role in the organisation named by the path.

pub mod extract;
pub mod password;
pub mod secrets;
pub mod session;
pub mod throttle;
