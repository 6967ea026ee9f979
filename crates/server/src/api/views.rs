//! What the API returns. Views are separate from domain types so the contract changes only on
//! purpose (the OpenAPI document is snapshot-tested).

use reachin_domain::RoleSet;
use reachin_domain::directory::Person;
use reachin_domain::org::{Organisation, WorkingHours};
use serde::Serialize;
use utoipa::ToSchema;

/// A membership of the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipView {
    /// The organisation's slug.
    pub org: String,
    /// Its name.
    pub name: String,
    /// Roles held there.
    pub roles: Vec<String>,
}

/// The caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    /// Account id.
    pub id: String,
    /// Sign-in email.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Installation-wide network operator (never through a token).
    pub network_operator: bool,
    /// Organisations and roles.
    pub memberships: Vec<MembershipView>,
}

/// Working hours of an organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkingHoursView {
    /// Monday = 1 … Sunday = 7.
    pub days: Vec<u8>,
    /// HH:MM local time.
    pub start: String,
    /// HH:MM local time.
    pub end: String,
}

/// An organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgView {
    /// URL name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// IANA time zone.
    pub time_zone: String,
    /// en-GB or en-US.
    pub locale: String,
    /// Programme working hours.
    pub working_hours: WorkingHoursView,
    /// The caller's roles here (absent in the network list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub your_roles: Option<Vec<String>>,
}

impl OrgView {
    /// The view of `org`, with the caller's roles when given.
    #[must_use]
    pub fn new(org: &Organisation, roles: Option<RoleSet>) -> Self {
        let WorkingHours { days, start, end } = org.working_hours.clone();
        Self {
            slug: org.slug.to_string(),
            name: org.name.clone(),
            time_zone: org.time_zone.as_str().to_owned(),
            locale: org.locale.tag().to_owned(),
            working_hours: WorkingHoursView { days, start, end },
            your_roles: roles.map(|r| r.iter().map(|x| x.as_str().to_owned()).collect()),
        }
    }
}

/// A directory entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    /// Id.
    pub id: String,
    /// Staff number.
    pub employee_id: Option<String>,
    /// Full name.
    pub name: String,
    /// Work email.
    pub email: Option<String>,
    /// Work phone.
    pub phone: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// doctor, nurse, midwife, allied_health, pharmacist, healthcare_assistant, other.
    pub profession: Option<String>,
    /// Specialty.
    pub specialty: Option<String>,
    /// student, early_career, practitioner, senior, lead.
    pub grade: Option<String>,
    /// Site.
    pub site: Option<String>,
    /// Line manager's id.
    pub manager_id: Option<String>,
}

impl From<&Person> for PersonView {
    fn from(p: &Person) -> Self {
        Self {
            id: p.id.to_string(),
            employee_id: p.employee_id.clone(),
            name: p.name.clone(),
            email: p.email.as_ref().map(ToString::to_string),
            phone: p.phone.clone(),
            department: p.department.clone(),
            profession: p.profession.map(|x| x.code().to_owned()),
            specialty: p.specialty.clone(),
            grade: p.grade.map(|x| x.code().to_owned()),
            site: p.site.clone(),
            manager_id: p.manager_id.map(|m| m.to_string()),
        }
    }
}

/// A page of the directory.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeoplePage {
    /// The people on this page, by name.
    pub items: Vec<PersonView>,
    /// Everyone in the directory.
    pub total: i64,
    /// Page size used.
    pub limit: u32,
    /// Offset used.
    pub offset: u32,
}
