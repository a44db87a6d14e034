// Typos in several `#[column(...)]` attributes are all reported in one pass.
use schema_macros::Table;
use uuid::Uuid;

/// Orders.
#[derive(Table)]
#[table(name = "orders")]
pub struct Order {
    /// Id.
    #[column(primry_key)]
    pub id: Uuid,
    /// Tags.
    #[column(sql_typ = "text[]")]
    pub tags: Vec<String>,
    /// Customer.
    #[column(references(table = "customers", column = "id", on_delete = "cascde"))]
    pub customer_id: Uuid,
}

fn main() {}
