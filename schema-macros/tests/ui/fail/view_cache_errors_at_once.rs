use schema_macros::View;

/// Orders per day.
#[derive(View)]
#[view(
    name = "v_orders_per_day",
    group = "Trends",
    // The trybuild project's own manifest stands in for a SQL file: only the cache is under test.
    body = "Cargo.toml",
    cache(key = "day, shop", refresh = "every 15 minutes"),
    grant(to(authenticated), select)
)]
pub struct OrdersPerDay {
    /// The day.
    pub day: chrono::NaiveDate,
    /// Orders that day.
    pub orders: i64,
}

fn main() {}
