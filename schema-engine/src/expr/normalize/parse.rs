//! A precedence-climbing parser for the expressions declarations use, building the
//! canonical tree directly (`IN` becomes `= ANY`, `BETWEEN` two comparisons, …).
//!
//! Precedences follow Postgres's table (higher binds tighter). Anything outside
//! the supported subset makes the parse fail, and the caller falls back to tokens.

use super::{boolean, cast, Node};
use crate::expr::Token;

mod primary;

const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const IS: u8 = 4;
const COMPARISON: u8 = 5;
const PATTERN: u8 = 6; // IN, BETWEEN, LIKE, ILIKE
const OTHER_OPERATOR: u8 = 7; // ->, ->>, ||, @>, …
const ADDITIVE: u8 = 8;
const MULTIPLICATIVE: u8 = 9;
const EXPONENT: u8 = 10;
const AT_TIME_ZONE: u8 = 11;
const UNARY: u8 = 12;
const POSTFIX: u8 = 13; // ::type, [index]

/// Parses a whole expression; `None` if it is outside the supported subset.
pub(super) fn parse(tokens: &[Token]) -> Option<Node> {
    let mut parser = Parser { tokens, at: 0 };
    let node = parser.expr(0)?;
    (parser.at == tokens.len()).then_some(node)
}

struct Parser<'t> {
    tokens: &'t [Token],
    at: usize,
}

impl Parser<'_> {
    fn peek_at(&self, offset: usize) -> Option<&Token> {
        self.tokens.get(self.at + offset)
    }

    fn word_at(&self, offset: usize) -> Option<&str> {
        match self.peek_at(offset) {
            Some(Token::Word { text, quoted: false }) => Some(text),
            _ => None,
        }
    }

    fn symbol_at(&self, offset: usize) -> Option<&str> {
        match self.peek_at(offset) {
            Some(Token::Symbol(s)) => Some(s),
            _ => None,
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let found = self.word_at(0) == Some(word);
        self.at += usize::from(found);
        found
    }

    fn eat_symbol(&mut self, symbol: &str) -> bool {
        let found = self.symbol_at(0) == Some(symbol);
        self.at += usize::from(found);
        found
    }

    fn expect_word(&mut self, word: &str) -> Option<()> {
        self.eat_word(word).then_some(())
    }

    fn expect_symbol(&mut self, symbol: &str) -> Option<()> {
        self.eat_symbol(symbol).then_some(())
    }

    fn expr(&mut self, min: u8) -> Option<Node> {
        let mut left = self.prefix()?;
        while let Some(precedence) = self.infix_precedence() {
            if precedence < min {
                break;
            }
            left = self.infix(left, precedence)?;
        }
        Some(left)
    }

    /// The precedence of the infix or postfix operator at the cursor, if any.
    fn infix_precedence(&self) -> Option<u8> {
        if let Some(word) = self.word_at(0) {
            return match word {
                "or" => Some(OR),
                "and" => Some(AND),
                "is" | "isnull" | "notnull" => Some(IS),
                "in" | "between" | "like" | "ilike" => Some(PATTERN),
                "not" => matches!(self.word_at(1), Some("in" | "between" | "like" | "ilike")).then_some(PATTERN),
                "at" => (self.word_at(1) == Some("time")).then_some(AT_TIME_ZONE),
                _ => None,
            };
        }
        match self.symbol_at(0)? {
            "(" | ")" | "," | "]" | "." | ";" => None,
            "::" | "[" => Some(POSTFIX),
            "=" | "<" | ">" | "<=" | ">=" | "<>" | "!=" => Some(COMPARISON),
            "+" | "-" => Some(ADDITIVE),
            "*" | "/" | "%" => Some(MULTIPLICATIVE),
            "^" => Some(EXPONENT),
            _ => Some(OTHER_OPERATOR),
        }
    }

    fn infix(&mut self, left: Node, precedence: u8) -> Option<Node> {
        let token = self.peek_at(0)?.clone();
        self.at += 1;
        let Token::Symbol(symbol) = token else {
            let Token::Word { text, .. } = token else { return None };
            return self.word_infix(left, &text);
        };
        match symbol.as_str() {
            "::" => Some(cast(left, self.type_name()?)),
            "[" => {
                let index = self.expr(0)?;
                self.expect_symbol("]")?;
                Some(Node::Subscript { operand: Box::new(left), index: Box::new(index) })
            }
            op => {
                let op = if op == "!=" { "<>" } else { op };
                let right = if let Some(quantifier) = self.quantifier() {
                    self.at += 1;
                    let operand = self.parenthesized()?;
                    Node::Quantified { quantifier, operand: Box::new(operand) }
                } else {
                    self.expr(precedence + 1)?
                };
                Some(binary(op, left, right))
            }
        }
    }

    /// `ANY` / `SOME` / `ALL` followed by `(`, on the right of an operator.
    fn quantifier(&self) -> Option<&'static str> {
        let quantifier = match self.word_at(0)? {
            "any" | "some" => "ANY",
            "all" => "ALL",
            _ => return None,
        };
        (self.symbol_at(1) == Some("(")).then_some(quantifier)
    }

    fn word_infix(&mut self, left: Node, word: &str) -> Option<Node> {
        match word {
            "or" => Some(boolean("OR", left, self.expr(OR + 1)?)),
            "and" => Some(boolean("AND", left, self.expr(AND + 1)?)),
            "isnull" => Some(test(left, "IS NULL")),
            "notnull" => Some(test(left, "IS NOT NULL")),
            "is" => {
                let negated = self.eat_word("not");
                if self.eat_word("distinct") {
                    self.expect_word("from")?;
                    let op = if negated { "IS NOT DISTINCT FROM" } else { "IS DISTINCT FROM" };
                    return Some(binary(op, left, self.expr(IS + 1)?));
                }
                let what = match self.word_at(0)? {
                    w @ ("null" | "true" | "false" | "unknown") => w.to_ascii_uppercase(),
                    _ => return None,
                };
                self.at += 1;
                Some(test(left, &format!("IS {}{what}", if negated { "NOT " } else { "" })))
            }
            "at" => {
                self.expect_word("time")?;
                self.expect_word("zone")?;
                Some(binary("AT TIME ZONE", left, self.expr(AT_TIME_ZONE + 1)?))
            }
            "not" => {
                let word = self.word_at(0)?.to_owned();
                self.at += 1;
                self.pattern(left, &word, true)
            }
            pattern => self.pattern(left, pattern, false),
        }
    }

    /// `[NOT] IN / BETWEEN / LIKE / ILIKE`, in the form Postgres stores them.
    fn pattern(&mut self, left: Node, word: &str, negated: bool) -> Option<Node> {
        match word {
            "in" => {
                let list = self.parenthesized()?;
                let (op, quantifier) = if negated { ("<>", "ALL") } else { ("=", "ANY") };
                Some(match list {
                    Node::Row(items) => {
                        let operand = Box::new(Node::Array(items));
                        binary(op, left, Node::Quantified { quantifier, operand })
                    }
                    Node::Subquery(_) => binary(if negated { "NOT IN" } else { "IN" }, left, list),
                    single => binary(op, left, single),
                })
            }
            "between" => {
                let low = self.expr(OTHER_OPERATOR)?;
                self.expect_word("and")?;
                let high = self.expr(OTHER_OPERATOR)?;
                Some(if negated {
                    boolean("OR", binary("<", left.clone(), low), binary(">", left, high))
                } else {
                    boolean("AND", binary(">=", left.clone(), low), binary("<=", left, high))
                })
            }
            "like" | "ilike" => {
                let op = match (word, negated) {
                    ("like", false) => "~~",
                    ("like", true) => "!~~",
                    (_, false) => "~~*",
                    (_, true) => "!~~*",
                };
                Some(binary(op, left, self.expr(PATTERN + 1)?))
            }
            _ => None,
        }
    }

    fn prefix(&mut self) -> Option<Node> {
        if self.eat_word("not") {
            let operand = self.expr(NOT + 1)?;
            return Some(Node::Prefix { op: "NOT".to_owned(), operand: Box::new(operand) });
        }
        if let Some(sign @ ("-" | "+")) = self.symbol_at(0) {
            let negative = sign == "-";
            self.at += 1;
            return Some(match self.expr(UNARY)? {
                Node::Number(n) if negative => Node::Number(negate(&n)),
                operand if negative => Node::Prefix { op: "-".to_owned(), operand: Box::new(operand) },
                operand => operand,
            });
        }
        self.primary()
    }
}

fn binary(op: &str, left: Node, right: Node) -> Node {
    Node::Binary { op: op.to_owned(), left: Box::new(left), right: Box::new(right) }
}

fn test(operand: Node, test: &str) -> Node {
    Node::Test { operand: Box::new(operand), test: test.to_owned() }
}

fn negate(number: &str) -> String {
    match number.strip_prefix('-') {
        Some(positive) => positive.to_owned(),
        None => format!("-{number}"),
    }
}
