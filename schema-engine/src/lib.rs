//! The engine of schema-as-code: the model every other crate shares, and what is
//! done with it.
//!
//! ```text
//! declarations (schema-def, via schema-macros)
//!     → model (`model`, built through `declare`), checked by `validate`
//!     → lowered to one catalog (`lower` → `catalog`)
//!     → compared (`compare`): drift prints the changes,
//!       the planner (`plan`) turns them into steps
//!     → SQL (`sql`, typed statements rendered at the end) | dictionary (`docs`)
//! a live database → `introspect` → the same catalog type
//! ```

pub mod catalog;
pub mod compare;
pub mod declare;
pub mod dependencies;
pub mod docs;
pub mod expr;
#[cfg(feature = "sqlx")]
pub mod introspect;
pub mod lower;
pub mod model;
pub mod plan;
pub mod project;
pub mod quote;
pub mod sql;
pub mod validate;

pub use declare::{ColumnType, ColumnTypeInfo, FunctionDef, PgEnum, TableDef, TextEnum, ViewDef};

/// Items the derive macros' expansions use; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    #[cfg(feature = "sqlx")]
    pub use sqlx;
}

/// Serde impls for a text enum, spelled exactly as stored.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_text_enum_serde {
    ($ty:ty) => {
        $crate::__impl_labels_serde!($ty, $crate::TextEnum);
    };
}

/// Serde impls for a PostgreSQL enum, spelled exactly as stored.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_pg_enum_serde {
    ($ty:ty) => {
        $crate::__impl_labels_serde!($ty, $crate::PgEnum);
    };
}

/// Serde impls for an enum of labels: `$labels::as_str` out, `FromStr` in.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_labels_serde {
    ($ty:ty, $labels:path) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(<$ty as $labels>::as_str(self))
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }
    };
}

/// sqlx impls for a text enum (stored as `text`), when the `sqlx` feature is on.
#[doc(hidden)]
#[cfg(feature = "sqlx")]
#[macro_export]
macro_rules! __impl_text_enum_sqlx {
    ($ty:ty) => {
        impl $crate::__private::sqlx::Type<$crate::__private::sqlx::Postgres> for $ty {
            fn type_info() -> $crate::__private::sqlx::postgres::PgTypeInfo {
                <&str as $crate::__private::sqlx::Type<$crate::__private::sqlx::Postgres>>::type_info()
            }

            fn compatible(ty: &$crate::__private::sqlx::postgres::PgTypeInfo) -> bool {
                <&str as $crate::__private::sqlx::Type<$crate::__private::sqlx::Postgres>>::compatible(ty)
            }
        }

        impl<'q> $crate::__private::sqlx::Encode<'q, $crate::__private::sqlx::Postgres> for $ty {
            fn encode_by_ref(
                &self,
                buf: &mut $crate::__private::sqlx::postgres::PgArgumentBuffer,
            ) -> ::core::result::Result<$crate::__private::sqlx::encode::IsNull, $crate::__private::sqlx::error::BoxDynError> {
                <&str as $crate::__private::sqlx::Encode<'q, $crate::__private::sqlx::Postgres>>::encode($crate::TextEnum::as_str(self), buf)
            }
        }

        impl<'r> $crate::__private::sqlx::Decode<'r, $crate::__private::sqlx::Postgres> for $ty {
            fn decode(
                value: $crate::__private::sqlx::postgres::PgValueRef<'r>,
            ) -> ::core::result::Result<Self, $crate::__private::sqlx::error::BoxDynError> {
                let text = <&str as $crate::__private::sqlx::Decode<'r, $crate::__private::sqlx::Postgres>>::decode(value)?;
                ::core::result::Result::Ok(text.parse()?)
            }
        }
    };
}

/// Without the `sqlx` feature a text enum gets no sqlx impls.
#[doc(hidden)]
#[cfg(not(feature = "sqlx"))]
#[macro_export]
macro_rules! __impl_text_enum_sqlx {
    ($ty:ty) => {};
}

/// sqlx impls for a PostgreSQL enum (its labels travel as text, the type
/// named by its qualified name), when the `sqlx` feature is on.
#[doc(hidden)]
#[cfg(feature = "sqlx")]
#[macro_export]
macro_rules! __impl_pg_enum_sqlx {
    ($ty:ty) => {
        impl $crate::__private::sqlx::Type<$crate::__private::sqlx::Postgres> for $ty {
            fn type_info() -> $crate::__private::sqlx::postgres::PgTypeInfo {
                $crate::__private::sqlx::postgres::PgTypeInfo::with_name(<$ty as $crate::PgEnum>::NAME)
            }

            // The server names a column's type as the session's search_path
            // shows it: qualified, or not where its schema is on the path.
            fn compatible(ty: &$crate::__private::sqlx::postgres::PgTypeInfo) -> bool {
                let name = $crate::__private::sqlx::TypeInfo::name(ty);
                name == <$ty as $crate::PgEnum>::NAME || name == <$ty as $crate::PgEnum>::LOCAL_NAME
            }
        }

        impl $crate::__private::sqlx::postgres::PgHasArrayType for $ty {
            fn array_type_info() -> $crate::__private::sqlx::postgres::PgTypeInfo {
                $crate::__private::sqlx::postgres::PgTypeInfo::array_of(<$ty as $crate::PgEnum>::NAME)
            }

            fn array_compatible(ty: &$crate::__private::sqlx::postgres::PgTypeInfo) -> bool {
                match ty.kind() {
                    $crate::__private::sqlx::postgres::PgTypeKind::Array(element) => {
                        <$ty as $crate::__private::sqlx::Type<$crate::__private::sqlx::Postgres>>::compatible(element)
                    }
                    _ => false,
                }
            }
        }

        impl<'q> $crate::__private::sqlx::Encode<'q, $crate::__private::sqlx::Postgres> for $ty {
            fn encode_by_ref(
                &self,
                buf: &mut $crate::__private::sqlx::postgres::PgArgumentBuffer,
            ) -> ::core::result::Result<$crate::__private::sqlx::encode::IsNull, $crate::__private::sqlx::error::BoxDynError> {
                <&str as $crate::__private::sqlx::Encode<'q, $crate::__private::sqlx::Postgres>>::encode($crate::PgEnum::as_str(self), buf)
            }
        }

        impl<'r> $crate::__private::sqlx::Decode<'r, $crate::__private::sqlx::Postgres> for $ty {
            fn decode(
                value: $crate::__private::sqlx::postgres::PgValueRef<'r>,
            ) -> ::core::result::Result<Self, $crate::__private::sqlx::error::BoxDynError> {
                let text = <&str as $crate::__private::sqlx::Decode<'r, $crate::__private::sqlx::Postgres>>::decode(value)?;
                ::core::result::Result::Ok(text.parse()?)
            }
        }
    };
}

/// Without the `sqlx` feature a PostgreSQL enum gets no sqlx impls.
#[doc(hidden)]
#[cfg(not(feature = "sqlx"))]
#[macro_export]
macro_rules! __impl_pg_enum_sqlx {
    ($ty:ty) => {};
}
