//! The dictionary's enum types and the privileges the project adds on schemas.

use crate::catalog::Catalog;
use crate::model::Schema;
use std::fmt::Write as _;

/// `## Types`: every enum type with its values in order. Nothing when the
/// schema declares none.
pub(super) fn render_types(out: &mut String, catalog: &Catalog) {
    if catalog.enums.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Types\n");
    let _ = writeln!(
        out,
        "PostgreSQL enum types. A value added later is added in a migration file of its own that commits before the rest of the migration (PostgreSQL lets nothing use a value added in the same transaction); a value is renamed in place through its variant's `renamed_from`; values are never removed or reordered.\n"
    );
    let _ = writeln!(out, "| Type | Values (in order) | Description |");
    let _ = writeln!(out, "| --- | --- | --- |");
    for enum_type in &catalog.enums {
        let values: Vec<String> = enum_type.values.iter().map(|v| format!("`{}`", v.replace('|', "\\|"))).collect();
        let _ = writeln!(out, "| `{}` | {} | {} |", enum_type.name, values.join(", "), super::cell(&enum_type.comment));
    }
    out.push('\n');
}

/// `## Schema privileges`: what the project grants on schemas beyond the
/// platform's own grants. Nothing when it grants nothing.
pub(super) fn render_schema_grants(out: &mut String, schema: &Schema) {
    if schema.schema_grants.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Schema privileges\n");
    for grant in &schema.schema_grants {
        let privileges: Vec<&str> = grant.grant.privileges.iter().map(|p| p.sql()).collect();
        let _ = writeln!(out, "- `{}` on schema `{}`: {}", grant.grant.role, grant.schema, privileges.join(", "));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use crate::docs::{render_dictionary, DictionaryText};
    use crate::model::*;

    #[test]
    fn types_are_listed_only_where_declared() {
        let platform = Platform::supabase();
        let mut schema = Schema::default();
        let plain = render_dictionary(&schema, &crate::lower::lower(&schema, &platform), &DictionaryText::default());
        assert!(!plain.contains("Types") && !plain.contains("Schema privileges"), "{plain}");
        schema.enums.push(EnumType { name: QualifiedName::new("public", "app_role"), comment: "Application roles".into(), values: vec!["admin".into(), "moderator".into()] });
        schema.schema_grants.push(SchemaGrant::usage("public", "supabase_auth_admin"));
        let text = render_dictionary(&schema, &crate::lower::lower(&schema, &platform), &DictionaryText::default());
        assert!(text.contains("2. [Types](#types)\n3. [Views](#views)"), "{text}");
        assert!(text.contains("| `public.app_role` | `admin`, `moderator` | Application roles |"), "{text}");
        assert!(text.contains("commits before the rest of the migration"), "{text}");
        assert!(text.contains("- `supabase_auth_admin` on schema `public`: USAGE"), "{text}");
    }
}
