//! A small lexer for the SQL expressions declarations carry (defaults, CHECKs,
//! index predicates, policy USING / WITH CHECK).
//!
//! It does not parse SQL; it finds the bare identifiers an expression uses, so a
//! predicate naming a column the table does not have is caught before any database
//! sees it. [`normalize`] builds on it to compare a declared expression with the
//! one Postgres prints back (which adds parentheses and casts).

mod normalize;

pub use normalize::normalize;

/// One token of an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// An identifier or keyword, lower-cased (or kept verbatim if it was quoted).
    Word { text: String, quoted: bool },
    /// A string literal's content.
    String(String),
    Number(String),
    /// Any operator or punctuation, e.g. `(`, `::`, `->>`, `>=`.
    Symbol(String),
}

/// Splits an expression into tokens; fails on an unterminated quote.
pub fn tokenize(expression: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = expression.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            // A line comment: skipped, so an apostrophe in it is not a quote.
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            let end = (i + 2..chars.len().saturating_sub(1)).find(|&j| chars[j] == '*' && chars[j + 1] == '/');
            i = end.map(|j| j + 2).ok_or_else(|| format!("unterminated comment in `{expression}`"))?;
        } else if c == '\'' {
            let (text, next) = quoted(&chars, i, '\'')
                .ok_or_else(|| format!("unterminated string literal in `{expression}`"))?;
            tokens.push(Token::String(text));
            i = next;
        } else if c == '"' {
            let (text, next) = quoted(&chars, i, '"')
                .ok_or_else(|| format!("unterminated quoted identifier in `{expression}`"))?;
            tokens.push(Token::Word { text, quoted: true });
            i = next;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect::<String>().to_lowercase();
            tokens.push(Token::Word { text, quoted: false });
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            tokens.push(Token::Number(chars[start..i].iter().collect()));
        } else {
            let start = i;
            let is_operator_char = |ch: char| "+-*/<>=~!@#%^&|`?:".contains(ch);
            if is_operator_char(c) {
                while i < chars.len() && is_operator_char(chars[i]) {
                    i += 1;
                }
                // Postgres's lexer rule: a multi-character operator ends in `+` or `-`
                // only if it contains one of ~ ! @ # % ^ & | ` ?, so `>=-1` is `>=` and `-1`.
                let special = chars[start..i].iter().any(|ch| "~!@#%^&|`?".contains(*ch));
                while !special && i - start > 1 && matches!(chars[i - 1], '+' | '-') {
                    i -= 1;
                }
            } else {
                i += 1;
            }
            tokens.push(Token::Symbol(chars[start..i].iter().collect()));
        }
    }
    Ok(tokens)
}

/// Reads a quoted run starting at `start` (a doubled quote is an escaped quote).
fn quoted(chars: &[char], start: usize, quote: char) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == quote {
            if chars.get(i + 1) == Some(&quote) {
                text.push(quote);
                i += 2;
                continue;
            }
            return Some((text, i + 1));
        }
        text.push(chars[i]);
        i += 1;
    }
    None
}

/// Words that are SQL syntax, not column names, when they appear bare.
const SYNTAX_WORDS: &[&str] = &[
    "all", "and", "any", "array", "as", "asc", "between", "both", "by", "case", "cast",
    "current_date", "current_role", "current_time", "current_timestamp", "current_user",
    "day", "days", "desc", "distinct", "else", "end", "exists", "false", "from", "hour",
    "ilike", "in", "interval", "is", "isnull", "like", "localtime", "localtimestamp",
    "minute", "month", "not", "notnull", "null", "nulls", "or", "order", "select",
    "session_user", "similar", "some", "symmetric", "then", "true", "unknown", "when",
    "where", "with", "year", "zone", "time", "timestamp", "at",
];

/// The bare identifiers an expression uses as column references: words that are
/// not syntax, not function names (followed by `(`), not qualified parts (next
/// to a `.`), not type names (after `::`), and not names the expression gives
/// itself with `AS` (a sub-select's output or alias, as in
/// `(select claims.jwt ... from (select auth.jwt() as jwt) as claims)`).
pub fn column_references(expression: &str) -> Result<Vec<String>, String> {
    let tokens = tokenize(expression)?;
    let aliases: Vec<&str> = tokens
        .windows(2)
        .filter_map(|pair| match pair {
            [Token::Word { text: keyword, quoted: false }, Token::Word { text, .. }] if keyword == "as" => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let mut references = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Token::Word { text, quoted } = token else { continue };
        let previous = i.checked_sub(1).and_then(|p| tokens.get(p));
        let next = tokens.get(i + 1);
        let is_symbol = |t: Option<&Token>, s: &str| matches!(t, Some(Token::Symbol(x)) if x == s);
        let after_cast = is_symbol(previous, "::");
        let qualified = is_symbol(previous, ".") || is_symbol(next, ".");
        let call = is_symbol(next, "(");
        let syntax = !quoted && SYNTAX_WORDS.contains(&text.as_str());
        // A word right after a type cast can be a multi-word type (`timestamp with
        // time zone`) or an array type; a word after a keyword like INTERVAL is
        // followed by a literal, never a column.
        let type_word = matches!(previous, Some(Token::Word { text, .. }) if text == "with" || text == "without")
            && !quoted;
        let alias = aliases.contains(&text.as_str());
        if !(after_cast || qualified || call || syntax || type_word || alias || references.contains(text)) {
            references.push(text.clone());
        }
    }
    Ok(references)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_columns_but_not_functions_keywords_or_qualified_names() {
        let refs = column_references(
            "((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'operator' AND is_trending = true",
        )
        .unwrap();
        assert_eq!(refs, vec!["is_trending"]);
        assert_eq!(
            column_references("stock_status IN ('low_stock', 'out_of_stock')").unwrap(),
            vec!["stock_status"]
        );
        assert_eq!(column_references("margin_pct >= 0::numeric AND x IS NOT NULL").unwrap(), vec!["margin_pct", "x"]);
        assert_eq!(column_references("now() - interval '1 day'").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn names_the_expression_gives_itself_are_not_columns() {
        let refs = column_references(
            "(select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims) AND sku = 'x'",
        )
        .unwrap();
        assert_eq!(refs, vec!["sku"]);
    }

    #[test]
    fn comments_are_skipped() {
        assert_eq!(column_references("-- the days' averages\nx > 1 /* it's */ AND y").unwrap(), vec!["x", "y"]);
        assert!(column_references("x /* open").is_err());
    }

    #[test]
    fn quoted_text_is_not_a_reference() {
        assert_eq!(column_references("'it''s' = label").unwrap(), vec!["label"]);
        assert!(column_references("'open").is_err());
    }
}
