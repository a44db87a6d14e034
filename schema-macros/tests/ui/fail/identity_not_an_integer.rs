// An identity column is an integer (its sequence's type) and NOT NULL: the
// error lands on the field's type.
use schema_macros::Table;

/// Channels.
#[derive(Table)]
#[table(name = "channels", rls_opt_out = "test")]
pub struct Channel {
    /// Id.
    #[column(primary_key, identity = "by_default")]
    pub id: String,
    /// Position.
    #[column(identity = "always")]
    pub position: Option<i64>,
}

fn main() {}
