use schema_macros::Table;
use uuid::Uuid;

/// Orders.
#[derive(Table)]
#[table(
    name = "orders",
    rls,
    policy(name = "orders_read", command = "select", to(authenticated), using = "ghost = 1"),
)]
pub struct Order {
    /// Id.
    #[column(primary_key)]
    pub id: Uuid,
    /// Total in cents.
    pub total_cents: i64,
}

fn main() {}
