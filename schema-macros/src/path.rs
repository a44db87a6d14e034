//! Names written as paths in attributes (`to(service_role)`, `execute(authenticated)`).

/// The path as the SQL name it stands for: its segments joined by `.`.
pub fn path_text(path: &syn::Path) -> String {
    path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join(".")
}
