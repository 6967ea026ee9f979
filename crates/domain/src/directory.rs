//! The staff directory: the people of an organisation a case can be about or a supporter can be.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::{OrgId, PersonId};
use crate::text::{TextError, single_line};

/// A work email address, kept lower-case so lookups are exact.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WorkEmail(String);

/// Text that is not an email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an email address")]
pub struct InvalidEmail;

impl WorkEmail {
    /// The address as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for WorkEmail {
    type Err = InvalidEmail;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_lowercase();
        let Some((local, domain)) = s.split_once('@') else {
            return Err(InvalidEmail);
        };
        let sane = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if sane { Ok(Self(s)) } else { Err(InvalidEmail) }
    }
}

impl TryFrom<String> for WorkEmail {
    type Error = InvalidEmail;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<WorkEmail> for String {
    fn from(e: WorkEmail) -> Self {
        e.0
    }
}

impl fmt::Display for WorkEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub use crate::codes::UnknownCode;
use crate::codes::code_enum;

code_enum!(
    /// A clinician's profession: the basis of "doctor to doctor, nurse to nurse" matching.
    Profession, "profession", {
        /// Physicians and surgeons.
        Doctor => "doctor",
        /// Registered nurses.
        Nurse => "nurse",
        /// Midwives.
        Midwife => "midwife",
        /// Physiotherapists, radiographers, paramedics and other allied professions.
        AlliedHealth => "allied_health",
        /// Pharmacists.
        Pharmacist => "pharmacist",
        /// Healthcare assistants and nursing assistants.
        HealthcareAssistant => "healthcare_assistant",
        /// Anyone else on the staff.
        Other => "other",
    }
);

code_enum!(
    /// Seniority, ordered from the least to the most senior. Its words differ by profession and
    /// country (a UK consultant is a US attending), so the labels live in the message catalogue.
    Grade, "grade", {
        /// In pre-registration education.
        Student => "student",
        /// In the first years after qualifying.
        EarlyCareer => "early_career",
        /// Qualified, in training or in post.
        Practitioner => "practitioner",
        /// Senior clinician (consultant, attending, senior nurse).
        Senior => "senior",
        /// Leads a service or department.
        Lead => "lead",
    }
);

/// A person in an organisation's staff directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Their id.
    pub id: PersonId,
    /// The organisation whose directory they are in.
    pub org_id: OrgId,
    /// The organisation's own staff number, if it has one.
    pub employee_id: Option<String>,
    /// Full name as colleagues know it.
    pub name: String,
    /// Work email.
    pub email: Option<WorkEmail>,
    /// Work phone.
    pub phone: Option<String>,
    /// Department (A&E, Intensive Care …).
    pub department: Option<String>,
    /// Profession.
    pub profession: Option<Profession>,
    /// Specialty, free but short (cardiology, neonatal …).
    pub specialty: Option<String>,
    /// Grade.
    pub grade: Option<Grade>,
    /// Site (for in-person support).
    pub site: Option<String>,
    /// Their line manager in the directory: the reporting line matching must avoid.
    pub manager_id: Option<PersonId>,
}

/// A directory entry as given at the edge (CLI, API, import), before it has an id. Unknown fields
/// are refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    /// Staff number, unique in the organisation.
    pub employee_id: Option<String>,
    /// Full name (required, at most 120 characters).
    pub name: String,
    /// Work email, unique in the organisation.
    pub email: Option<String>,
    /// Work phone.
    pub phone: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// doctor, nurse, midwife, allied_health, pharmacist, healthcare_assistant or other.
    pub profession: Option<String>,
    /// Specialty.
    pub specialty: Option<String>,
    /// student, early_career, practitioner, senior or lead.
    pub grade: Option<String>,
    /// Site.
    pub site: Option<String>,
    /// Line manager's person id, in the same organisation.
    pub manager_id: Option<String>,
}

/// What is wrong with a field, as a closed list so each can be said in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldProblem {
    /// Required, and empty.
    Empty,
    /// Longer than the field allows (the limit).
    TooLong(usize),
    /// Contains a line break, tab or other control character.
    ControlCharacter,
    /// Not an email address.
    NotAnEmail,
    /// Not one of the codes the field accepts.
    UnknownCode,
    /// Not a well-formed id.
    NotAnId,
    /// A person named as their own manager.
    OwnManager,
}

impl FieldProblem {
    /// A stable code, also the suffix of its message id (`field-<code>`).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            FieldProblem::Empty => "empty",
            FieldProblem::TooLong(_) => "too-long",
            FieldProblem::ControlCharacter => "control-character",
            FieldProblem::NotAnEmail => "not-an-email",
            FieldProblem::UnknownCode => "unknown-code",
            FieldProblem::NotAnId => "not-an-id",
            FieldProblem::OwnManager => "own-manager",
        }
    }
}

impl fmt::Display for FieldProblem {
    /// Plain English, for the operator's command line and logs (pages use the catalogue).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldProblem::Empty => f.write_str("must not be empty"),
            FieldProblem::TooLong(n) => write!(f, "must be at most {n} characters"),
            FieldProblem::ControlCharacter => f.write_str("must be one line without control characters"),
            FieldProblem::NotAnEmail => f.write_str("is not an email address"),
            FieldProblem::UnknownCode => f.write_str("is not one of the accepted values"),
            FieldProblem::NotAnId => f.write_str("is not a valid id"),
            FieldProblem::OwnManager => f.write_str("a person cannot be their own manager"),
        }
    }
}

impl From<TextError> for FieldProblem {
    fn from(e: TextError) -> Self {
        match e {
            TextError::Empty => FieldProblem::Empty,
            TextError::TooLong(n) => FieldProblem::TooLong(n),
            TextError::ControlCharacter => FieldProblem::ControlCharacter,
        }
    }
}

/// A directory field that failed to parse, named so the user can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    /// The field's name as the user gave it.
    pub field: &'static str,
    /// What is wrong with it.
    pub problem: FieldProblem,
}

fn field<T, E: Into<FieldProblem>>(field: &'static str, r: Result<T, E>) -> Result<T, FieldError> {
    r.map_err(|e| FieldError { field, problem: e.into() })
}

impl From<InvalidEmail> for FieldProblem {
    fn from(_: InvalidEmail) -> Self {
        FieldProblem::NotAnEmail
    }
}

impl From<UnknownCode> for FieldProblem {
    fn from(_: UnknownCode) -> Self {
        FieldProblem::UnknownCode
    }
}

impl From<crate::ids::InvalidId> for FieldProblem {
    fn from(_: crate::ids::InvalidId) -> Self {
        FieldProblem::NotAnId
    }
}

fn optional_text(name: &'static str, raw: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => field(name, single_line(s, max).map(Some)),
    }
}

impl PersonInput {
    /// Parses every field; the first bad one is reported by name.
    pub fn parse(&self, org_id: OrgId, id: PersonId) -> Result<Person, FieldError> {
        let name: Result<String, TextError> = single_line(&self.name, 120);
        let email = match self.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(e) => Some(field("email", e.parse::<WorkEmail>())?),
        };
        let profession = match self.profession.as_deref() {
            None | Some("") => None,
            Some(p) => Some(field("profession", p.parse::<Profession>())?),
        };
        let grade = match self.grade.as_deref() {
            None | Some("") => None,
            Some(g) => Some(field("grade", g.parse::<Grade>())?),
        };
        let manager_id = match self.manager_id.as_deref() {
            None | Some("") => None,
            Some(m) => Some(field("manager_id", m.parse::<PersonId>())?),
        };
        if manager_id == Some(id) {
            return Err(FieldError { field: "manager_id", problem: FieldProblem::OwnManager });
        }
        Ok(Person {
            id,
            org_id,
            employee_id: optional_text("employee_id", self.employee_id.as_deref(), 40)?,
            name: field("name", name)?,
            email,
            phone: optional_text("phone", self.phone.as_deref(), 40)?,
            department: optional_text("department", self.department.as_deref(), 80)?,
            profession,
            specialty: optional_text("specialty", self.specialty.as_deref(), 80)?,
            grade,
            site: optional_text("site", self.site.as_deref(), 80)?,
            manager_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        assert_eq!("  A.Nurse@Example.ORG ".parse::<WorkEmail>().map(String::from), Ok("a.nurse@example.org".into()));
        for bad in ["", "no-at", "@x.org", "a@b", "a@.org", "a b@x.org", "a@x.org."] {
            assert!(bad.parse::<WorkEmail>().is_err(), "{bad}");
        }
    }

    #[test]
    fn grades_are_ordered_by_seniority() {
        assert!(Grade::Student < Grade::Practitioner && Grade::Senior < Grade::Lead);
        assert_eq!("senior".parse::<Grade>(), Ok(Grade::Senior));
    }

    #[test]
    fn person_input_names_the_bad_field() {
        let org = OrgId::generate();
        let input = PersonInput { name: "Sam Okafor".into(), profession: Some("wizard".into()), ..Default::default() };
        let err = input.parse(org, PersonId::generate()).err();
        assert_eq!(err.map(|e| e.field), Some("profession"));
        let blank = PersonInput { name: "  ".into(), ..Default::default() };
        assert_eq!(blank.parse(org, PersonId::generate()).err().map(|e| e.field), Some("name"));
        let ok = PersonInput { name: "Sam Okafor".into(), email: Some("Sam@X.org".into()), ..Default::default() };
        assert_eq!(
            ok.parse(org, PersonId::generate()).ok().and_then(|p| p.email).map(String::from),
            Some("sam@x.org".into())
        );
    }
}
