//! A `#[derive(Table)]` struct is still an ordinary struct: it can be built, read,
//! and derive other traits; the derive only adds `TableDef`.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use schema_engine::model::{ConstraintKind, IndexMethod};
use schema_engine::TableDef;
use schema_macros::{Table, TextEnum};
use uuid::Uuid;

/// Where an order is.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq)]
#[text_enum(rename_all = "snake_case")]
pub enum OrderStatus {
    Open,
    Shipped,
    Cancelled,
}

/// Customer orders.
#[derive(Table, Debug, Clone)]
#[table(
    name = "orders",
    schema = "shop",
    rls,
    index(name = "idx_orders_placed", columns(placed_on(desc), id)),
    index(name = "idx_orders_tags", using = "gin", columns(tags)),
    policy(name = "orders_read", command = "select", to(authenticated), using = "status <> 'cancelled'"),
    grant(to(authenticated), select),
)]
pub struct Order {
    /// Unique identifier.
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// The order's state.
    pub status: OrderStatus,
    /// The state before the last change, if any.
    pub previous_status: Option<OrderStatus>,
    /// Day the order was placed.
    pub placed_on: NaiveDate,
    /// Order total.
    #[column(check = "total >= 0")]
    pub total: Decimal,
    /// Free-form labels.
    pub tags: Vec<String>,
    /// Customer note.
    pub note: Option<String>,
    /// A float stored as `real` through an explicit SQL type.
    #[column(sql_type = "float4")]
    pub weight_kg: Option<f32>,
    /// Stored under another name.
    #[column(rename = "type")]
    pub kind: String,
    /// Row creation time.
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

fn main() {
    // An ordinary struct: construct it, read and clone it, format it.
    let order = Order {
        id: Uuid::nil(),
        status: OrderStatus::Open,
        previous_status: None,
        placed_on: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
        total: Decimal::new(1999, 2),
        tags: vec!["gift".to_owned()],
        note: None,
        weight_kg: Some(1.5),
        kind: "retail".to_owned(),
        created_at: DateTime::<Utc>::from_timestamp(0, 0).unwrap(),
    };
    let copy = order.clone();
    assert_eq!(copy.status, OrderStatus::Open);
    assert_eq!(copy.total.to_string(), "19.99");
    assert_eq!(copy.tags, ["gift"]);
    assert!(format!("{order:?}").starts_with("Order {"));

    // The model the derive declares.
    assert_eq!(Order::NAME, "shop.orders");
    let table = <Order as TableDef>::table();
    assert_eq!(table.name.to_string(), "shop.orders");
    assert_eq!(table.comment, "Customer orders.");
    assert_eq!(table.columns.len(), 10);
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["id", "status", "previous_status", "placed_on", "total", "tags", "note", "weight_kg", "type", "created_at"],
    );

    // Nullability follows `Option`; types follow the Rust type or `sql_type`.
    let column = |name: &str| table.column(name).unwrap_or_else(|| panic!("no column {name}"));
    assert!(!column("id").nullable);
    assert!(!column("status").nullable);
    assert!(column("previous_status").nullable);
    assert!(column("note").nullable);
    assert!(column("weight_kg").nullable);
    assert_eq!(column("weight_kg").data_type.as_str(), "real");
    assert_eq!(column("tags").data_type.as_str(), "text[]");
    assert_eq!(column("status").data_type.as_str(), "text");
    assert_eq!(column("created_at").data_type.as_str(), "timestamp with time zone");
    assert_eq!(column("id").default.as_deref(), Some("gen_random_uuid()"));
    assert_eq!(column("id").comment, "Unique identifier.");

    // Text enum columns get a CHECK of their values, nullable or not.
    let allowed: Vec<(&str, &[String])> = table
        .constraints
        .iter()
        .filter_map(|c| match &c.kind {
            ConstraintKind::AllowedValues { column, values } => Some((column.as_str(), values.as_slice())),
            _ => None,
        })
        .collect();
    assert_eq!(allowed.len(), 2, "{allowed:?}");
    for (_, values) in &allowed {
        assert_eq!(*values, ["open", "shipped", "cancelled"]);
    }
    assert!(allowed.iter().any(|(c, _)| *c == "status"));
    assert!(allowed.iter().any(|(c, _)| *c == "previous_status"));
    assert_eq!(table.primary_key(), Some(&["id".to_owned()][..]));

    // Indexes: key order, DESC flags and the access method.
    let placed = table.indexes.iter().find(|i| i.name == "idx_orders_placed").expect("index");
    assert_eq!(placed.method, IndexMethod::Btree);
    assert_eq!(placed.columns.len(), 2);
    assert_eq!(placed.columns[0].column, "placed_on");
    assert!(placed.columns[0].descending);
    assert!(!placed.columns[1].descending);
    let tags = table.indexes.iter().find(|i| i.name == "idx_orders_tags").expect("index");
    assert_eq!(tags.method, IndexMethod::Gin);

    assert!(table.rls.enabled);
    assert_eq!(table.policies.len(), 1);
    assert_eq!(table.policies[0].using.as_deref(), Some("status <> 'cancelled'"));
}
