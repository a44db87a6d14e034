// Every error the checks find is reported in one pass.
use schema_macros::Table;
use uuid::Uuid;

#[derive(Table)]
#[table(
    name = "orders",
    rls,
    index(name = "idx_orders_nope", columns(nope), include(tags)),
    policy(name = "orders_read", command = "select", to(authenticated), using = "ghost = 1"),
    unique(id, missing),
)]
pub struct Order {
    /// Id.
    #[column(primary_key)]
    pub id: Uuid,
    pub tags: Vec<String>,
    /// Stored under a name already taken.
    #[column(rename = "id")]
    pub other_id: Uuid,
}

fn main() {}
