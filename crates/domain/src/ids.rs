//! Typed identifiers: a `CaseId` can never be passed where a `PersonId` is expected.
//!
//! All ids are UUIDv7 (time-ordered, so indexes stay compact) and stored as TEXT.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A string that is not a well-formed id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid id")]
pub struct InvalidId;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            #[must_use]
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }

            /// The id as a UUID.
            #[must_use]
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self).map_err(|_| InvalidId)
            }
        }
    };
}

typed_id!(
    /// An organisation (a tenant) on the installation.
    OrgId
);
typed_id!(
    /// An entry in an organisation's staff directory.
    PersonId
);
typed_id!(
    /// A sign-in account.
    UserId
);
typed_id!(
    /// A personal API token.
    TokenId
);
typed_id!(
    /// A support case.
    CaseId
);
typed_id!(
    /// A safety event (one event, several clinicians: one case each, linked to it).
    EventId
);
typed_id!(
    /// An entry in an organisation's resources directory.
    ResourceId
);
typed_id!(
    /// A survey wave.
    WaveId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = PersonId::generate();
        assert_eq!(id.to_string().parse::<PersonId>(), Ok(id));
    }

    #[test]
    fn garbage_is_not_an_id() {
        assert_eq!("1; DROP TABLE people".parse::<OrgId>(), Err(InvalidId));
    }
}
