//! SQL text in attributes: a string literal, or a path to a `&str` constant so a
//! predicate shared by many declarations is written once.

use darling::FromMeta;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Expr, ExprLit, Lit, LitStr, Path};

#[derive(Debug, Clone)]
pub enum SqlText {
    Literal(LitStr),
    Constant(Path),
}

impl SqlText {
    /// The literal's text, when it is known at compile time.
    pub fn literal(&self) -> Option<(String, Span)> {
        match self {
            Self::Literal(lit) => Some((lit.value(), lit.span())),
            Self::Constant(_) => None,
        }
    }

    /// An expression of type `String`.
    pub fn to_string_expr(&self) -> TokenStream {
        match self {
            Self::Literal(lit) => quote!(::std::string::String::from(#lit)),
            Self::Constant(path) => quote!(::std::string::String::from(#path)),
        }
    }
}

impl FromMeta for SqlText {
    fn from_expr(expr: &Expr) -> darling::Result<Self> {
        match expr {
            Expr::Lit(ExprLit { lit: Lit::Str(lit), .. }) => Ok(Self::Literal(lit.clone())),
            Expr::Path(path) => Ok(Self::Constant(path.path.clone())),
            Expr::Group(group) => Self::from_expr(&group.expr),
            other => Err(darling::Error::custom(
                "expected SQL as a string literal, or the path of a `&str` constant",
            )
            .with_span(other)),
        }
    }
}

/// Emits `Option<String>` for an optional SQL text.
pub fn option_string(text: &Option<SqlText>) -> TokenStream {
    match text {
        Some(text) => {
            let value = text.to_string_expr();
            quote!(::core::option::Option::Some(#value))
        }
        None => quote!(::core::option::Option::None),
    }
}
