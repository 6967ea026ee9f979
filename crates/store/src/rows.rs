//! Reading typed values out of `Any` rows, parsing stored text into domain types on the way.

use std::str::FromStr;

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::StoreError;

pub(crate) fn text(row: &AnyRow, column: &'static str) -> Result<String, StoreError> {
    Ok(row.try_get::<String, _>(column)?)
}

pub(crate) fn opt_text(row: &AnyRow, column: &'static str) -> Result<Option<String>, StoreError> {
    Ok(row.try_get::<Option<String>, _>(column)?)
}

pub(crate) fn int(row: &AnyRow, column: &'static str) -> Result<i64, StoreError> {
    Ok(row.try_get::<i64, _>(column)?)
}

pub(crate) fn flag(row: &AnyRow, column: &'static str) -> Result<bool, StoreError> {
    Ok(int(row, column)? != 0)
}

pub(crate) fn parsed<T>(row: &AnyRow, column: &'static str) -> Result<T, StoreError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let raw = text(row, column)?;
    raw.parse().map_err(|e: T::Err| StoreError::Corrupt { column, reason: e.to_string() })
}

pub(crate) fn opt_parsed<T>(row: &AnyRow, column: &'static str) -> Result<Option<T>, StoreError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    match opt_text(row, column)? {
        None => Ok(None),
        Some(raw) => raw.parse().map(Some).map_err(|e: T::Err| StoreError::Corrupt { column, reason: e.to_string() }),
    }
}

/// Storage form of a boolean: both engines agree on integers.
pub(crate) fn bool_int(b: bool) -> i64 {
    i64::from(b)
}

pub(crate) fn opt_int(row: &AnyRow, column: &'static str) -> Result<Option<i64>, StoreError> {
    Ok(row.try_get::<Option<i64>, _>(column)?)
}
