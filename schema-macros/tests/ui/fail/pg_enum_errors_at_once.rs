// Every mistake of an enum type declaration in one compile: no doc comment
// (the type's COMMENT), an unknown rename rule, two variants stored alike,
// and a rename hint naming a label the type still has.
use schema_macros::PgEnum;

#[derive(PgEnum, Clone, Copy)]
#[pg_enum(name = "app_role", rename_all = "snake")]
pub enum AppRole {
    Admin,
    #[pg_enum(rename = "Admin")]
    Administrator,
    #[pg_enum(renamed_from = "Admin")]
    Moderator,
}

fn main() {}
