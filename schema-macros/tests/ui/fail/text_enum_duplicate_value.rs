use schema_macros::TextEnum;

/// A status.
#[derive(TextEnum, Clone, Copy)]
pub enum Status {
    #[text_enum(rename = "open")]
    Open,
    #[text_enum(rename = "open")]
    Reopened,
    Closed,
}

fn main() {}
