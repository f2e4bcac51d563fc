//! A cell's displayed text from its stored value and its number format.
//!
//! Excel stores a number as an IEEE double and prints it through the cell's
//! number format: 255.675 under `0.00` shows `255.68`. The displayed text is
//! what a reader of the printed disclosure sees, so it is what we read.
//! The double is first turned into the shortest decimal that round-trips it
//! (Rust's `Display` for `f64`), cut to Excel's 15 significant digits, and
//! only then rounded to the format's decimals, half away from zero (Excel's
//! rounding), in exact decimal arithmetic: no money is ever computed in f64.
//!
//! Implemented: `General`, `@` (text), `0`, `0.0…`, `#,##0`, `#,##0.0…`,
//! `0%`, `0.00%` and the like (a `[Color]`/`[$…]` tag and `_x`/`\x`/`"…"`
//! literals are kept or skipped as Excel does), with a second section for
//! negatives. Anything else (dates, fractions, scientific) falls back to
//! `General` and the caller notes it.

use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// The format code of a built-in number format id (ECMA-376 18.8.30; the
/// ids shared with BIFF8). `None` for ids that are locale-dependent dates.
pub fn builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// The parsed shape of one number format section.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Section {
    prefix: String,
    suffix: String,
    decimals: u32,
    thousands: bool,
    percent: bool,
    /// The section prints its own sign (a literal `-` or parentheses).
    own_sign: bool,
}

/// Displayed text of a number under `code`; `None` when the format is not
/// one of the implemented shapes (the caller falls back to [`general`]).
pub fn format_number(value: f64, code: &str) -> Option<String> {
    let code = code.trim();
    if code.is_empty() || code.eq_ignore_ascii_case("general") || code == "@" {
        return general(value);
    }
    let sections = split_sections(code);
    let negative = value < 0.0;
    let (text, use_own_sign) = match (negative, sections.get(1)) {
        (true, Some(s)) if !s.trim().is_empty() => (s.as_str(), true),
        _ => (sections[0].as_str(), false),
    };
    if text.eq_ignore_ascii_case("general") {
        return general(value);
    }
    let sec = parse_section(text)?;
    let mut d = exact(value.abs())?;
    if sec.percent {
        d *= Decimal::ONE_HUNDRED;
    }
    let d = d.round_dp_with_strategy(sec.decimals, RoundingStrategy::MidpointAwayFromZero);
    let mut digits = format!("{d:.prec$}", prec = sec.decimals as usize);
    if sec.thousands {
        digits = group_thousands(&digits);
    }
    let sign = if negative && !(use_own_sign && sec.own_sign) && !d.is_zero() {
        "-"
    } else {
        ""
    };
    let pct = if sec.percent { "%" } else { "" };
    Some(format!("{}{sign}{digits}{pct}{}", sec.prefix, sec.suffix))
}

/// Excel's `General` for a number: the shortest round-trip decimal, cut to
/// 15 significant digits, without trailing zeros.
pub fn general(value: f64) -> Option<String> {
    let d = exact(value)?;
    Some(d.normalize().to_string())
}

/// The double as an exact decimal: its shortest round-trip representation,
/// rounded to 15 significant digits (what Excel keeps).
fn exact(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    let d = Decimal::from_str(&format!("{value}")).ok()?;
    let int_digits = {
        let t = d.abs().trunc();
        if t.is_zero() {
            0
        } else {
            t.to_string().len() as i64
        }
    };
    // Significant digits: 15 counted from the first non-zero digit.
    let dp = if int_digits > 0 {
        15 - int_digits
    } else {
        // 0.000123: leading zeros after the point do not count.
        let s = d.abs().to_string();
        let frac = s.split('.').nth(1).unwrap_or("");
        let zeros = frac.chars().take_while(|c| *c == '0').count() as i64;
        15 + zeros
    };
    Some(if dp >= 0 {
        d.round_dp_with_strategy(dp.min(28) as u32, RoundingStrategy::MidpointAwayFromZero)
    } else {
        d
    })
}

/// Format sections split on `;` outside quotes, brackets and escapes.
fn split_sections(code: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = code.chars();
    let (mut quoted, mut bracket) = (false, false);
    while let Some(c) = chars.next() {
        let cur = out.last_mut().expect("one section at least");
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '\\' if !quoted => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
                continue;
            }
            ';' if !quoted && !bracket => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out
}

/// One section → its shape, or `None` when it is not a plain number format.
fn parse_section(text: &str) -> Option<Section> {
    let mut sec = Section {
        prefix: String::new(),
        suffix: String::new(),
        decimals: 0,
        thousands: false,
        percent: false,
        own_sign: false,
    };
    let mut chars = text.chars().peekable();
    let mut seen_digit = false;
    let mut after_point = false;
    let literal = |s: &mut Section, c: char, seen: bool| {
        if seen {
            s.suffix.push(c)
        } else {
            s.prefix.push(c)
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '0' | '#' | '?' => {
                if !sec.suffix.is_empty() {
                    return None; // digits after a literal: not a plain number
                }
                seen_digit = true;
                if after_point {
                    sec.decimals += 1;
                }
            }
            '.' if !after_point && chars.peek().is_some_and(|n| matches!(n, '0' | '#' | '?')) => {
                after_point = true;
            }
            '.' => literal(&mut sec, c, seen_digit),
            ',' if seen_digit && !after_point => sec.thousands = true,
            '%' => sec.percent = true,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    literal(&mut sec, q, seen_digit);
                }
            }
            '\\' => {
                let n = chars.next()?;
                if n == '-' || n == '(' {
                    sec.own_sign = true;
                }
                literal(&mut sec, n, seen_digit);
            }
            '[' => {
                // [Red], [$-804], [$¥-804]: colours and locales are not printed,
                // a currency symbol in [$sym-lcid] is.
                let mut tag = String::new();
                for t in chars.by_ref() {
                    if t == ']' {
                        break;
                    }
                    tag.push(t);
                }
                if let Some(cur) = tag.strip_prefix('$') {
                    let sym = cur.split('-').next().unwrap_or("");
                    for ch in sym.chars() {
                        literal(&mut sec, ch, seen_digit);
                    }
                }
            }
            '_' => {
                // _x: a space as wide as x.
                chars.next();
                literal(&mut sec, ' ', seen_digit);
            }
            '*' => {
                chars.next(); // fill character: nothing printed at a fixed width
            }
            '-' | '(' | ')' | ' ' | '+' | '$' | '¥' | '￥' => {
                if c == '-' || c == '(' {
                    sec.own_sign = true;
                }
                literal(&mut sec, c, seen_digit);
            }
            _ => return None, // dates (y m d h s), E+, fractions, @ in a number: not implemented
        }
    }
    seen_digit.then_some(sec)
}

fn group_thousands(digits: &str) -> String {
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::new();
    let n = int.len();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: f64, code: &str) -> String {
        format_number(v, code).unwrap_or_else(|| panic!("{code} not implemented"))
    }

    #[test]
    fn stored_255_675_shows_255_68() {
        assert_eq!(f(255.675, "0.00"), "255.68");
        assert_eq!(f(255.675, "#,##0.00"), "255.68");
        // The double nearest 2.675 is 2.67499999999999982236431605997495353221893310546875:
        // rounding the double itself prints 2.67; its shortest round-trip
        // decimal is 2.675, which rounds to 2.68 as Excel prints it.
        assert_eq!(format!("{:.2}", 2.675_f64), "2.67");
        assert_eq!(f(2.675, "0.00"), "2.68");
        assert_eq!(f(1.005, "0.00"), "1.01");
        assert_eq!(f(-255.675, "0.00"), "-255.68");
    }

    #[test]
    fn plain_shapes() {
        assert_eq!(f(6509.9712, "0.00"), "6509.97");
        assert_eq!(f(1234567.891, "#,##0.00"), "1,234,567.89");
        assert_eq!(f(1234567.0, "#,##0"), "1,234,567");
        assert_eq!(f(0.0, "0.00"), "0.00");
        assert_eq!(f(4.0, "0"), "4");
        assert_eq!(f(2.5, "0"), "3");
        assert_eq!(f(0.1071, "0.00%"), "10.71%");
        assert_eq!(f(1.0, "0%"), "100%");
        assert_eq!(f(0.2079, "0%"), "21%");
        assert_eq!(f(-3.0, "0.00;[Red]-0.00"), "-3.00");
        assert_eq!(f(-3.0, "#,##0.00;(#,##0.00)"), "(3.00)");
        assert_eq!(f(-0.001, "0.00"), "0.00");
        assert_eq!(f(12.5, "0.00_ "), "12.50 ");
        assert_eq!(f(12.5, "[$¥-804]#,##0.00"), "¥12.50");
        assert_eq!(f(12.5, "0.00\"万元\""), "12.50万元");
    }

    #[test]
    fn general_is_shortest_round_trip_at_15_digits() {
        assert_eq!(f(0.1 + 0.2, "General"), "0.3");
        assert_eq!(f(201.0, "General"), "201");
        assert_eq!(f(2010301.0, "General"), "2010301");
        assert_eq!(f(1353.72, "General"), "1353.72");
        assert_eq!(f(0.000123, "General"), "0.000123");
        assert_eq!(f(-7.5, "General"), "-7.5");
        assert_eq!(f(3.0, "@"), "3");
    }

    #[test]
    fn unimplemented_formats_say_so() {
        assert_eq!(format_number(45000.0, "yyyy-mm-dd"), None);
        assert_eq!(format_number(1.5, "0.00E+00"), None);
        assert_eq!(format_number(1.5, "# ?/?"), None);
        assert_eq!(format_number(f64::NAN, "0.00"), None);
    }

    #[test]
    fn builtins() {
        assert_eq!(builtin(2), Some("0.00"));
        assert_eq!(builtin(4), Some("#,##0.00"));
        assert_eq!(builtin(10), Some("0.00%"));
        assert_eq!(builtin(14), None);
    }
}
