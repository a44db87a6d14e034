use schema_macros::Table;
use uuid::Uuid;

/// Orders.
#[derive(Table)]
#[table(
    name = "orders",
    rls,
    index(name = "idx_orders_total", columns(total_cents)),
    index(name = "idx_orders_total", columns(total_cents(desc))),
    policy(name = "orders_read", command = "select", to(authenticated), using = "true"),
    policy(name = "orders_read", command = "all", to(service_role), using = "true"),
)]
pub struct Order {
    /// Id.
    #[column(primary_key)]
    pub id: Uuid,
    /// Total in cents.
    pub total_cents: i64,
}

fn main() {}
