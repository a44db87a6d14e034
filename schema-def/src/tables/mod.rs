//! The ten tables of the Hot Rod AN dictionary, grouped by subject, and the
//! audit trail its audit functions and views need.

mod audit;
mod catalog;
mod customers;
mod daily_metrics;
mod operations;

pub use audit::{AuditLog, AuditLogArchive};
pub use catalog::{InventorySnapshot, ProductCategory, SkuPerformance};
pub use customers::CustomerSegment;
pub use daily_metrics::{CeoTimeSavings, SalesMetricsDaily, ShopActivationMetrics};
pub use operations::{CxConversation, FulfillmentTracking, OperatorSlaResolution};
