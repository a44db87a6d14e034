use schema_macros::Table;
use uuid::Uuid;

/// A type with no column mapping.
pub struct Money {
    pub cents: i64,
}

/// Orders.
#[derive(Table)]
#[table(name = "orders")]
pub struct Order {
    /// Id.
    #[column(primary_key)]
    pub id: Uuid,
    /// A custom struct: no mapping, and no `sql_type` override.
    pub total: Money,
}

fn main() {}
