//! Short, bounded text fields: trimmed, non-empty, without control characters.

/// Why a short text field was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Nothing but spaces.
    #[error("must not be empty")]
    Empty,
    /// Longer than the field allows.
    #[error("must be at most {0} characters")]
    TooLong(usize),
    /// Contains a control character (a line break, a tab, a NUL …).
    #[error("must not contain control characters")]
    ControlCharacter,
}

/// Trims `raw` and checks it is a single line of 1..=`max` characters.
pub fn single_line(raw: &str, max: usize) -> Result<String, TextError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(TextError::Empty);
    }
    if s.chars().count() > max {
        return Err(TextError::TooLong(max));
    }
    if s.chars().any(char::is_control) {
        return Err(TextError::ControlCharacter);
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_bounds() {
        assert_eq!(single_line("  Ward 7 ", 10), Ok("Ward 7".into()));
        assert_eq!(single_line("   ", 10), Err(TextError::Empty));
        assert_eq!(single_line("abcdef", 5), Err(TextError::TooLong(5)));
        assert_eq!(single_line("a\nb", 5), Err(TextError::ControlCharacter));
    }
}
