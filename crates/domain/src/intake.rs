//! What a request for support holds, checked at the edge. Free text is limited to a short intake
//! context: never clinical details, never conversation notes.

use serde::{Deserialize, Serialize};

use crate::text::{TextError, single_line};

/// The default event categories (an organisation may add its own and switch these off).
pub const DEFAULT_CATEGORIES: &[&str] = &[
    "adverse_event",
    "unexpected_death",
    "child_death",
    "first_death",
    "litigation",
    "complaint",
    "workplace_violence",
    "safety_review",
    "moral_distress",
    "colleague_loss",
    "personal_loss",
    "burnout",
    "other",
];

/// The longest intake context accepted.
pub const INTAKE_CONTEXT_MAX: usize = 500;

/// The optional short context given at intake (at most 500 characters; line breaks allowed).
pub fn intake_context(raw: &str) -> Result<Option<String>, TextError> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > INTAKE_CONTEXT_MAX {
        return Err(TextError::TooLong(INTAKE_CONTEXT_MAX));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        return Err(TextError::ControlCharacter);
    }
    Ok(Some(s.replace("\r\n", "\n")))
}

/// A category code: lower-case letters, digits and underscores, 2–40 long.
pub fn category_code(raw: &str) -> Result<String, TextError> {
    let s = single_line(raw, 40)?;
    if s.len() < 2 || !s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        return Err(TextError::ControlCharacter);
    }
    Ok(s)
}

/// The supporter the requester would prefer, if they said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GenderPreference {
    /// A woman.
    Woman,
    /// A man.
    Man,
}

/// Same or other department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DepartmentPreference {
    /// Someone from the same department.
    Same,
    /// Someone from another department.
    Other,
}

/// Preferences stated by the requester; matching honours them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// The supporter's gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supporter_gender: Option<GenderPreference>,
    /// Same or other department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<DepartmentPreference>,
    /// Someone from the same profession.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub same_profession: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intake_context_is_short_and_optional() {
        assert_eq!(intake_context("  "), Ok(None));
        assert_eq!(
            intake_context("Rough night shift.\r\nWould like to talk."),
            Ok(Some("Rough night shift.\nWould like to talk.".into()))
        );
        assert_eq!(intake_context(&"x".repeat(501)), Err(TextError::TooLong(500)));
        assert_eq!(intake_context("a\u{0}b"), Err(TextError::ControlCharacter));
    }

    #[test]
    fn categories() {
        assert!(DEFAULT_CATEGORIES.iter().all(|c| category_code(c).is_ok()));
        assert!(category_code("Adverse Event").is_err());
    }

    #[test]
    fn preferences_round_trip_and_refuse_unknown_keys() {
        let p = Preferences {
            supporter_gender: Some(GenderPreference::Woman),
            department: Some(DepartmentPreference::Other),
            same_profession: true,
        };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Preferences>(&json).unwrap(), p);
        assert!(serde_json::from_str::<Preferences>(r#"{"diagnosis": "x"}"#).is_err());
        assert_eq!(serde_json::to_string(&Preferences::default()).unwrap(), "{}");
    }
}
