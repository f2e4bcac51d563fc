//! Glyphs → lines: fake-bold removal, baseline grouping, spacing rules,
//! running headers/footers and page numbers.

use super::{Glyph, Rect};

/// A run of glyphs separated from its neighbours on the same line by a wide
/// gap (≥ ~1 em): a word group, a table cell value in a borderless table.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// Horizontal extent of each space-separated word of `text`, in order
    /// (what a borderless table finder splits a segment at).
    pub words: Vec<(f32, f32)>,
}

/// One text line: glyphs sharing a baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub bbox: Rect,
    /// Median glyph size of the line.
    pub size: f32,
    pub segments: Vec<Segment>,
}

/// Tolerances of glyphs → lines, tuned on the producers of the corpus
/// (WPS, Word, ONLYOFFICE, LibreOffice PDFs; an OCR page uses the same).
#[derive(Debug, Clone, Copy)]
pub struct LineTolerances {
    /// A gap wider than this many em splits a line into segments (and always
    /// gives a space in the line text, whatever the script).
    pub segment_gap_em: f32,
    /// A gap wider than this many em between Latin/digit glyphs gives a space.
    pub word_gap_em: f32,
    /// Glyphs whose vertical centres differ by less than this many em share a
    /// line (CJK and Latin fonts of one line sit at slightly different heights:
    /// ONLYOFFICE puts Latin digits ~0.4 em lower than the CJK glyphs).
    pub baseline_em: f32,
    /// A drawn space glyph gives a space in the text when the gap it sits in is
    /// wider than this many em (zero-width spaces give none).
    pub space_glyph_em: f32,
    /// Two drawings of the same char closer than this (pt, both axes) are one
    /// glyph drawn twice for fake bold.
    pub fake_bold_pt: f32,
    /// See [`fills`]: em left around a wrapped line.
    pub wrap_em: f32,
    /// See [`fills`]: padding (pt, per side) left around a wrapped line.
    pub wrap_pad: f32,
    /// Fraction of the page height, from top and bottom, where running headers,
    /// footers and page numbers live.
    pub margin_band: f32,
}

/// The tolerances in use.
pub const LINES: LineTolerances = LineTolerances {
    segment_gap_em: 1.0,
    word_gap_em: 0.25,
    baseline_em: 0.55,
    space_glyph_em: 0.1,
    fake_bold_pt: 1.0,
    wrap_em: 1.0,
    wrap_pad: 6.0,
    margin_band: 0.12,
};

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F
        | 0x31C0..=0x31EF | 0x3200..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Most letters of the texts are CJK (the gate of the CJK-only table finders: `rules`,
/// `cjk_grid`); false when there is no letter at all.
pub fn mostly_cjk<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut cjk, mut all) = (0usize, 0usize);
    for c in texts
        .into_iter()
        .flat_map(str::chars)
        .filter(|c| c.is_alphabetic())
    {
        all += 1;
        cjk += usize::from(is_cjk(c));
    }
    2 * cjk >= all && all > 0
}

/// A number as a table cell prints it: digits with grouping commas, an optional sign,
/// decimals.
pub fn is_cell_number(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix('-').unwrap_or(t);
    let (int, dec) = t.split_once('.').unwrap_or((t, "0"));
    int.chars().any(|c| c.is_ascii_digit())
        && int.chars().all(|c| c.is_ascii_digit() || c == ',')
        && !dec.is_empty()
        && dec.chars().all(|c| c.is_ascii_digit())
}

fn centre_y(r: &Rect) -> f32 {
    (r.y0 + r.y1) / 2.0
}

/// Drop glyphs drawn again at (almost) the same place for fake bold; keeps
/// the first drawing, preserves drawing order. Control chars are dropped too.
pub fn dedup_glyphs(glyphs: &[Glyph]) -> Vec<Glyph> {
    use std::collections::BTreeMap;
    // Kept glyphs bucketed by (char, 1pt cell): a duplicate lies in one of
    // the 3×3 neighbouring cells.
    let cell = |v: f32| (v / LINES.fake_bold_pt).floor() as i64;
    let mut seen: BTreeMap<(char, i64, i64), Vec<(f32, f32)>> = BTreeMap::new();
    let mut out = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        let finite = [g.bbox.x0, g.bbox.y0, g.bbox.x1, g.bbox.y1, g.size]
            .iter()
            .all(|v| v.is_finite());
        if g.ch.is_control() || !finite {
            continue;
        }
        let (cx, cy) = (cell(g.bbox.x0), cell(g.bbox.y0));
        let dup = !g.ch.is_whitespace()
            && (-1..=1).any(|dx| {
                (-1..=1).any(|dy| {
                    seen.get(&(g.ch, cx + dx, cy + dy)).is_some_and(|v| {
                        v.iter().any(|&(x, y)| {
                            (x - g.bbox.x0).abs() < LINES.fake_bold_pt
                                && (y - g.bbox.y0).abs() < LINES.fake_bold_pt
                        })
                    })
                })
            });
        if dup {
            continue;
        }
        seen.entry((g.ch, cx, cy))
            .or_default()
            .push((g.bbox.x0, g.bbox.y0));
        out.push(*g);
    }
    out
}

/// Group glyphs into lines (top to bottom), each sorted left to right.
pub fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut gs: Vec<&Glyph> = glyphs.iter().collect();
    gs.sort_by(|a, b| {
        centre_y(&a.bbox)
            .total_cmp(&centre_y(&b.bbox))
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    // Each group: (sum of centre y, count, max size, glyphs).
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    let mut cur: Vec<&Glyph> = Vec::new();
    let mut cur_y = 0.0f32;
    let mut cur_size = 0.0f32;
    for g in gs {
        let cy = centre_y(&g.bbox);
        let size = g.size.max(g.bbox.y1 - g.bbox.y0).max(1.0);
        if !cur.is_empty() && (cy - cur_y).abs() <= LINES.baseline_em * cur_size.min(size).max(1.0)
        {
            let n = cur.len() as f32;
            cur_y = (cur_y * n + cy) / (n + 1.0);
            cur_size = cur_size.max(size);
            cur.push(g);
        } else {
            if !cur.is_empty() {
                groups.push(std::mem::take(&mut cur));
            }
            cur_y = cy;
            cur_size = size;
            cur.push(g);
        }
    }
    if !cur.is_empty() {
        groups.push(cur);
    }
    groups.into_iter().filter_map(|g| make_line(g)).collect()
}

fn is_word_char(c: char) -> bool {
    !is_cjk(c) && !c.is_whitespace()
}

fn make_line(mut gs: Vec<&Glyph>) -> Option<Line> {
    gs.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let mut sizes: Vec<f32> = gs.iter().map(|g| g.size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0);
    let mut segments: Vec<Segment> = Vec::new();
    let mut seg = Segment {
        text: String::new(),
        x0: 0.0,
        x1: 0.0,
        words: Vec::new(),
    };
    // Left edge of the word being built.
    let mut word_x0 = 0.0f32;
    let mut pending_space = false;
    let mut prev: Option<&Glyph> = None;
    for g in &gs {
        if g.ch.is_whitespace() {
            pending_space = true;
            continue;
        }
        match prev {
            None => {
                seg.x0 = g.bbox.x0;
                word_x0 = g.bbox.x0;
                pending_space = false;
            }
            Some(p) => {
                let em = p.size.max(g.size).max(1.0);
                let gap = g.bbox.x0 - p.bbox.x1;
                if gap > LINES.segment_gap_em * em {
                    seg.words.push((word_x0, p.bbox.x1));
                    word_x0 = g.bbox.x0;
                    segments.push(std::mem::replace(
                        &mut seg,
                        Segment {
                            text: String::new(),
                            x0: g.bbox.x0,
                            x1: g.bbox.x1,
                            words: Vec::new(),
                        },
                    ));
                } else if ((gap > LINES.word_gap_em * em || pending_space)
                    && is_word_char(p.ch)
                    && is_word_char(g.ch))
                    || (pending_space && gap > LINES.space_glyph_em * em)
                {
                    // A gap between Latin/digit glyphs, or a space drawn as
                    // a glyph that takes room (also between CJK glyphs:
                    // "购置 碎纸机"; a justification gap has no glyph).
                    seg.text.push(' ');
                    seg.words.push((word_x0, p.bbox.x1));
                    word_x0 = g.bbox.x0;
                }
                pending_space = false;
            }
        }
        seg.text.push(g.ch);
        seg.x1 = seg.x1.max(g.bbox.x1);
        prev = Some(g);
    }
    let last = prev?;
    seg.words.push((word_x0, last.bbox.x1));
    segments.push(seg);
    let text = segments
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let bbox = gs.iter().filter(|g| !g.ch.is_whitespace()).fold(
        Rect {
            x0: f32::MAX,
            y0: f32::MAX,
            x1: f32::MIN,
            y1: f32::MIN,
        },
        |r, g| Rect {
            x0: r.x0.min(g.bbox.x0),
            y0: r.y0.min(g.bbox.y0),
            x1: r.x1.max(g.bbox.x1),
            y1: r.y1.max(g.bbox.y1),
        },
    );
    Some(Line {
        text,
        bbox,
        size,
        segments,
    })
}

/// True for a string made only of digits, thousands commas and points.
fn is_amount_part(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// A number with valid thousands grouping: `1,234,567` or `1,234.50`.
fn is_grouped_number(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.chars().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let groups: Vec<&str> = int.split(',').collect();
    groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
}

/// Text of a table cell: its lines joined with `\n`, except that vertical
/// text (≥ 3 lines of one CJK glyph each) is one run, and that an amount
/// wrapped in a narrow cell ("1,234,56" + "7.00") is joined back without a
/// break: both parts are digits, commas and points only, and the join is a
/// correctly grouped number or the first part ends in ',' or '.'. Two
/// stacked plain numbers ("100" / "200", "12.00" / "7.00") stay two lines.
/// `edges`, the cell's left and right edges when known, also join soft
/// wraps of CJK text: a line that [`fills`] the cell and ends in a CJK
/// glyph, followed by a line starting with one, is one run ("可持续影响指" +
/// "标").
pub fn cell_text(lines: &[Line], edges: Option<(f32, f32)>) -> String {
    // Vertical text in a narrow cell: one CJK glyph per line, read as one run.
    let singles = lines
        .iter()
        .filter(|l| {
            let mut cs = l.text.trim().chars();
            cs.next().is_some_and(is_cjk) && cs.next().is_none()
        })
        .count();
    if lines.len() >= 3 && singles == lines.len() {
        return lines.iter().map(|l| l.text.trim()).collect();
    }
    let mut out = String::new();
    let mut prev: Option<&Line> = None;
    for l in lines {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(pl) = prev {
            let p = pl.text.trim();
            let joined_amount = is_amount_part(p)
                && is_amount_part(t)
                && (p.ends_with([',', '.']) || is_grouped_number(&format!("{p}{t}")));
            let soft_wrap = edges.is_some_and(|e| fills(pl, e)) && is_cjk_wrap(p, t);
            if !joined_amount && !soft_wrap {
                out.push('\n');
            }
        }
        out.push_str(t);
        prev = Some(l);
    }
    out
}

/// A line fills the cell between `left` and `right` when the room left on
/// both sides together is less than one glyph advance (an em, or the line's
/// mean advance when it is letter-spaced) plus the cell padding: the next
/// glyph did not fit, whether the text is left-aligned or centred.
pub fn fills(l: &Line, (left, right): (f32, f32)) -> bool {
    let n = l.text.chars().filter(|c| !c.is_whitespace()).count().max(1);
    let advance = ((l.bbox.x1 - l.bbox.x0) / n as f32).max(l.size);
    (l.bbox.x0 - left).max(0.0) + (right - l.bbox.x1).max(0.0)
        < LINES.wrap_em * advance + 2.0 * LINES.wrap_pad
}

/// A wrap between `a` and `b` that Chinese text joins without a break or
/// space: `a` ends and `b` starts with a CJK character or punctuation.
pub fn is_cjk_wrap(a: &str, b: &str) -> bool {
    a.trim_end().chars().last().is_some_and(is_cjk)
        && b.trim_start().chars().next().is_some_and(is_cjk)
}

/// Normalise a line for repeated header/footer detection: digits → '#'.
fn running_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// A page number line: "- 3 -", "—3—", "3", "第 3 页", "第3页 共20页", "3/20".
pub fn is_page_number(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return false;
    }
    let core = t.trim_matches(|c| matches!(c, '-' | '－' | '—' | '–' | '·' | '.'));
    if !core.is_empty() && core.len() <= 4 && core.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if let Some((a, b)) = core.split_once('/')
        && !a.is_empty()
        && !b.is_empty()
        && a.chars().all(|c| c.is_ascii_digit())
        && b.chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    // 第N页 / 第N页共M页 / 共M页第N页
    let stripped: String = core
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, ',' | '，'))
        .collect();
    let has_digit = core.chars().any(|c| c.is_ascii_digit());
    has_digit && matches!(stripped.as_str(), "第页" | "第页共页" | "共页第页" | "页")
}

/// Per page, the indices of lines that are running headers/footers or page
/// numbers (not body text). `pages[i]` are the lines of page i.
pub fn running_lines(pages: &[(f32, &[Line])]) -> Vec<Vec<bool>> {
    let in_band = |h: f32, l: &Line| {
        let cy = centre_y(&l.bbox);
        cy < h * LINES.margin_band || cy > h * (1.0 - LINES.margin_band)
    };
    // Count (key, rounded y) occurrences on distinct pages.
    let mut counts: Vec<(String, f32, usize)> = Vec::new();
    for (h, lines) in pages {
        let mut seen: Vec<usize> = Vec::new();
        for l in lines.iter().filter(|l| in_band(*h, l)) {
            let key = running_key(&l.text);
            let y = centre_y(&l.bbox);
            match counts
                .iter()
                .position(|(k, cy, _)| *k == key && (cy - y).abs() < 3.0)
            {
                Some(i) => {
                    if !seen.contains(&i) {
                        counts[i].2 += 1;
                        seen.push(i);
                    }
                }
                None => {
                    counts.push((key, y, 1));
                    seen.push(counts.len() - 1);
                }
            }
        }
    }
    let n = pages.len();
    let repeated = |l: &Line| {
        if n < 3 {
            return false;
        }
        let key = running_key(&l.text);
        let y = centre_y(&l.bbox);
        counts
            .iter()
            .any(|(k, cy, c)| *k == key && (cy - y).abs() < 3.0 && *c * 2 > n)
    };
    pages
        .iter()
        .map(|(h, lines)| {
            lines
                .iter()
                .map(|l| in_band(*h, l) && (is_page_number(&l.text) || repeated(l)))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn glyph(ch: char, x: f32, y: f32, size: f32) -> Glyph {
        let w = if is_cjk(ch) { size } else { size / 2.0 };
        Glyph {
            ch,
            bbox: Rect {
                x0: x,
                y0: y,
                x1: x + w,
                y1: y + size,
            },
            size,
        }
    }

    fn run(s: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = x;
        for ch in s.chars() {
            let g = glyph(ch, x, y, size);
            x = g.bbox.x1;
            out.push(g);
        }
        out
    }

    #[test]
    fn cjk_no_spaces_latin_gap_space() {
        let mut gs = run("收入预算", 10.0, 100.0, 12.0);
        // Gaps between CJK glyphs (WPS per-glyph positioning) stay unspaced.
        for (i, g) in gs.iter_mut().enumerate() {
            g.bbox.x0 += i as f32 * 2.0;
            g.bbox.x1 += i as f32 * 2.0;
        }
        gs.extend(run("2025", 70.0, 100.5, 12.0));
        gs.extend(run("year", 70.0 + 24.0 + 4.0, 100.0, 12.0));
        let ls = lines(&gs);
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].text, "收入预算2025 year");
    }

    #[test]
    fn wide_gap_splits_segments() {
        let mut gs = run("编制部门：财政局", 50.0, 100.0, 12.0);
        gs.extend(run("单位：元", 400.0, 100.0, 12.0));
        let ls = lines(&gs);
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].segments.len(), 2);
        assert_eq!(ls[0].text, "编制部门：财政局 单位：元");
    }

    #[test]
    fn fake_bold_duplicates_removed() {
        let mut gs = run("合计", 10.0, 10.0, 12.0);
        let dup: Vec<Glyph> = gs
            .iter()
            .map(|g| {
                let mut d = *g;
                d.bbox.x0 += 0.3;
                d.bbox.x1 += 0.3;
                d.bbox.y0 += 0.2;
                d.bbox.y1 += 0.2;
                d
            })
            .collect();
        gs.extend(dup);
        // "11": same char, one width apart: both kept.
        gs.extend(run("11", 50.0, 10.0, 12.0));
        let d = dedup_glyphs(&gs);
        assert_eq!(d.len(), 4);
        assert_eq!(lines(&d)[0].text, "合计 11");
    }

    #[test]
    fn lines_sorted_top_to_bottom() {
        let mut gs = run("第二行", 10.0, 130.0, 12.0);
        gs.extend(run("第一行", 10.0, 100.0, 12.0));
        let ls = lines(&gs);
        let t: Vec<&str> = ls.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(t, ["第一行", "第二行"]);
    }

    #[test]
    fn page_number_patterns() {
        for s in ["- 3 -", "—12—", "7", "第 3 页", "第3页共20页", "3/20"] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["2025年", "合计", "一、", "1,234.00", "第一部分"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn page_numbers_and_running_headers_removed() {
        let mut pages = Vec::new();
        for n in 1..=4u32 {
            let mut gs = run("某某区财政局2025年部门预算", 200.0, 20.0, 9.0);
            gs.extend(run(&format!("正文第{n}页内容"), 60.0, 300.0, 12.0));
            gs.extend(run(&format!("- {n} -"), 290.0, 810.0, 10.5));
            pages.push((842.0f32, lines(&gs)));
        }
        let view: Vec<(f32, &[Line])> = pages.iter().map(|(h, l)| (*h, l.as_slice())).collect();
        let flags = running_lines(&view);
        for ((_, ls), fl) in pages.iter().zip(&flags) {
            let kept: Vec<&str> = ls
                .iter()
                .zip(fl)
                .filter(|(_, f)| !**f)
                .map(|(l, _)| l.text.as_str())
                .collect();
            assert_eq!(kept.len(), 1);
            assert!(kept[0].starts_with("正文第"));
        }
    }

    #[test]
    fn wrapped_amount_joined_in_cell() {
        let mk = |t: &str, y: f32| lines(&run(t, 10.0, y, 10.0)).remove(0);
        let a = [mk("1,234,56", 0.0), mk("7.00", 12.0)];
        assert_eq!(cell_text(&a, None), "1,234,567.00");
        let b = [mk("项目", 0.0), mk("支出", 12.0)];
        assert_eq!(cell_text(&b, None), "项目\n支出");
        let c = [mk("12.00", 0.0), mk("7.00", 12.0)];
        assert_eq!(cell_text(&c, None), "12.00\n7.00");
        let d = [mk("100", 0.0), mk("200", 12.0)];
        assert_eq!(cell_text(&d, None), "100\n200");
        let e = [mk("31,214,205.", 0.0), mk("80", 12.0)];
        assert_eq!(cell_text(&e, None), "31,214,205.80");
        let f = [mk("1,234", 0.0), mk("5,678.00", 12.0)];
        assert_eq!(cell_text(&f, None), "1,234\n5,678.00");
        let v = [
            mk("三", 0.0),
            mk("、", 12.0),
            mk("本", 24.0),
            mk("年", 36.0),
        ];
        assert_eq!(cell_text(&v, None), "三、本年");
        let two = [mk("类", 0.0), mk("款", 12.0)];
        assert_eq!(cell_text(&two, None), "类\n款");
    }

    #[test]
    fn drawn_space_between_cjk_kept_justification_gap_not() {
        // "购置 碎纸机": a space glyph in a 2 pt gap (LibreOffice).
        let mut gs = run("购置", 10.0, 100.0, 9.0);
        gs.push(glyph(' ', 28.0, 100.0, 9.0));
        gs.extend(run("碎纸机", 30.0, 100.0, 9.0));
        assert_eq!(lines(&gs)[0].text, "购置 碎纸机");
        // The same gap without a glyph (WPS justification): no space.
        let mut gs = run("购置", 10.0, 100.0, 9.0);
        gs.extend(run("碎纸机", 32.0, 100.0, 9.0));
        assert_eq!(lines(&gs)[0].text, "购置碎纸机");
        // A zero-width space glyph gives nothing.
        let mut gs = run("购置", 10.0, 100.0, 9.0);
        gs.push(glyph(' ', 28.0, 100.0, 9.0));
        gs.extend(run("碎纸机", 28.2, 100.0, 9.0));
        assert_eq!(lines(&gs)[0].text, "购置碎纸机");
    }

    #[test]
    fn soft_wraps_in_cells() {
        let mk = |t: &str, x: f32, y: f32| lines(&run(t, x, y, 9.0)).remove(0);
        // Left-aligned, cell 100..160 (room for 6 glyphs + padding).
        let wrap = [mk("可持续影响指", 102.8, 0.0), mk("标", 102.8, 11.0)];
        assert_eq!(cell_text(&wrap, Some((100.0, 160.0))), "可持续影响指标");
        // Without edges, or with a line that stops short: a line break.
        assert_eq!(cell_text(&wrap, None), "可持续影响指\n标");
        let short = [mk("项目", 102.8, 0.0), mk("名称", 102.8, 11.0)];
        assert_eq!(cell_text(&short, Some((100.0, 160.0))), "项目\n名称");
        // Centred lines broken by hand: room left on both sides.
        let centred = [mk("事业单位", 112.0, 0.0), mk("经营收入", 112.0, 11.0)];
        assert_eq!(
            cell_text(&centred, Some((100.0, 160.0))),
            "事业单位\n经营收入"
        );
        // Right-aligned amounts fill the cell but are never joined.
        let amounts = [mk("12.00", 135.0, 0.0), mk("7.00", 139.5, 11.0)];
        assert_eq!(cell_text(&amounts, Some((100.0, 160.0))), "12.00\n7.00");
    }
}
