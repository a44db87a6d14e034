//! TODO(group operator_analytics): declarations pending.

use schema_engine::model::View;

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    Vec::new()
}
