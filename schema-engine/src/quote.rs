//! The only two ways a value enters generated SQL: as an identifier or as a literal.
//! A leaf module (it depends on nothing), so that the model can spell a type's
//! name with it too; [`crate::sql::quote`] adds the compound forms.
//!
//! Every renderer goes through these functions; nothing formats a name or a string
//! into SQL by itself, so a description with an apostrophe or a name that needs
//! quoting can never break a statement.

/// Quotes an identifier the way Postgres's `quote_ident()` does: bare when it is a
/// plain lower-case name that is not a keyword, double-quoted (with `"` doubled)
/// otherwise.
pub fn ident(name: &str) -> String {
    if is_bare_identifier(name) {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// Quotes a string literal. Standard-conforming strings (Postgres's default since
/// 9.1) take backslashes literally, so doubling single quotes is the whole job.
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn is_bare_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    starts_well
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_keyword_needing_quotes(name)
}

/// Postgres 15's reserved, type/function-name and column-name keywords (the ones
/// `quote_ident` quotes). Quoting one more word than needed is harmless; missing one
/// would break DDL, so the list errs on the side of quoting.
fn is_keyword_needing_quotes(word: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
        "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case",
        "cast", "char", "character", "check", "coalesce", "collate", "collation", "column",
        "concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
        "current_role", "current_schema", "current_time", "current_timestamp", "current_user",
        "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end",
        "except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "freeze",
        "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
        "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
        "isnull", "join", "json_array", "json_arrayagg", "json_object", "json_objectagg",
        "lateral", "leading", "least", "left", "like", "limit", "localtime", "localtimestamp",
        "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif",
        "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
        "placing", "position", "precision", "primary", "real", "references", "returning",
        "right", "row", "select", "session_user", "setof", "similar", "smallint", "some",
        "substring", "symmetric", "system_user", "table", "tablesample", "then", "time",
        "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user",
        "using", "values", "varchar", "variadic", "verbose", "when", "where", "window", "with",
        "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces",
        "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
    ];
    KEYWORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_list_is_sorted_for_binary_search() {
        // `is_keyword_needing_quotes` relies on it; an unsorted insert would silently
        // stop quoting words.
        assert!(is_keyword_needing_quotes("all") && is_keyword_needing_quotes("xmltable"));
        assert!(is_keyword_needing_quotes("order") && is_keyword_needing_quotes("user"));
    }

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        assert_eq!(ident("sku_performance"), "sku_performance");
        assert_eq!(ident("date"), "date");
        assert_eq!(ident("order"), "\"order\"");
        assert_eq!(ident("Mixed"), "\"Mixed\"");
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(ident("1st"), "\"1st\"");
    }

    #[test]
    fn literals_double_apostrophes() {
        assert_eq!(literal("Operator's view"), "'Operator''s view'");
        assert_eq!(literal(r"back\slash"), r"'back\slash'");
    }
}
