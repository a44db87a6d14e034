use schema_macros::Table;

/// Orders.
#[derive(Table)]
#[table(name = "orders")]
pub enum Order {
    Open,
    Closed,
}

fn main() {}
