use schema_macros::Table;
use uuid::Uuid;

/// Orders.
#[derive(Table)]
#[table(
    name = "orders_with_a_table_name_that_goes_on_and_on_well_past_the_postgres_limit",
    index(name = "idx_orders_with_an_index_name_that_is_also_longer_than_sixty_three_bytes", columns(id)),
)]
pub struct Order {
    /// Id.
    #[column(primary_key)]
    pub id: Uuid,
}

fn main() {}
