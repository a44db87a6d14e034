//! A canonical form of an SQL expression, so that a declared expression and the one
//! Postgres deparses from the catalog compare equal when they mean the same thing.
//!
//! Postgres prints expressions back fully parenthesized, with the casts it added
//! while type-checking (`(0)::numeric`, `'x'::text`), with `IN (...)` rewritten to
//! `= ANY (ARRAY[...])`, `BETWEEN` to two comparisons, `LIKE` to `~~` and keywords
//! in its own case. Comparing text would flag all of that as drift. Instead the
//! expression is parsed (with Postgres's operator precedence) into a small tree in
//! which those rewrites are applied as it is built, and the tree is printed back.
//! Grouping parentheses disappear into the tree's shape, so `a OR (b AND c)` and
//! `(a OR b) AND c` stay different.

mod parse;
#[cfg(test)]
mod tests;

use super::{tokenize, Token};

/// An expression tree in canonical form (rewrites already applied).
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// A string literal's content.
    Text(String),
    /// A numeric literal, sign included.
    Number(String),
    /// A (possibly qualified) name or a keyword constant (`true`, `null`, `current_date`).
    Name(String),
    Call {
        name: String,
        args: Vec<Node>,
    },
    Array(Vec<Node>),
    /// A parenthesized list, as on the right of `IN` with a row.
    Row(Vec<Node>),
    Cast {
        operand: Box<Node>,
        data_type: String,
    },
    Prefix {
        op: String,
        operand: Box<Node>,
    },
    Binary {
        op: String,
        left: Box<Node>,
        right: Box<Node>,
    },
    /// `AND` / `OR` over any number of operands (Postgres flattens nested ones).
    Bool {
        op: &'static str,
        items: Vec<Node>,
    },
    /// `IS [NOT] NULL / TRUE / FALSE / UNKNOWN`.
    Test {
        operand: Box<Node>,
        test: String,
    },
    /// `ANY (…)` / `ALL (…)` on the right of an operator.
    Quantified {
        quantifier: &'static str,
        operand: Box<Node>,
    },
    Case {
        operand: Option<Box<Node>>,
        arms: Vec<(Node, Node)>,
        otherwise: Option<Box<Node>>,
    },
    Subscript {
        operand: Box<Node>,
        index: Box<Node>,
    },
    /// A scalar subquery, already in canonical text.
    Subquery(String),
}

/// The canonical form of an SQL expression: equal for a declared expression and
/// Postgres's deparsed version of it (`pg_get_expr`), different when the two
/// genuinely differ. An expression it cannot parse falls back to its tokens
/// (so case and spacing still do not matter).
pub fn normalize(expression: &str) -> String {
    let Ok(tokens) = tokenize(expression) else {
        return expression.trim().to_owned();
    };
    match parse::parse(&tokens) {
        Some(node) => print(&node),
        None => print_tokens(&tokens),
    }
}

/// Types whose casts never change a value the way declarations use them:
/// Postgres adds them to literals and to `varchar` columns compared with text.
fn is_text_type(data_type: &str) -> bool {
    matches!(data_type, "text" | "character varying" | "text[]" | "character varying[]" | "unknown")
}

fn is_numeric_type(data_type: &str) -> bool {
    matches!(data_type, "integer" | "bigint" | "smallint" | "numeric" | "real" | "double precision")
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next().unwrap_or("0");
    !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.chars().all(|c| c.is_ascii_digit())
}

/// PostgreSQL's own type names, as `format_type` and the declarations spell
/// them (the rest of the types a cast can name are the project's or an
/// extension's).
const BUILT_IN_TYPES: &[&str] = &[
    "\"char\"", "anyarray", "anyelement", "bigint", "bit", "bit varying", "bool", "boolean", "box", "bpchar", "bytea",
    "char", "character", "character varying", "cid", "cidr", "circle", "cstring", "date", "daterange", "datemultirange",
    "decimal", "double precision", "float4", "float8", "inet", "int", "int2", "int4", "int4multirange", "int4range",
    "int8", "int8multirange", "int8range", "integer", "interval", "json", "jsonb", "jsonpath", "line", "lseg", "macaddr",
    "macaddr8", "money", "name", "numeric", "nummultirange", "numrange", "oid", "path", "pg_lsn", "point", "polygon",
    "real", "record", "regclass", "regcollation", "regconfig", "regdictionary", "regnamespace", "regoper",
    "regoperator", "regproc", "regprocedure", "regrole", "regtype", "smallint", "text", "tid", "time",
    "time with time zone", "time without time zone", "timestamp", "timestamp with time zone",
    "timestamp without time zone", "timestamptz", "timetz", "tsmultirange", "tsquery", "tsrange", "tstzmultirange",
    "tstzrange", "tsvector", "txid_snapshot", "unknown", "uuid", "varbit", "varchar", "void", "xid", "xid8", "xml",
];

/// Whether a cast names a type of the project's or an extension's (an enum):
/// one outside `pg_catalog` and PostgreSQL's own names.
fn is_user_defined_type(data_type: &str) -> bool {
    let base = data_type.trim_end_matches("[]");
    let base = base.split('(').next().unwrap_or(base).trim();
    match base.split_once('.') {
        Some((schema, _)) => schema != "pg_catalog",
        None => !BUILT_IN_TYPES.contains(&base),
    }
}

/// A cast, dropped where it only restates a literal's type (`(0)::numeric`,
/// `'-100'::integer`), converts between text types, or resolves a string
/// literal to a user-defined type. PostgreSQL adds the last kind against a
/// column of that type (an enum label, `'admin'::app_role`) and spells the
/// type with or without its schema depending on the reader's `search_path`;
/// the literal means the same either way.
fn cast(operand: Node, data_type: String) -> Node {
    if is_text_type(&data_type) {
        return operand;
    }
    match operand {
        Node::Number(n) if is_numeric_type(&data_type) => Node::Number(n),
        Node::Text(t) if is_numeric_type(&data_type) && is_number(&t) => Node::Number(t),
        Node::Text(t) if is_user_defined_type(&data_type) => Node::Text(t),
        operand => Node::Cast { operand: Box::new(operand), data_type },
    }
}

/// `AND` / `OR` of two operands, flattening nested ones of the same kind.
fn boolean(op: &'static str, left: Node, right: Node) -> Node {
    let mut items = Vec::new();
    for node in [left, right] {
        match node {
            Node::Bool { op: inner, items: nested } if inner == op => items.extend(nested),
            other => items.push(other),
        }
    }
    Node::Bool { op, items }
}

fn print(node: &Node) -> String {
    match node {
        Node::Text(text) => format!("'{}'", text.replace('\'', "''")),
        Node::Number(n) | Node::Name(n) | Node::Subquery(n) => n.clone(),
        Node::Call { name, args } => format!("{name}({})", print_list(args)),
        Node::Array(items) => format!("ARRAY[{}]", print_list(items)),
        Node::Row(items) => format!("ROW({})", print_list(items)),
        Node::Cast { operand, data_type } => format!("({})::{data_type}", print(operand)),
        Node::Prefix { op, operand } => format!("({op} {})", print(operand)),
        Node::Binary { op, left, right } => format!("({} {op} {})", print(left), print(right)),
        Node::Bool { op, items } => {
            let items: Vec<String> = items.iter().map(print).collect();
            format!("({})", items.join(&format!(" {op} ")))
        }
        Node::Test { operand, test } => format!("({} {test})", print(operand)),
        Node::Quantified { quantifier, operand } => format!("{quantifier} ({})", print(operand)),
        Node::Case { operand, arms, otherwise } => {
            let mut text = String::from("CASE");
            if let Some(operand) = operand {
                text.push_str(&format!(" {}", print(operand)));
            }
            for (when, then) in arms {
                text.push_str(&format!(" WHEN {} THEN {}", print(when), print(then)));
            }
            if let Some(otherwise) = otherwise {
                text.push_str(&format!(" ELSE {}", print(otherwise)));
            }
            text + " END"
        }
        Node::Subscript { operand, index } => format!("({})[{}]", print(operand), print(index)),
    }
}

fn print_list(nodes: &[Node]) -> String {
    nodes.iter().map(print).collect::<Vec<_>>().join(", ")
}

/// Tokens joined by single spaces: the fallback form, and the form of what
/// follows a subquery's select list.
fn print_tokens(tokens: &[Token]) -> String {
    tokens.iter().map(print_token).collect::<Vec<_>>().join(" ")
}

fn print_token(token: &Token) -> String {
    match token {
        Token::Word { text, quoted } => print_name(text, *quoted),
        Token::String(text) => format!("'{}'", text.replace('\'', "''")),
        Token::Number(n) | Token::Symbol(n) => n.clone(),
    }
}

/// A name as one spelling: `"foo"` and `foo` are the same identifier.
fn print_name(text: &str, quoted: bool) -> String {
    let plain = text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if quoted && !plain {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
