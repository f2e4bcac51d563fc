//! `show`: a document's tables and figures as aligned text for a terminal.
//!
//! CJK (East Asian Wide/Fullwidth) characters take two columns; colour
//! (ANSI bold/dim) only when asked for, i.e. when stdout is a terminal.

use crate::model::{Document, TableOut};
use std::fmt::Write;

/// Display columns of one character: 2 for East Asian Wide/Fullwidth, 0 for
/// combining marks and controls, else 1.
pub fn char_width(c: char) -> usize {
    let u = c as u32;
    if u < 0x20 || (0x7f..0xa0).contains(&u) {
        return 0;
    }
    if (0x300..=0x36f).contains(&u) || (0x200b..=0x200f).contains(&u) || u == 0xfeff {
        return 0;
    }
    let wide = matches!(u,
        0x1100..=0x115f
        | 0x2e80..=0x303e
        | 0x3041..=0x33ff
        | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff
        | 0xa000..=0xa4cf
        | 0xac00..=0xd7a3
        | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f
        | 0xff00..=0xff60
        | 0xffe0..=0xffe6
        | 0x1f300..=0x1f64f
        | 0x20000..=0x3fffd);
    if wide { 2 } else { 1 }
}

/// Display columns of a string.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn pad(s: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(display_width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// Rows of cells as aligned text, two spaces between columns; `right[i]`
/// right-aligns column i. Trailing spaces are trimmed.
pub fn grid_text(rows: &[Vec<String>], right: &[bool]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(display_width(c));
        }
    }
    let mut s = String::new();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i], right.get(i).copied().unwrap_or(false)))
            .collect();
        s.push_str(line.join("  ").trim_end());
        s.push('\n');
    }
    s
}

struct Style {
    colour: bool,
}

impl Style {
    fn bold(&self, s: &str) -> String {
        if self.colour {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn dim(&self, s: &str) -> String {
        if self.colour {
            format!("\x1b[2m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// `s` cut to `width` display columns, with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        if w + char_width(c) + 1 > width {
            break;
        }
        w += char_width(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// Display width of the figure label column in [`render`].
const LABEL_WIDTH: usize = 30;

fn one_line(s: &str) -> String {
    s.split('\n').map(str::trim).collect::<Vec<_>>().join(" ")
}

fn looks_numeric(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && crate::amount::parse(t).is_some()
}

/// A table's grid as aligned text: each merged cell printed once in its
/// top-left slot and allowed to run over the columns it spans; numbers
/// right-aligned; a rule under the header rows.
pub fn table_grid(t: &TableOut, colour: bool) -> String {
    let g = &t.grid;
    let (rows, cols) = (g.rows, g.cols);
    if rows == 0 || cols == 0 {
        return String::new();
    }
    let texts: Vec<String> = g.cells.iter().map(|c| one_line(&c.text)).collect();
    // Column widths: single-column cells first, then widen the last column of
    // a merged cell that does not fit its span.
    let mut w = vec![0usize; cols];
    for (c, text) in g.cells.iter().zip(&texts) {
        if c.colspan <= 1 && c.col < cols {
            w[c.col] = w[c.col].max(display_width(text));
        }
    }
    for (c, text) in g.cells.iter().zip(&texts) {
        if c.colspan > 1 && c.col < cols {
            let end = (c.col + c.colspan).min(cols);
            let span: usize = w[c.col..end].iter().sum::<usize>() + 2 * (end - c.col - 1);
            let need = display_width(text);
            if need > span {
                w[end - 1] += need - span;
            }
        }
    }
    // Slot → index of the cell starting there.
    let mut start = vec![vec![None; cols]; rows];
    for (i, c) in g.cells.iter().enumerate() {
        if c.row < rows && c.col < cols {
            start[c.row][c.col] = Some(i);
        }
    }
    // Right-align amounts: in the value columns when known, else numbers with a point.
    let value_cols: Vec<usize> = t.columns.iter().map(|c| c.col).collect();
    let right = |col: usize, text: &str| {
        looks_numeric(text)
            && if value_cols.is_empty() {
                text.contains('.')
            } else {
                value_cols.contains(&col)
            }
    };
    let style = Style { colour };
    let mut s = String::new();
    for (r, row_starts) in start.iter().enumerate() {
        let mut line = String::new();
        let mut col = 0;
        while col < cols {
            let (text, span) = match row_starts[col] {
                Some(i) => {
                    let c = &g.cells[i];
                    (texts[i].as_str(), c.colspan.clamp(1, cols - col))
                }
                None => ("", 1),
            };
            let width: usize = w[col..col + span].iter().sum::<usize>() + 2 * (span - 1);
            if col > 0 {
                line.push_str("  ");
            }
            line.push_str(&pad(text, width, r >= g.header_rows && right(col, text)));
            col += span;
        }
        let line = line.trim_end().to_string();
        if r < g.header_rows {
            s.push_str(&style.bold(&line));
        } else {
            s.push_str(&line);
        }
        s.push('\n');
        if r + 1 == g.header_rows {
            let total: usize = w.iter().sum::<usize>() + 2 * (cols - 1);
            s.push_str(&style.dim(&"─".repeat(total)));
            s.push('\n');
        }
    }
    s
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

/// The whole document as text.
pub fn render(doc: &Document, colour: bool) -> String {
    let st = Style { colour };
    let mut s = String::new();
    let d = &doc.document;
    let _ = writeln!(s, "{}", st.bold(opt(&d.title)));
    let _ = writeln!(s, "department: {}", opt(&d.department));
    let year = d.year.map(|y| y.to_string()).unwrap_or_else(|| "-".into());
    let _ = writeln!(s, "year: {year}   kind: {}   scope: {}", d.kind, d.scope);
    let src = &doc.source;
    let pages = src
        .pages
        .map(|p| format!(", {p} pages"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "source: {} ({}, {} bytes{pages}, producer {})",
        src.path,
        src.format,
        src.bytes,
        opt(&src.producer)
    );
    if let Ok(serde_json::Value::Object(p)) = serde_json::to_value(&doc.profile)
        && !p.is_empty()
    {
        let parts: Vec<String> = p.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(s, "profile: {}", parts.join(", ").replace('"', ""));
    }
    let _ = writeln!(
        s,
        "{} tables, {} figures, {} projects, {} checks, {} warnings",
        doc.tables.len(),
        doc.narrative.figures.len(),
        doc.narrative.projects.len(),
        doc.checks.len(),
        doc.warnings.len()
    );

    for t in &doc.tables {
        s.push('\n');
        let head = [Some(t.id.as_str()), t.number.as_deref(), t.title.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(s, "{}", st.bold(&head));
        let pages = if t.pages.is_empty() {
            String::new()
        } else {
            let p: Vec<String> = t.pages.iter().map(u32::to_string).collect();
            format!("   pages {}", p.join(","))
        };
        let empty = if t.empty { "   (empty table)" } else { "" };
        let _ = writeln!(s, "kind {}   unit {}{pages}{empty}", t.kind, opt(&t.unit));
        if !t.columns.is_empty() {
            let cols: Vec<String> = t
                .columns
                .iter()
                .map(|c| {
                    let side = c.side.map(|x| format!("{x}:")).unwrap_or_default();
                    format!("{side}{}={}", c.key, c.header.join("/"))
                })
                .collect();
            let _ = writeln!(s, "columns: {}", cols.join("  "));
        }
        if let Some(n) = &t.note {
            let _ = writeln!(s, "note: {n}");
        }
        s.push_str(&table_grid(t, colour));
    }

    if !doc.narrative.figures.is_empty() {
        s.push('\n');
        let _ = writeln!(s, "{}", st.bold("figures"));
        let mut rows = vec![
            ["#", "key", "label", "value", "unit", "change", "share %"]
                .map(String::from)
                .to_vec(),
        ];
        for (i, f) in doc.narrative.figures.iter().enumerate() {
            let change = f
                .change
                .as_ref()
                .map(|c| {
                    let mut x = c.direction.to_string();
                    if let Some(a) = &c.amount {
                        x.push(' ');
                        x.push_str(a);
                    }
                    if let Some(p) = &c.percent {
                        let _ = write!(x, " ({p}%)");
                    }
                    x
                })
                .unwrap_or_default();
            rows.push(vec![
                i.to_string(),
                f.key.clone().unwrap_or_default(),
                truncate(
                    &one_line(f.label.as_deref().unwrap_or_default()),
                    LABEL_WIDTH,
                ),
                f.value.clone(),
                f.unit.clone(),
                change,
                f.share_percent.clone().unwrap_or_default(),
            ]);
        }
        s.push_str(&grid_text(
            &rows,
            &[true, false, false, true, false, false, true],
        ));
    }

    if !doc.narrative.projects.is_empty() {
        s.push('\n');
        let _ = writeln!(s, "{}", st.bold("projects"));
        for p in &doc.narrative.projects {
            let _ = writeln!(s, "{}  {} {}", p.name, opt(&p.amount), opt(&p.unit));
            for (label, v) in [
                ("executor", &p.executor),
                ("period", &p.period),
                ("basis", &p.basis),
            ] {
                if let Some(v) = v {
                    let _ = writeln!(s, "  {label}: {}", one_line(v));
                }
            }
            let rows: Vec<Vec<String>> = p
                .allocations
                .iter()
                .map(|a| vec![format!("  {}", a.item), a.amount.clone(), a.unit.clone()])
                .collect();
            s.push_str(&grid_text(&rows, &[false, true, false]));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grid, GridCell};

    #[test]
    fn widths() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("合计"), 4);
        assert_eq!(display_width("（一）"), 6);
        assert_eq!(display_width("２５５．６８"), 12);
        assert_eq!(display_width("a\u{301}"), 1);
        assert_eq!(truncate("一般公共预算拨款", 9), "一般公共…");
        assert_eq!(truncate("abc", 3), "abc");
    }

    #[test]
    fn grid_aligns_cjk_and_merged_cells() {
        let cell = |row, col, colspan, text: &str| GridCell {
            row,
            col,
            rowspan: 1,
            colspan,
            text: text.into(),
        };
        let t = TableOut {
            id: "t1".into(),
            number: None,
            title: None,
            kind: "unknown".into(),
            unit: None,
            department: None,
            pages: vec![],
            empty: false,
            note: None,
            grid: Grid {
                rows: 3,
                cols: 2,
                header_rows: 1,
                cells: vec![
                    cell(0, 0, 2, "部门收入总体情况表"),
                    cell(1, 0, 1, "合计"),
                    cell(1, 1, 1, "5.5"),
                    cell(2, 0, 1, "ab"),
                    cell(2, 1, 1, "255.68"),
                ],
            },
            columns: vec![],
            records: vec![],
        };
        let text = table_grid(&t, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "部门收入总体情况表");
        // The merged title (18 columns) widens the last column: 4 + 2 + 12.
        assert_eq!(display_width(lines[1]), 18);
        assert_eq!(lines[2], format!("合计  {}5.5", " ".repeat(9)));
        assert_eq!(lines[3], format!("ab    {}255.68", " ".repeat(6)));
        assert!(!text.contains('\x1b'));
    }
}
