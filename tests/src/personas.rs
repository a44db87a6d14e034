//! The Hot Rod personas and what the security model requires of them: `anon`
//! nothing; a signed-in user who is not an operator no data; an operator
//! (JWT `app_metadata.operator = true`) reads everything and writes nothing;
//! `service_role` everything.

use schema_testkit::access::{Operation, Outcome, Persona, ViewOutcome};

/// The user every signed-in persona acts as.
const USER: &str = "00000000-0000-0000-0000-00000000000a";

pub fn anon() -> Persona {
    Persona::anon()
}

/// Signed in, not an operator.
pub fn authenticated() -> Persona {
    Persona::authenticated("authenticated", USER, serde_json::json!({ "provider": "email" }))
}

/// Signed in with the operator claim the policies check.
pub fn operator() -> Persona {
    Persona::authenticated("operator", USER, schema_def::access::operator_app_metadata())
}

pub fn service_role() -> Persona {
    Persona::service_role()
}

/// Every persona, in the matrix's column order.
pub fn all() -> [Persona; 4] {
    [anon(), authenticated(), operator(), service_role()]
}

/// What the security model requires of `persona` reading a view.
pub fn required_view(persona: &Persona) -> ViewOutcome {
    match persona.name.as_str() {
        "anon" => ViewOutcome::Denied,
        "authenticated" => ViewOutcome::Empty,
        _ => ViewOutcome::Full,
    }
}

/// Whether `actual` keeps the security model for `persona` running `operation` on a table.
pub fn table_allows(persona: &Persona, operation: Operation, actual: Outcome) -> bool {
    match persona.name.as_str() {
        "service_role" => actual == Outcome::Allowed,
        "operator" if operation == Operation::Select => actual == Outcome::Allowed,
        _ => actual != Outcome::Allowed,
    }
}
