use schema_macros::Table;
use uuid::Uuid;

/// Orders.
#[derive(Table)]
#[table(name = "orders")]
pub struct Order {
    /// Id.
    #[column(primry_key)]
    pub id: Uuid,
}

fn main() {}
