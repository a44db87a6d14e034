//! The dictionary's enumerated value sets, as Rust enums stored as text.
//!
//! Each becomes a CHECK on every column of its type; application code reads and
//! writes the same spellings through serde and sqlx.

use schema_macros::TextEnum;

/// The five Hot Rod customer personas.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrimarySegment {
    #[text_enum(rename = "DIY Builder")]
    DiyBuilder,
    #[text_enum(rename = "Professional Shop")]
    ProfessionalShop,
    #[text_enum(rename = "Enthusiast Collector")]
    EnthusiastCollector,
    #[text_enum(rename = "First-time Builder")]
    FirstTimeBuilder,
    #[text_enum(rename = "Racing Enthusiast")]
    RacingEnthusiast,
}

/// Where a customer is in their relationship with the store.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum LifecycleStage {
    New,
    Active,
    AtRisk,
    Churned,
    Reactivated,
}

/// How fast a product category sells.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum InventoryVelocity {
    Fast,
    Medium,
    Slow,
}

/// Which way a SKU's sales are moving.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum TrendDirection {
    Up,
    Down,
    Stable,
}

/// A SKU's stock position on a snapshot date.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum StockStatus {
    InStock,
    LowStock,
    OutOfStock,
    Overstock,
}

/// How fast a SKU's stock turns over.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum VelocityTier {
    Fast,
    Medium,
    Slow,
    Stagnant,
}

/// Shopify's fulfillment state of an order.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum FulfillmentStatus {
    Unfulfilled,
    Partial,
    Fulfilled,
    Cancelled,
}

/// What went wrong with an order's fulfillment.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum IssueType {
    DelayedShipping,
    MissingItems,
    DamagedGoods,
    WrongAddress,
    InventoryShortage,
}

/// How bad a fulfillment issue is.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum IssueSeverity {
    Low,
    Medium,
    High,
    Critical,
}

/// A support conversation's priority.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Medium,
    High,
    Urgent,
}

/// The customer's mood in a support conversation.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
    VeryNegative,
}

/// A support conversation's state in Chatwoot.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum ConversationStatus {
    Open,
    Pending,
    Resolved,
    Closed,
}

/// The area of the business an operator's decision is about.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum DecisionScope {
    Inventory,
    Fulfillment,
    CustomerSupport,
    Pricing,
    Catalog,
    Reporting,
}

/// What an operator decided about a recommendation or an alert.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[text_enum(rename_all = "snake_case")]
pub enum DecisionAction {
    Approve,
    Reject,
    Modify,
    Escalate,
    Defer,
}
