//! The differ on small hand-built models.

use super::*;
use crate::model::*;

fn column(name: &str, data_type: &str, default: Option<&str>) -> Column {
    Column {
        name: name.to_owned(),
        data_type: SqlType::new(data_type),
        nullable: false,
        default: default.map(str::to_owned),
        comment: format!("The {name}"),
    }
}

fn table(name: &str) -> Table {
    Table {
        name: QualifiedName::new("public", name),
        comment: format!("The {name} table"),
        columns: vec![
            column("id", "uuid", Some("gen_random_uuid()")),
            column("total", "numeric", Some("0")),
            column("status", "text", None),
        ],
        constraints: vec![
            Constraint {
                name: format!("{name}_pkey"),
                kind: ConstraintKind::PrimaryKey { columns: vec!["id".to_owned()] },
            },
            Constraint {
                name: format!("{name}_status_check"),
                kind: ConstraintKind::AllowedValues {
                    column: "status".to_owned(),
                    values: vec!["open".to_owned(), "closed".to_owned()],
                },
            },
        ],
        indexes: vec![Index {
            name: format!("idx_{name}_open"),
            method: IndexMethod::Btree,
            unique: false,
            columns: vec![IndexColumn { column: "total".to_owned(), descending: true }],
            include: Vec::new(),
            predicate: Some("status IN ('open')".to_owned()),
        }],
        rls: RowLevelSecurity { enabled: true, forced: false, opt_out_reason: None },
        policies: vec![Policy {
            name: format!("{name}_read"),
            command: PolicyCommand::Select,
            permissive: true,
            roles: vec!["authenticated".to_owned()],
            using: Some("(select auth.uid()) IS NOT NULL".to_owned()),
            with_check: None,
            comment: "Signed-in users read".to_owned(),
        }],
        grants: vec![Grant { role: "authenticated".to_owned(), privileges: vec![Privilege::Select] }],
        triggers: Vec::new(),
    }
}

fn view_column(name: &str, data_type: &str) -> ViewColumn {
    ViewColumn { name: name.to_owned(), data_type: SqlType::new(data_type), comment: format!("The {name}") }
}

fn view(name: &str) -> View {
    View {
        name: QualifiedName::new("public", name),
        comment: format!("The {name} view"),
        group: "Dashboard Views".to_owned(),
        columns: vec![view_column("status", "text"), view_column("total", "numeric"), view_column("orders", "bigint")],
        body: "SELECT status, sum(total) AS total, count(*) AS orders FROM public.orders GROUP BY status".to_owned(),
        security_invoker: true,
        grants: vec![Grant { role: "authenticated".to_owned(), privileges: vec![Privilege::Select] }],
        cache: None,
    }
}

fn schema() -> Schema {
    Schema {
        api_roles: vec!["anon".to_owned(), "authenticated".to_owned()],
        exposed_schemas: vec!["public".to_owned()],
        prerequisites: Vec::new(),
        tables: vec![table("orders"), table("invoices")],
        views: vec![view("order_totals")],
        functions: Vec::new(),
        cache: None,
        materialized_views: Vec::new(),
    }
}

fn texts(differences: &[Difference]) -> Vec<String> {
    differences.iter().map(ToString::to_string).collect()
}

#[test]
fn identical_models_have_no_differences_whatever_the_order() {
    let mut actual = schema();
    actual.tables.reverse();
    assert_eq!(texts(&diff(&schema(), &actual)), Vec::<String>::new());
}

#[test]
fn a_changed_column_type_is_one_difference_naming_the_column() {
    let mut actual = schema();
    actual.tables[0].columns[1].data_type = SqlType::new("integer");
    let differences = diff(&schema(), &actual);
    assert_eq!(differences.len(), 1, "{:#?}", texts(&differences));
    let difference = &differences[0];
    assert_eq!(difference.object.kind, ObjectKind::Column);
    assert_eq!(difference.object.name, "total");
    assert_eq!(difference.object.table, Some(QualifiedName::new("public", "orders")));
    assert_eq!(difference.to_string(), "column public.orders.total: type differs: expected numeric, found integer");
}

#[test]
fn a_retyped_view_column_is_one_difference_naming_the_view_column() {
    let mut actual = schema();
    let totals = &mut actual.views[0];
    totals.columns[1].data_type = SqlType::new("double precision");
    // What introspection reads back differently without it being drift.
    totals.body = " SELECT orders.status,\n    sum(orders.total) AS total ...".to_owned();
    totals.group = String::new();
    let differences = diff(&schema(), &actual);
    assert_eq!(differences.len(), 1, "{:#?}", texts(&differences));
    let difference = &differences[0];
    assert_eq!(difference.object.kind, ObjectKind::ViewColumn);
    assert_eq!(difference.object.name, "total");
    assert_eq!(difference.object.table, Some(QualifiedName::new("public", "order_totals")));
    assert_eq!(
        difference.to_string(),
        "view column public.order_totals.total: type differs: expected numeric, found double precision"
    );
}

#[test]
fn view_drift_is_named() {
    let mut actual = schema();
    let totals = &mut actual.views[0];
    totals.security_invoker = false;
    totals.comment = "Totals".to_owned();
    totals.columns.swap(1, 2);
    totals.columns[0].comment = String::new();
    totals.grants.push(Grant { role: "anon".to_owned(), privileges: vec![Privilege::Select] });
    let mut extra = view("orders_by_day");
    extra.columns.pop();
    actual.views.push(extra);
    assert_eq!(
        texts(&diff(&schema(), &actual)),
        [
            "view public.order_totals: comment differs: expected \"The order_totals view\", found \"Totals\"",
            "view column public.order_totals.status: comment differs: expected \"The status\", found \"\"",
            "view column public.order_totals.total: position differs: expected column 2, found column 3",
            "view column public.order_totals.orders: position differs: expected column 3, found column 2",
            "view public.order_totals: security_invoker differs: expected true, found false",
            "view public.order_totals: privileges of anon differs: expected none, found SELECT",
            "view public.orders_by_day: extra (not declared)",
        ]
    );
    actual.views.clear();
    assert_eq!(texts(&diff(&schema(), &actual)), ["view public.order_totals: missing"]);
}

#[test]
fn postgres_spellings_of_the_same_expressions_are_not_differences() {
    let mut actual = schema();
    let orders = &mut actual.tables[0];
    orders.columns[1].default = Some("(0)::numeric".to_owned());
    orders.constraints[1].kind =
        ConstraintKind::Check { expression: "(status = ANY (ARRAY['open'::text, 'closed'::text]))".to_owned() };
    orders.indexes[0].predicate = Some("(status = 'open'::text)".to_owned());
    orders.policies[0].using = Some("(( SELECT auth.uid() AS uid) IS NOT NULL)".to_owned());
    assert_eq!(texts(&diff(&schema(), &actual)), Vec::<String>::new());
}

#[test]
fn every_kind_of_drift_is_named() {
    let mut actual = schema();
    let orders = &mut actual.tables[0];
    orders.columns[1].default = Some("'x'::text".to_owned());
    orders.columns.push(column("note", "text", None));
    orders.constraints[1].kind = ConstraintKind::AllowedValues {
        column: "status".to_owned(),
        values: vec!["closed".to_owned(), "open".to_owned()],
    };
    orders.indexes.clear();
    orders.rls.enabled = false;
    orders.policies[0].name = "orders_read_all".to_owned();
    orders.grants.push(Grant { role: "anon".to_owned(), privileges: vec![Privilege::Select, Privilege::Insert] });
    actual.tables.remove(1);
    actual.functions.push(Function {
        name: QualifiedName::new("public", "f"),
        comment: String::new(),
        arguments: Vec::new(),
        returns: FunctionReturn::Trigger,
        language: "plpgsql".to_owned(),
        volatility: Volatility::Volatile,
        security_definer: false,
        search_path: Some(String::new()),
        body: "BEGIN RETURN NEW; END;".to_owned(),
        execute_roles: Vec::new(),
        schedule: None,
    });
    assert_eq!(
        texts(&diff(&schema(), &actual)),
        [
            "column public.orders.total: default differs: expected 0, found 'x'::text",
            "column public.orders.note: extra (not declared)",
            "constraint orders_status_check on public.orders: definition differs: \
             expected CHECK (status IN ('open', 'closed')), found CHECK (status IN ('closed', 'open'))",
            "index idx_orders_open on public.orders: missing",
            "table public.orders: row level security differs: expected enabled, found disabled",
            "policy orders_read on public.orders: missing",
            "policy orders_read_all on public.orders: extra (not declared)",
            "table public.orders: privileges of anon differs: expected none, found SELECT, INSERT",
            "table public.invoices: missing",
            "function public.f: extra (not declared)",
        ]
    );
}

#[test]
fn differences_serialize_for_machines() {
    let difference = Difference {
        object: ObjectRef::on(ObjectKind::Index, "idx_x", &QualifiedName::new("public", "t")),
        change: Change::Missing,
    };
    let json = serde_json::to_value(&difference).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "object": {"kind": "index", "name": "idx_x", "table": {"schema": "public", "name": "t"}},
            "change": {"type": "missing"}
        })
    );
}
