use schema_macros::Table;
use uuid::Uuid;

/// Orders.
#[derive(Table)]
#[table(name = "orders")]
pub struct Order(Uuid, i64);

fn main() {}
