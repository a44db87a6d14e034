//! What the derive macros emit: traits implemented by declarations, and the
//! `*Decl` values that turn into model objects.
//!
//! The macros stay thin: they check what can be checked on tokens and emit a
//! `TableDecl` literal. Everything that needs type information (a column's SQL
//! type, nullability, an enum's values) comes from [`ColumnType`] impls, and
//! turning a declaration into a model [`Table`] — naming constraints, lifting
//! column flags into constraints — happens here, where unit tests can reach it.

use crate::model::*;

/// Implemented by `#[derive(Table)]`: the declared table as a model value.
pub trait TableDef {
    /// The table's schema-qualified name.
    const NAME: &'static str;
    fn table() -> Table;

    /// What the declaration says about its last change (renames, consent to
    /// drop columns); read by `cargo xtask migrate`, not part of the model.
    fn migration_hints() -> TableHints {
        TableHints::default()
    }
}

/// `#[table(renamed_from = "...", allow_drop_column = "...")]` and
/// `#[column(renamed_from = "...")]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableHints {
    /// The table's previous name.
    pub renamed_from: Option<&'static str>,
    /// `(column, previous name)`.
    pub renamed_columns: Vec<(&'static str, &'static str)>,
    /// Columns whose removal (with their data) the declaration consents to.
    pub allow_drop_columns: Vec<&'static str>,
}

/// Implemented by `#[derive(View)]`: the declared view as a model value.
pub trait ViewDef {
    fn view() -> View;
}

/// Implemented by `#[derive(Function)]`: the declared function as a model value.
pub trait FunctionDef {
    fn function() -> Function;
}

/// How a Rust field type maps to a column: its SQL type, nullability and, for text
/// enums, the allowed values.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no PostgreSQL column type",
    label = "unsupported column type",
    note = "supported: Uuid, i16, i32, i64, String, bool, Decimal, NaiveDate, DateTime<Utc>, serde_json::Value, Vec<T>, Option<T>, #[derive(TextEnum)] and #[derive(PgEnum)] enums",
    note = "for any other type, name the SQL type: #[column(sql_type = \"...\")]"
)]
pub trait ColumnType {
    fn column_type() -> ColumnTypeInfo;
}

/// What a [`ColumnType`] says about a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnTypeInfo {
    pub data_type: SqlType,
    pub nullable: bool,
    /// For text enums: every value the column may hold, in declaration order.
    pub allowed_values: Option<&'static [&'static str]>,
}

impl ColumnTypeInfo {
    pub fn not_null(spelling: &str) -> Self {
        Self { data_type: SqlType::new(spelling), nullable: false, allowed_values: None }
    }
}

/// Implemented by `#[derive(TextEnum)]`: a Rust enum stored as text, constrained
/// by a CHECK to its values.
pub trait TextEnum: Sized + Copy + 'static {
    /// Every value, in declaration order, spelled as stored.
    const VALUES: &'static [&'static str];
    fn as_str(&self) -> &'static str;
    fn from_text(text: &str) -> Option<Self>;
}

/// Implemented by `#[derive(PgEnum)]`: a Rust enum stored as a PostgreSQL enum
/// type of its own. Columns and arguments of the Rust type have that SQL type.
pub trait PgEnum: Sized + Copy + 'static {
    /// The type's schema-qualified name, e.g. `public.app_role`.
    const NAME: &'static str;
    /// The type's name within its schema, e.g. `app_role`: how PostgreSQL
    /// names it to a session whose `search_path` holds the schema.
    const LOCAL_NAME: &'static str;
    /// Every label, in the type's sort order (declaration order), spelled as stored.
    const VALUES: &'static [&'static str];
    fn as_str(&self) -> &'static str;
    fn from_text(text: &str) -> Option<Self>;
    /// The declared type, for [`Schema::enums`].
    fn enum_type() -> EnumType;

    /// `#[pg_enum(renamed_from = "...")]` on variants; read by `cargo xtask
    /// migrate` (the rename keeps the rows that hold the label), not part of the model.
    fn migration_hints() -> EnumHints {
        EnumHints::default()
    }
}

/// What an enum declaration says about its last change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnumHints {
    /// `(label, previous label)`.
    pub renamed_values: Vec<(&'static str, &'static str)>,
}

/// Integer types an identity column can have (its sequence's type).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an identity column",
    label = "an identity column is an integer",
    note = "`identity` takes i16, i32 or i64 (smallint, integer, bigint), never Option<_>: an identity column is NOT NULL"
)]
pub trait IdentityType: ColumnType {}

impl IdentityType for i16 {}
impl IdentityType for i32 {}
impl IdentityType for i64 {}

/// A text that is not one of a text enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub type_name: &'static str,
    pub value: String,
    pub expected: &'static [&'static str],
}

impl UnknownValue {
    pub fn new(type_name: &'static str, value: &str, expected: &'static [&'static str]) -> Self {
        Self { type_name, value: value.to_owned(), expected }
    }
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not a {}; expected one of {:?}", self.value, self.type_name, self.expected)
    }
}

impl std::error::Error for UnknownValue {}

macro_rules! scalar_column_types {
    ($($rust:ty => $sql:literal),* $(,)?) => {
        $(impl ColumnType for $rust {
            fn column_type() -> ColumnTypeInfo { ColumnTypeInfo::not_null($sql) }
        })*
    };
}

scalar_column_types! {
    uuid::Uuid => "uuid",
    i16 => "smallint",
    i32 => "integer",
    i64 => "bigint",
    String => "text",
    bool => "boolean",
    rust_decimal::Decimal => "numeric",
    chrono::NaiveDate => "date",
    chrono::DateTime<chrono::Utc> => "timestamp with time zone",
    serde_json::Value => "jsonb",
}

impl<T: ColumnType> ColumnType for Option<T> {
    fn column_type() -> ColumnTypeInfo {
        ColumnTypeInfo { nullable: true, ..T::column_type() }
    }
}

impl<T: ColumnType> ColumnType for Vec<T> {
    fn column_type() -> ColumnTypeInfo {
        let element = T::column_type();
        // An array of enums would need an element-wise CHECK; none is declared yet,
        // so the element values are not carried over.
        ColumnTypeInfo { data_type: element.data_type.array(), nullable: false, allowed_values: None }
    }
}

/// One field of a `#[derive(Table)]` struct, as the macro saw it.
#[derive(Debug, Clone)]
pub struct ColumnDecl {
    pub name: &'static str,
    pub comment: &'static str,
    pub type_info: ColumnTypeInfo,
    /// `#[column(sql_type = "...")]`: replaces the type the Rust type maps to.
    pub sql_type: Option<&'static str>,
    pub primary_key: bool,
    pub unique: bool,
    pub default: Option<String>,
    pub check: Option<String>,
    pub references: Option<ReferenceDecl>,
    /// `#[column(identity = "by_default" | "always")]`.
    pub identity: Option<Identity>,
}

/// `#[column(references(table = "...", column = "...", on_delete = "...", on_update = "..."))]`.
#[derive(Debug, Clone)]
pub struct ReferenceDecl {
    pub table: &'static str,
    pub column: &'static str,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
}

/// A whole `#[derive(Table)]` declaration.
#[derive(Debug, Clone)]
pub struct TableDecl {
    pub schema: &'static str,
    pub name: &'static str,
    pub comment: &'static str,
    pub columns: Vec<ColumnDecl>,
    /// Table-level UNIQUE constraints over several columns.
    pub unique_together: Vec<Vec<&'static str>>,
    /// Table-level CHECKs: (constraint name, expression).
    pub checks: Vec<(&'static str, String)>,
    pub indexes: Vec<Index>,
    pub rls: RowLevelSecurity,
    pub policies: Vec<Policy>,
    pub grants: Vec<Grant>,
    pub triggers: Vec<Trigger>,
    /// `#[table(replica_identity = ...)]`.
    pub replica_identity: ReplicaIdentity,
    /// `#[table(publications(...))]`.
    pub publications: Vec<String>,
}

impl TableDecl {
    /// Turns the declaration into a model table, naming constraints the way
    /// Postgres would (`<table>_pkey`, `<table>_<column>_key`, `…_check`, `…_fkey`).
    pub fn build(self) -> Table {
        let table = self.name;
        let mut columns = Vec::with_capacity(self.columns.len());
        let mut constraints = Vec::new();
        let primary_key: Vec<String> =
            self.columns.iter().filter(|c| c.primary_key).map(|c| c.name.to_owned()).collect();
        if !primary_key.is_empty() {
            constraints.push(Constraint::new(format!("{table}_pkey"), ConstraintKind::PrimaryKey { columns: primary_key }));
        }
        for decl in self.columns {
            let column = decl.name;
            if decl.unique {
                constraints.push(Constraint::new(format!("{table}_{column}_key"), ConstraintKind::Unique { columns: vec![column.to_owned()] }));
            }
            let mut check_names = (0..).map(|n: u32| match n {
                0 => format!("{table}_{column}_check"),
                n => format!("{table}_{column}_check{n}"),
            });
            if let Some(values) = decl.type_info.allowed_values {
                constraints.push(Constraint::new(check_names.next().expect("infinite"), ConstraintKind::AllowedValues {
                        column: column.to_owned(),
                        values: values.iter().map(|v| (*v).to_owned()).collect(),
                    },
                ));
            }
            if let Some(expression) = decl.check {
                constraints.push(Constraint::new(check_names.next().expect("infinite"), ConstraintKind::Check { expression }));
            }
            if let Some(reference) = decl.references {
                constraints.push(Constraint::new(format!("{table}_{column}_fkey"), ConstraintKind::ForeignKey {
                        columns: vec![column.to_owned()],
                        references: QualifiedName::parse(reference.table),
                        referenced_columns: vec![reference.column.to_owned()],
                        on_delete: reference.on_delete,
                        on_update: reference.on_update,
                        match_full: false,
                    },
                ));
            }
            columns.push(Column {
                name: column.to_owned(),
                data_type: decl.sql_type.map(SqlType::new).unwrap_or(decl.type_info.data_type),
                nullable: decl.type_info.nullable && !decl.primary_key,
                default: decl.default,
                comment: decl.comment.to_owned(),
                identity: decl.identity,
                ..Column::default()
            });
        }
        for group in self.unique_together {
            constraints.push(Constraint::new(
                format!("{table}_{}_key", group.join("_")),
                ConstraintKind::Unique { columns: group.iter().map(|c| (*c).to_owned()).collect() },
            ));
        }
        for (name, expression) in self.checks {
            constraints.push(Constraint::new(name.to_owned(), ConstraintKind::Check { expression }));
        }
        let mut built = Table {
            name: QualifiedName::new(self.schema, table),
            comment: self.comment.to_owned(),
            columns,
            constraints,
            indexes: self.indexes,
            rls: self.rls,
            policies: self.policies,
            grants: self.grants,
            triggers: self.triggers,
            replica_identity: self.replica_identity,
            publications: self.publications,
        };
        built.canonicalize();
        built
    }
}

/// Joins the lines of a doc comment into one description: the macros pass the
/// raw `#[doc]` strings; a blank line starts a new paragraph.
pub fn doc_text(lines: &[&str]) -> String {
    let mut paragraphs: Vec<String> = vec![String::new()];
    for line in lines {
        let line = line.strip_prefix(' ').unwrap_or(line).trim_end();
        if line.is_empty() {
            if !paragraphs.last().is_some_and(String::is_empty) {
                paragraphs.push(String::new());
            }
            continue;
        }
        let current = paragraphs.last_mut().expect("never empty");
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line.trim_start());
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_joins_lines_and_keeps_paragraphs() {
        assert_eq!(doc_text(&[" First line", " continues.", "", " Second."]), "First line continues.\n\nSecond.");
        assert_eq!(doc_text(&[]), "");
    }

    #[test]
    fn option_makes_nullable_and_vec_makes_array() {
        assert!(Option::<i32>::column_type().nullable);
        assert_eq!(Vec::<i32>::column_type().data_type.as_str(), "integer[]");
        assert_eq!(Option::<Vec<String>>::column_type().data_type.as_str(), "text[]");
    }
}
