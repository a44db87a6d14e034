// A parse error in the attributes (`using = "gim"`) together with errors that
// only the checks after parsing find (a missing doc comment, an unknown column).
use schema_macros::Table;
use uuid::Uuid;

/// Orders.
#[derive(Table)]
#[table(
    name = "orders",
    index(name = "idx_orders_tags", using = "gim", columns(tags)),
    index(name = "idx_orders_nope", columns(nope)),
)]
pub struct Order {
    /// Id.
    #[column(primary_key)]
    pub id: Uuid,
    pub tags: Vec<String>,
}

fn main() {}
