// Typos in the attributes, at table and at column level: the misspelt keyword
// values in `#[table(...)]` and the unknown keys in `#[column(...)]` are all
// reported in one compile.
use schema_macros::Table;
use uuid::Uuid;

/// Orders.
#[derive(Table)]
#[table(
    name = "orders",
    index(name = "idx_orders_tags", using = "gim", columns(tags)),
    policy(name = "orders_read", command = "selct", to(authenticated)),
)]
pub struct Order {
    /// Id.
    #[column(primry_key)]
    pub id: Uuid,
    /// Tags.
    #[column(sql_typ = "text[]")]
    pub tags: Vec<String>,
}

fn main() {}
