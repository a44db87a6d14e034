// Misspelt keyword values of the newer attributes (identity kind, ON UPDATE
// action, replica identity) on one table; on another, a replica identity
// index it does not have, a publication named twice and a default beside an
// identity: each on its own token, in one compile.
use schema_macros::Table;
use uuid::Uuid;

/// Messages.
#[derive(Table)]
#[table(name = "messages", rls_opt_out = "test", replica_identity = "fulll")]
pub struct Message {
    /// Id.
    #[column(primary_key, identity = "by-default")]
    pub id: i64,
    /// Author.
    #[column(references(table = "auth.users", column = "id", on_update = "cascad"))]
    pub user_id: Uuid,
}

/// Slugs.
#[derive(Table)]
#[table(
    name = "slugs",
    rls_opt_out = "test",
    replica_identity(index = "slugs_slug_idx"),
    publications("supabase_realtime", supabase_realtime)
)]
pub struct Slug {
    /// Slug.
    #[column(unique)]
    pub slug: String,
    /// Counter.
    #[column(identity = "always", default = "0")]
    pub counter: i64,
}

fn main() {}
