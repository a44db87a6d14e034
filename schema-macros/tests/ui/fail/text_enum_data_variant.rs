use schema_macros::TextEnum;

/// A status.
#[derive(TextEnum, Clone, Copy)]
pub enum Status {
    Open,
    Closed(u32),
}

fn main() {}
