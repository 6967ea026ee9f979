//! Roles. Roles are held per organisation; one person can hold several. The network operator is
//! installation-wide and is deliberately not a `Role`: it never acts inside an organisation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a member of an organisation may do there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reaches in to colleagues; sees only the cases assigned to them.
    Supporter,
    /// Runs the programme: triage, matching, roster, resources, reports.
    Coordinator,
    /// Organisation leader or analyst: suppressed aggregates only, never an identity.
    Leader,
    /// Users, roles, departments and policies; never case identities.
    OrgAdmin,
    /// An incident system or HR feed acting through an API token: reports safety events and
    /// keeps the staff directory; has no pages.
    Integration,
}

impl Role {
    /// Every role, in the order home pages and menus list them.
    pub const ALL: [Role; 5] = [Role::Coordinator, Role::Supporter, Role::Leader, Role::OrgAdmin, Role::Integration];

    /// The stable name used in storage, the CLI and the API.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Supporter => "supporter",
            Role::Coordinator => "coordinator",
            Role::Leader => "leader",
            Role::OrgAdmin => "org_admin",
            Role::Integration => "integration",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that ReachIn does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}; expected one of supporter, coordinator, leader, org_admin, integration")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// The roles one user holds in one organisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoleSet(u8);

impl RoleSet {
    fn bit(role: Role) -> u8 {
        1 << (role as u8)
    }

    /// Adds a role.
    pub fn insert(&mut self, role: Role) {
        self.0 |= Self::bit(role);
    }

    /// Whether the set holds `role`.
    #[must_use]
    pub fn contains(&self, role: Role) -> bool {
        self.0 & Self::bit(role) != 0
    }

    /// Whether the set holds no role at all (not a member).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The roles held, in `Role::ALL` order.
    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        Role::ALL.into_iter().filter(|r| self.contains(*r))
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        let mut set = RoleSet::default();
        for r in iter {
            set.insert(r);
        }
        set
    }
}

/// Who may call a route, as declared next to the route. Enforcement is by the handler's
/// extractor; the authorisation-matrix test checks that the two agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// A member of the organisation named by the path holding any of these roles.
    Org(&'static [Role]),
    /// Any member of the organisation named by the path.
    OrgMember,
    /// The installation's network operator.
    NetworkOperator,
}

impl Access {
    /// Whether a member with `roles` passes this access rule (for organisation routes).
    #[must_use]
    pub fn admits(&self, roles: RoleSet) -> bool {
        match self {
            Access::Public | Access::SignedIn => true,
            Access::OrgMember => !roles.is_empty(),
            Access::Org(required) => required.iter().any(|r| roles.contains(*r)),
            Access::NetworkOperator => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("admin".parse::<Role>().is_err());
    }

    #[test]
    fn role_set_holds_what_was_inserted() {
        let set: RoleSet = [Role::Leader, Role::Supporter].into_iter().collect();
        assert!(set.contains(Role::Leader) && set.contains(Role::Supporter));
        assert!(!set.contains(Role::Coordinator));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![Role::Supporter, Role::Leader]);
    }

    #[test]
    fn access_is_deny_by_default() {
        assert!(!Access::OrgMember.admits(RoleSet::default()));
        assert!(!Access::Org(&[Role::Coordinator]).admits([Role::Leader].into_iter().collect()));
        assert!(Access::Org(&[Role::Coordinator]).admits([Role::Coordinator].into_iter().collect()));
    }
}
