use schema_macros::Table;
use uuid::Uuid;

/// Orders.
#[derive(Table)]
#[table(
    name = "orders",
    index(name = "idx_orders_nope", columns(nope)),
    index(name = "idx_orders_total", columns(id, totl_cents(desc))),
)]
pub struct Order {
    /// Id.
    #[column(primary_key)]
    pub id: Uuid,
    /// Total in cents.
    pub total_cents: i64,
}

fn main() {}
