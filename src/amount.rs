//! Exact amounts: printed text → `rust_decimal::Decimal`, scale kept.
//!
//! `"1,234.50"` → `1234.50`; full-width digits/points/signs → ASCII; a dash
//! alone (`-`, `—`, `－`) → `0`; blank → `None`. Never `f64`.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Normalize full-width digits, points, signs, commas and spaces to ASCII.
pub fn normalize_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            '％' => '%',
            '\u{3000}' | '\u{a0}' => ' ',
            _ => c,
        })
        .collect()
}

/// What an amount cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Blank,
    /// A number (a printed dash is `Amount(0)` with `dash` true).
    Amount {
        value: Decimal,
        dash: bool,
    },
    /// Something that is not an amount.
    Text(String),
}

/// Parse a printed amount cell.
pub fn parse_cell(text: &str) -> Cell {
    let t: String = normalize_digits(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    if t.is_empty() {
        return Cell::Blank;
    }
    if matches!(t.as_str(), "-" | "—" | "--" | "——" | "–" | "―") {
        return Cell::Amount {
            value: Decimal::ZERO,
            dash: true,
        };
    }
    let (neg, body) = if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        (true, inner)
    } else {
        (false, t.as_str())
    };
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return Cell::Text(text.trim().to_string());
    }
    match Decimal::from_str(body) {
        Ok(mut v) => {
            if neg {
                v.set_sign_negative(true);
            }
            Cell::Amount {
                value: v,
                dash: false,
            }
        }
        Err(_) => Cell::Text(text.trim().to_string()),
    }
}

/// Parse an amount, `None` for blank or non-numeric text.
pub fn parse(text: &str) -> Option<Decimal> {
    match parse_cell(text) {
        Cell::Amount { value, .. } => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_scale_and_strips_separators() {
        assert_eq!(parse("50.00").unwrap().to_string(), "50.00");
        assert_eq!(parse("87,267,272.44").unwrap().to_string(), "87267272.44");
        assert_eq!(parse(" 202.74 ").unwrap().to_string(), "202.74");
        assert_eq!(parse("２５５．６８").unwrap().to_string(), "255.68");
        assert_eq!(parse("\n205.68").unwrap().to_string(), "205.68");
    }

    #[test]
    fn dashes_blanks_and_text() {
        assert_eq!(
            parse_cell("－"),
            Cell::Amount {
                value: Decimal::ZERO,
                dash: true
            }
        );
        assert_eq!(
            parse_cell("—"),
            Cell::Amount {
                value: Decimal::ZERO,
                dash: true
            }
        );
        assert_eq!(parse_cell("　"), Cell::Blank);
        assert_eq!(parse_cell(""), Cell::Blank);
        assert_eq!(parse_cell("合计"), Cell::Text("合计".into()));
        assert_eq!(parse("-12.5").unwrap().to_string(), "-12.5");
        assert_eq!(parse("(3.00)").unwrap().to_string(), "-3.00");
    }
}
