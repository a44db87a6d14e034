// A trigger on the platform's table, declared on its function: both timings,
// no event, a table without its schema, on a function that returns no trigger.
use schema_macros::Function;

/// Not a trigger function.
#[derive(Function)]
#[function(
    name = "handle_new_user",
    returns = "void",
    search_path = "",
    body = "Cargo.toml",
    trigger(name = "on_auth_user_created", before, after, table = "users"),
)]
pub struct HandleNewUser;

fn main() {}
