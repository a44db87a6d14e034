//! The ER diagram of the dictionary, as a Mermaid `erDiagram`.

use crate::catalog::Catalog;
use crate::model::*;
use std::fmt::Write as _;

/// Entities with their columns (PK/UK/FK marked) and one relationship per foreign key.
pub fn er_diagram(schema: &Catalog) -> String {
    let mut out = String::from("```mermaid\nerDiagram\n");
    for table in &schema.tables {
        let _ = writeln!(out, "    {} {{", table.name.name);
        for column in &table.columns {
            let mut keys = Vec::new();
            for constraint in &table.constraints {
                let is_single = constraint.kind.columns() == [column.name.as_str()];
                match &constraint.kind {
                    ConstraintKind::PrimaryKey { columns } if columns.contains(&column.name) => keys.push("PK"),
                    ConstraintKind::Unique { .. } if is_single => keys.push("UK"),
                    ConstraintKind::ForeignKey { columns, .. } if columns.contains(&column.name) => keys.push("FK"),
                    _ => {}
                }
            }
            // Mermaid attribute types allow no spaces, brackets or dots (an enum
            // type is shown without its schema).
            let short = column.data_type.short_name();
            let unqualified = short.rsplit_once('.').map_or(short.as_str(), |(_, name)| name);
            let data_type = unqualified.replace("[]", "_array").replace(' ', "_").replace('"', "");
            let keys = if keys.is_empty() { String::new() } else { format!(" {}", keys.join(",")) };
            let _ = writeln!(out, "        {data_type} {}{keys}", column.name);
        }
        let _ = writeln!(out, "    }}");
    }
    for table in &schema.tables {
        for constraint in &table.constraints {
            if let ConstraintKind::ForeignKey { references, columns, .. } = &constraint.kind {
                let optional = columns.iter().any(|c| table.column(c).is_some_and(|c| c.nullable));
                // A table the platform provides is not drawn with its columns,
                // and keeps its schema in its name (`auth_users`).
                let target = match schema.table(references) {
                    Some(_) => references.name.clone(),
                    None => format!("{}_{}", references.schema, references.name),
                };
                let _ = writeln!(
                    out,
                    "    {} {}--o{{ {} : \"{}\"",
                    target,
                    if optional { "|o" } else { "||" },
                    table.name.name,
                    columns.join(", ")
                );
            }
        }
    }
    out.push_str("```\n");
    out
}
