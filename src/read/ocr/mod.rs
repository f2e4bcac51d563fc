//! Scanned PDFs (`extract --ocr`): page images → OCR word boxes and image
//! rulings → the format-neutral [`Page`]s of [`crate::read::page`], so the
//! same line, table and layout builders apply as to a text PDF.
//!
//! Per page: `pdftoppm -gray` renders the page at [`OcrOptions::dpi`] (every
//! image filter — DCT, Flate, CCITT, JBIG2 — and the image's placement are
//! poppler's business, so one path serves every scanner); [`image`] estimates
//! the skew and turns the page straight; [`rulings`] finds the table rulings
//! and paints them white; tesseract reads what is left ([`engine`], TSV with
//! word boxes and confidences); the words of one tesseract line share the
//! line's vertical extent and keep tesseract's order ([`page_of`]).
//!
//! Every page read this way gets a warning `ocr`, the document one more; see
//! `lib::extract_with` for how amounts of a failed check are flagged.

pub mod engine;
pub mod image;
pub mod rulings;

use crate::error::Error;
use crate::layout::{Layout, LayoutHints, Note};
use crate::read::page::{Page, Rect, WordBox, layout};
use std::time::Duration;

/// How scanned pages are read.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrOptions {
    /// tesseract language(s), e.g. `chi_sim` or `chi_sim+eng`.
    pub lang: String,
    /// Rendering resolution of the page images.
    pub dpi: u32,
    /// Time limit of one program run (one page).
    pub page_timeout: Duration,
    /// Words below this confidence (0..=1) are not read as text.
    pub min_confidence: f32,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions {
            lang: "chi_sim".into(),
            dpi: 200,
            page_timeout: Duration::from_secs(300),
            min_confidence: 0.3,
        }
    }
}

/// Skews beyond this are not searched (a scan turned further needs a person).
const MAX_SKEW_DEG: f32 = 3.0;
/// A word with a digit below this confidence (0..=100) is listed in a warning.
const UNSURE_AMOUNT_CONF: f32 = 80.0;

/// One page's OCR result in page space.
pub struct OcrPage {
    pub page: Page,
    pub skew_deg: f32,
    pub words: usize,
    pub mean_conf: f32,
}

/// Build the page from tesseract's words (pixel space) and the rulings found
/// in the image. `scale` = points per pixel. The words of one tesseract line
/// take the line's top and bottom (so a comma or a flat 一 does not leave its
/// line) and are kept left of the next word (tesseract's boxes of CJK words
/// sometimes overlap their neighbour), so their order is tesseract's.
pub fn page_of(
    number: u32,
    width: f32,
    height: f32,
    scale: f32,
    words: &[engine::TsvWord],
    rulings: &[rulings::PxRect],
    min_confidence: f32,
) -> Page {
    let mut boxes = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && words[j].line == words[i].line {
            j += 1;
        }
        let line = &words[i..j];
        let top = line.iter().map(|w| w.top).min().unwrap_or(0);
        let bottom = line.iter().map(|w| w.top + w.height).max().unwrap_or(0);
        for (k, w) in line.iter().enumerate() {
            let mut right = w.left + w.width;
            if let Some(next) = line.get(k + 1)
                && next.left > w.left
            {
                right = right.min(next.left);
            }
            boxes.push(WordBox {
                text: clean_number(&w.text),
                bbox: Rect {
                    x0: w.left as f32 * scale,
                    y0: top as f32 * scale,
                    x1: right.max(w.left + 1) as f32 * scale,
                    y1: bottom as f32 * scale,
                },
                confidence: w.conf / 100.0,
            });
        }
        i = j;
    }
    let mut page = Page::from_words(number, width, height, &boxes, min_confidence);
    page.rulings = rulings
        .iter()
        .map(|r| Rect {
            x0: r.x0 as f32 * scale,
            y0: r.y0 as f32 * scale,
            x1: r.x1 as f32 * scale,
            y1: r.y1 as f32 * scale,
        })
        .collect();
    page
}

/// Marks the OCR engine reads from what is left of an erased ruling beside a
/// cell's text (quotes, a full stop or comma glued to a number).
const RULING_RESIDUE: &[char] = &[
    '\u{201c}', '\u{201d}', '"', '\'', '\u{2018}', '\u{2019}', '\u{3002}', '\u{ff0c}', '|',
];

/// A word that is a number once stray ruling residue is cut from its ends
/// (`”4,200,630.51`, `39,268,344.61。`) loses the residue; any other word is
/// kept as read.
fn clean_number(text: &str) -> String {
    let core = text.trim_matches(RULING_RESIDUE);
    let numeric = core.chars().any(|c| c.is_ascii_digit())
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '%' | '-'));
    if numeric && core.len() < text.len() {
        core.to_string()
    } else {
        text.to_string()
    }
}

/// Add a word `-` for every dash that no OCR word covers (its box widened by
/// half its height each side); how many were added.
fn add_dashes(words: &mut Vec<engine::TsvWord>, dashes: &[rulings::PxRect]) -> usize {
    let mut added = 0;
    for (k, d) in dashes.iter().enumerate() {
        let covered = words.iter().any(|w| {
            let pad = w.height / 2;
            (d.x0 as i64) < w.left + w.width + pad
                && (d.x1 as i64) > w.left - pad
                && (d.y0 as i64) < w.top + w.height + pad
                && (d.y1 as i64) > w.top - pad
        });
        if !covered {
            words.push(engine::TsvWord {
                line: (u32::MAX, k as u32, 0),
                left: d.x0 as i64,
                top: d.y0 as i64,
                width: (d.x1 - d.x0) as i64,
                height: (d.y1 - d.y0) as i64,
                conf: 90.0,
                text: "-".into(),
            });
            added += 1;
        }
    }
    added
}

/// OCR one page image (a PGM) of a page `width × height` points.
pub fn ocr_page(
    dir: &engine::TempDir,
    number: u32,
    width: f32,
    height: f32,
    pgm: &[u8],
    o: &OcrOptions,
) -> Result<OcrPage, Error> {
    let raw = image::Gray::from_pgm(pgm)?;
    let skew = image::skew_degrees(&raw, MAX_SKEW_DEG);
    let mut img = image::rotate(&raw, skew);
    drop(raw);
    let found = rulings::find(&img, &rulings::RulingTolerances::at_dpi(o.dpi));
    rulings::erase(&mut img, &found, (o.dpi as usize).div_ceil(100));
    let tsv = engine::tesseract_tsv(&dir.0, &img.to_pgm(), &o.lang, o.dpi, o.page_timeout)?;
    let mut words = engine::parse_tsv(&tsv);
    let dashes = add_dashes(&mut words, &rulings::find_dashes(&img, o.dpi));
    let scale = width / img.width as f32;
    let mut page = page_of(
        number,
        width,
        height,
        scale,
        &words,
        &found,
        o.min_confidence,
    );
    if dashes > 0 {
        page.warnings.push(Note {
            code: "ocr_dash".into(),
            message: format!("{dashes} lone dash(es) the OCR engine passed over were read from their shape as '-'"),
            at: Some(format!("page {number}")),
        });
    }
    let mean_conf = if words.is_empty() {
        0.0
    } else {
        words.iter().map(|w| w.conf).sum::<f32>() / words.len() as f32
    };
    let unsure: Vec<String> = words
        .iter()
        .filter(|w| w.conf < UNSURE_AMOUNT_CONF && w.text.chars().any(|c| c.is_ascii_digit()))
        .map(|w| format!("{} ({:.0}%)", w.text, w.conf))
        .collect();
    if !unsure.is_empty() {
        page.warnings.push(Note {
            code: "ocr_unsure_number".into(),
            message: format!(
                "{} number(s) read with low OCR confidence: {}",
                unsure.len(),
                unsure.join(", ")
            ),
            at: Some(format!("page {number}")),
        });
    }
    Ok(OcrPage {
        page,
        skew_deg: skew,
        words: words.len(),
        mean_conf,
    })
}

/// Read an image-only PDF by OCR. `pages` are the PDF's pages as the text
/// reader found them (sizes in points, no glyphs).
pub fn read(
    bytes: &[u8],
    pages: &[Page],
    hints: &LayoutHints,
    o: &OcrOptions,
) -> Result<Layout, Error> {
    let version = engine::check_tools(&o.lang)?;
    let dir = engine::TempDir::new()?;
    let pdf = dir.0.join("input.pdf");
    std::fs::write(&pdf, bytes)?;
    let mut done = Vec::with_capacity(pages.len());
    let mut notes = vec![Note {
        code: "ocr".into(),
        message: format!(
            "no text layer: every page was read by OCR ({version}, {}, {} dpi); its text and amounts are OCR readings, not the file's text",
            o.lang, o.dpi
        ),
        at: None,
    }];
    let mut words = 0;
    for p in pages {
        let pgm = engine::render_page(&pdf, p.number, o.dpi, o.page_timeout)?;
        let r = ocr_page(&dir, p.number, p.width, p.height, &pgm, o)?;
        words += r.words;
        let mut page = r.page;
        page.warnings.insert(
            0,
            Note {
                code: "ocr".into(),
                message: format!(
                    "page read by OCR: {} words, mean confidence {:.1}%, skew {:.2}° corrected, {} rulings found",
                    r.words,
                    r.mean_conf,
                    r.skew_deg,
                    page.rulings.len()
                ),
                at: Some(format!("page {}", p.number)),
            },
        );
        done.push(page);
    }
    if words == 0 {
        return Err(Error::Ocr(format!(
            "no text found on any of the {} page image(s)",
            pages.len()
        )));
    }
    let mut out = layout::build(&done, hints);
    notes.append(&mut out.warnings);
    out.warnings = notes;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::engine::TsvWord;
    use super::*;

    fn w(line: u32, left: i64, top: i64, width: i64, height: i64, text: &str) -> TsvWord {
        TsvWord {
            line: (1, 1, line),
            left,
            top,
            width,
            height,
            conf: 95.0,
            text: text.into(),
        }
    }

    #[test]
    fn ruling_residue_is_cut_from_numbers_only() {
        assert_eq!(clean_number("\u{201d}4,200,630.51"), "4,200,630.51");
        assert_eq!(clean_number("39,268,344.61\u{3002}"), "39,268,344.61");
        assert_eq!(clean_number("|12%|"), "12%");
        assert_eq!(clean_number("\u{201c}ab\u{201d}"), "\u{201c}ab\u{201d}");
        assert_eq!(clean_number("\u{201d}"), "\u{201d}");
        assert_eq!(clean_number("1.5"), "1.5");
    }

    #[test]
    fn words_of_a_line_share_its_extent_and_keep_their_order() {
        // a comma box taller than its line, an overlapping CJK word box
        let words = [
            w(1, 100, 200, 60, 30, "ab"),
            w(1, 150, 190, 20, 50, ","),
            w(1, 170, 201, 30, 29, "cd"),
            w(2, 100, 300, 40, 30, "ef"),
        ];
        let p = page_of(1, 595.0, 842.0, 0.5, &words, &[], 0.3);
        let text: String = p.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(text, "ab,cdef");
        // first line: top 190, bottom 240 → 95..120 pt for every glyph
        assert!(
            p.glyphs[..5]
                .iter()
                .all(|g| g.bbox.y0 == 95.0 && g.bbox.y1 == 120.0)
        );
        // "ab" is cut where "," starts: 100..150 px → 50..75 pt, two glyphs
        assert_eq!(p.glyphs[1].bbox.x1, 75.0);
        let l = layout::build(&[p], &crate::recognize::hints::BUDGET);
        assert_eq!(l.paragraph_texts()[0], "ab,cd");
    }
}
