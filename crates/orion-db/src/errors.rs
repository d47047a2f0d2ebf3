//! Database errors that a user can provoke, turned into API errors instead of 500s.

use orion_kernel::ApiError;
use sea_orm::{DbErr, SqlErr};

/// True when `err` is a unique-constraint violation (on either backend).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// True when `err` is a foreign-key violation (on either backend).
pub fn is_foreign_key_violation(err: &DbErr) -> bool {
    // SQLite reports an ON DELETE RESTRICT refusal with the extended code of a trigger
    // constraint (1811), which SeaORM does not classify; its message is the same.
    matches!(
        err.sql_err(),
        Some(SqlErr::ForeignKeyConstraintViolation(_))
    ) || err.to_string().contains("FOREIGN KEY constraint failed")
}

/// Maps a database error to an [`ApiError`]: unique violations become a 409 with
/// `conflict_detail`; everything else is an internal error (logged, not leaked).
pub fn db_error(err: DbErr, conflict_detail: &str) -> ApiError {
    if is_unique_violation(&err) {
        ApiError::conflict(conflict_detail)
    } else {
        ApiError::internal(err)
    }
}

/// Plain internal error for database failures that no input can cause.
pub fn internal(err: DbErr) -> ApiError {
    ApiError::internal(err)
}
