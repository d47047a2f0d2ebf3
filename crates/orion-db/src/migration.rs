//! The shapes every module's migrations share: foreign keys, indexes, references to other
//! modules' tables (by name: a module declares only its own tables' identifiers), and the
//! migration's name.

use sea_orm_migration::prelude::*;

/// A foreign key from `from` (table, column) to `to` (table, column).
pub fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .take()
}

/// The `id` column of another module's table, for a foreign key to it.
pub fn id_of(table: &'static str) -> (Alias, Alias) {
    (Alias::new(table), Alias::new("id"))
}

fn index_of<C: IntoIden>(
    name: &str,
    table: impl IntoIden,
    cols: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(c);
    }
    i
}

/// An index `name` on `cols` of `table`.
pub fn index<C: IntoIden>(
    name: &str,
    table: impl IntoIden,
    cols: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    index_of(name, table, cols)
}

/// A unique index `name` on `cols` of `table`.
pub fn unique_index<C: IntoIden>(
    name: &str,
    table: impl IntoIden,
    cols: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    index_of(name, table, cols).unique().to_owned()
}

/// Declares a migration and its name, which the migration table records:
/// `orion_db::migration!(M20261124000401CreateCustomers, "m20261124_000401_create_customers");`
#[macro_export]
macro_rules! migration {
    ($ty:ident, $name:literal) => {
        struct $ty;

        impl $crate::sea_orm_migration::MigrationName for $ty {
            fn name(&self) -> &str {
                $name
            }
        }
    };
}
