//! Database errors that a user can provoke (unique and foreign-key violations), recognised
//! on either backend so modules can turn them into their own errors instead of failures.

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
