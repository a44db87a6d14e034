use schema_macros::Table;
use uuid::Uuid;

/// Orders.
#[derive(Table)]
#[table(name = "orders")]
pub struct Order {
    /// Id.
    #[column(primary_key)]
    pub id: Uuid,
    /// The x coordinate.
    pub x: i32,
    /// Another field stored under the same SQL name.
    #[column(rename = "x")]
    pub x_again: i32,
}

fn main() {}
