//! Small-cell suppression: figures about fewer people than the floor are never shown, so nobody
//! can be singled out. (The suppression of report cells themselves arrives with the reports.)

/// The floor an organisation starts with: groups smaller than this are held back.
pub const DEFAULT_FLOOR: u32 = 10;

/// The lowest floor an organisation may choose.
pub const MINIMUM_FLOOR: u32 = 5;

/// The floor in force for a chosen value: never below the minimum.
#[must_use]
pub fn floor(chosen: Option<u32>) -> u32 {
    chosen.unwrap_or(DEFAULT_FLOOR).max(MINIMUM_FLOOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_is_ten_by_default_and_never_below_five() {
        assert_eq!(floor(None), 10);
        assert_eq!(floor(Some(7)), 7);
        assert_eq!(floor(Some(2)), 5);
    }
}
