//! Reading many small tally rows as a few packed strings. Decoding a row through sqlx's `Any`
//! driver costs one to two microseconds, so a report of 50,000 tallies spent most of its time
//! there; the database joins a group's `key, count` pairs into one string instead (one row per
//! group), and Rust splits it. Engine-specific: `group_concat` on SQLite, `string_agg` on
//! PostgreSQL. Keys never hold control characters (they are codes, numbers or single-line
//! names), so the unit and record separators cannot collide with them.

use crate::{Engine, Result, StoreError};

/// Between a key and its count.
const UNIT: char = '\u{1f}';
/// Between pairs.
const RECORD: char = '\u{1e}';

/// The SQL aggregate packing `key` and `n` (column expressions) of each group into one string.
pub(crate) fn pack(engine: Engine, key: &str, n: &str) -> String {
    match engine {
        Engine::Sqlite => format!("group_concat({key} || char(31) || {n}, char(30))"),
        Engine::Postgres => format!("string_agg({key}::text || chr(31) || {n}::text, chr(30))"),
    }
}

/// The `(key, count)` pairs of a packed string.
pub(crate) fn unpack(packed: &str) -> Result<Vec<(&str, u64)>> {
    packed
        .split(RECORD)
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (key, n) = pair
                .rsplit_once(UNIT)
                .ok_or_else(|| StoreError::Corrupt { column: "packed tally", reason: pair.to_owned() })?;
            let n = n.parse().map_err(|_| StoreError::Corrupt { column: "packed tally", reason: pair.to_owned() })?;
            Ok((key, n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_pairs_read_back() {
        let s = format!("03|self{UNIT}12{RECORD}Emergency = A{UNIT}3");
        assert_eq!(unpack(&s).unwrap(), vec![("03|self", 12), ("Emergency = A", 3)]);
        assert_eq!(unpack("").unwrap(), Vec::<(&str, u64)>::new());
        assert!(unpack("no-count").is_err());
        assert!(unpack(&format!("k{UNIT}x")).is_err());
    }
}
