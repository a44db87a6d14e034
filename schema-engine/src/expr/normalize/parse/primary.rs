//! Operands: literals, names and calls, parenthesized groups and lists, scalar
//! subqueries, `ARRAY[...]`, `CASE` and type names.

use super::Parser;
use crate::expr::normalize::{cast, is_number, print, print_name, print_tokens, Node};
use crate::expr::Token;
use crate::model::SqlType;

/// Words that start a literal of their type (`interval '1 day'`).
const TYPED_LITERALS: &[&str] = &["interval", "date", "time", "timestamp", "timestamptz", "json", "jsonb", "uuid"];

/// Words that end a subquery's select list (anything else there is a column alias).
const CLAUSE_WORDS: &[&str] = &[
    "from",
    "where",
    "group",
    "having",
    "window",
    "order",
    "limit",
    "offset",
    "fetch",
    "for",
    "union",
    "intersect",
    "except",
];

impl Parser<'_> {
    pub(super) fn primary(&mut self) -> Option<Node> {
        let token = self.peek_at(0)?.clone();
        match token {
            Token::String(text) => {
                self.at += 1;
                Some(Node::Text(text))
            }
            Token::Number(n) => {
                self.at += 1;
                is_number(&n).then_some(Node::Number(n))
            }
            Token::Symbol(s) if s == "(" => self.parenthesized(),
            Token::Symbol(s) if s == "*" => {
                self.at += 1;
                Some(Node::Name(s))
            }
            Token::Symbol(_) => None,
            Token::Word { text, quoted } => {
                if !quoted {
                    if let Some(node) = self.keyword_primary(&text) {
                        return node;
                    }
                }
                self.name_or_call()
            }
        }
    }

    /// Primaries that start with a keyword; `None` when the word is just a name.
    fn keyword_primary(&mut self, word: &str) -> Option<Option<Node>> {
        if word == "array" && self.symbol_at(1) == Some("[") {
            self.at += 2;
            let items = self.list("]");
            return Some(items.map(Node::Array));
        }
        if word == "case" {
            self.at += 1;
            return Some(self.case());
        }
        if TYPED_LITERALS.contains(&word) {
            if let Some(Token::String(text)) = self.peek_at(1) {
                let node = cast(Node::Text(text.clone()), SqlType::new(word).as_str().to_owned());
                self.at += 2;
                return Some(Some(node));
            }
        }
        None
    }

    fn case(&mut self) -> Option<Node> {
        let operand = if self.word_at(0) == Some("when") { None } else { Some(Box::new(self.expr(0)?)) };
        let mut arms = Vec::new();
        while self.eat_word("when") {
            let when = self.expr(0)?;
            self.expect_word("then")?;
            arms.push((when, self.expr(0)?));
        }
        let otherwise = if self.eat_word("else") { Some(Box::new(self.expr(0)?)) } else { None };
        self.expect_word("end")?;
        (!arms.is_empty()).then_some(Node::Case { operand, arms, otherwise })
    }

    /// A (possibly qualified) name, or a function call when `(` follows.
    fn name_or_call(&mut self) -> Option<Node> {
        let mut parts = vec![self.name_part()?];
        while self.symbol_at(0) == Some(".") {
            self.at += 1;
            parts.push(self.name_part()?);
        }
        let name = parts.join(".");
        if self.eat_symbol("(") {
            let args = self.list(")")?;
            return Some(Node::Call { name: without_public(name), args });
        }
        Some(Node::Name(name))
    }

    fn name_part(&mut self) -> Option<String> {
        let Some(Token::Word { text, quoted }) = self.peek_at(0) else { return None };
        let part = print_name(text, *quoted);
        self.at += 1;
        Some(part)
    }

    /// Comma-separated expressions up to `close` (which may come at once).
    fn list(&mut self, close: &str) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        if self.eat_symbol(close) {
            return Some(items);
        }
        loop {
            items.push(self.expr(0)?);
            if self.eat_symbol(close) {
                return Some(items);
            }
            self.expect_symbol(",")?;
        }
    }

    /// `( expr )`, `( a, b, … )` or `( SELECT … )`, cursor on the `(`.
    pub(super) fn parenthesized(&mut self) -> Option<Node> {
        self.expect_symbol("(")?;
        if self.word_at(0) == Some("select") {
            return self.subquery();
        }
        let mut items = self.list(")")?;
        match items.len() {
            1 => items.pop(),
            0 => None,
            _ => Some(Node::Row(items)),
        }
    }

    /// A scalar subquery after its `(`: the select list is canonicalized and
    /// column aliases dropped (`( SELECT auth.jwt() AS jwt)` is `(select auth.jwt())`);
    /// the rest (FROM, WHERE, …) is compared token by token, without `AS`.
    fn subquery(&mut self) -> Option<Node> {
        self.expect_word("select")?;
        let mut columns = Vec::new();
        loop {
            columns.push(print(&self.expr(0)?));
            let bare_alias = matches!(self.peek_at(0), Some(Token::Word { text, quoted })
                if *quoted || !CLAUSE_WORDS.contains(&text.as_str()));
            if self.eat_word("as") || bare_alias {
                self.name_part()?;
            }
            if !self.eat_symbol(",") {
                break;
            }
        }
        let start = self.at;
        let mut depth = 0usize;
        while let Some(token) = self.peek_at(0) {
            match token {
                Token::Symbol(s) if s == "(" => depth += 1,
                Token::Symbol(s) if s == ")" && depth == 0 => break,
                Token::Symbol(s) if s == ")" => depth -= 1,
                _ => {}
            }
            self.at += 1;
        }
        // Postgres prints a FROM item's alias without `AS` (`( SELECT …) claims`)
        // and a column alias with it; the keyword never changes the meaning.
        let rest: Vec<Token> = self.tokens[start..self.at]
            .iter()
            .filter(|t| !matches!(t, Token::Word { text, quoted: false } if text == "as"))
            .cloned()
            .collect();
        let rest = print_tokens(&rest);
        self.expect_symbol(")")?;
        let rest = if rest.is_empty() { String::new() } else { format!(" {rest}") };
        Some(Node::Subquery(format!("(SELECT {}{rest})", columns.join(", "))))
    }

    /// A type name after `::`, in `format_type` spelling (`timestamptz` →
    /// `timestamp with time zone`), with its modifier and array brackets.
    pub(super) fn type_name(&mut self) -> Option<String> {
        let mut base = self.name_part()?;
        let rest: &[&str] = match (base.as_str(), self.word_at(0)) {
            ("timestamp" | "time", Some(zone @ ("with" | "without"))) => {
                if zone == "with" {
                    &["with", "time", "zone"]
                } else {
                    &["without", "time", "zone"]
                }
            }
            ("double", Some("precision")) => &["precision"],
            ("character" | "bit", Some("varying")) => &["varying"],
            _ => &[],
        };
        for word in rest {
            self.expect_word(word)?;
            base = format!("{base} {word}");
        }
        while self.eat_symbol(".") {
            base = format!("{base}.{}", self.name_part()?);
        }
        let mut modifier = String::new();
        if self.eat_symbol("(") {
            let Token::Number(n) = self.peek_at(0)?.clone() else { return None };
            self.at += 1;
            modifier = n;
            while self.eat_symbol(",") {
                let Token::Number(n) = self.peek_at(0)?.clone() else { return None };
                self.at += 1;
                modifier = format!("{modifier},{n}");
            }
            self.expect_symbol(")")?;
            modifier = format!("({modifier})");
        }
        let mut dims = String::new();
        while self.symbol_at(0) == Some("[") && self.symbol_at(1) == Some("]") {
            self.at += 2;
            dims.push_str("[]");
        }
        Some(format!("{}{modifier}{dims}", without_public(SqlType::new(&base).as_str().to_owned())))
    }
}

/// A function or type of `public` as PostgreSQL prints it for a reader whose
/// `search_path` holds `public` (the default): unqualified. The declarations
/// may qualify it.
fn without_public(name: String) -> String {
    match name.strip_prefix("public.") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => name,
    }
}
