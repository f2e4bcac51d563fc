//! The page seam: what a page-based reader produces and the builders that
//! turn pages into a [`Layout`](crate::layout::Layout), independent of the file format.
//!
//! A reader hands over [`Page`]s — visible [`Glyph`]s and thin axis-aligned
//! rulings in page space. The PDF reader interprets content streams into
//! them (`read::pdf`); OCR output (word boxes with a confidence) becomes one
//! with [`Page::from_words`]; any later page-based reader does the same and
//! gets the same builders:
//! - [`text`]: glyphs → lines (baseline tolerance, spaces, running headers/footers);
//! - [`tables`]: rulings → lattice grids, right-aligned amount columns → stream tables;
//! - [`layout`]: tables and paragraphs in reading order, cross-page table merge,
//!   with the template's [`LayoutHints`](crate::layout::LayoutHints).

pub mod cjk_grid;
pub mod layout;
pub mod rules;
pub mod tables;
pub mod text;
pub mod whitespace;

use crate::layout::Note;

/// An axis-aligned rectangle in page space: points, origin at the top-left of
/// the visible page box, y growing downward.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// One visible glyph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub ch: char,
    pub bbox: Rect,
    /// Effective font size in points (PDF: after CTM and Tm; OCR: the box height).
    pub size: f32,
}

/// One page's drawn content, before any layout analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    /// Visible glyphs in drawing order.
    pub glyphs: Vec<Glyph>,
    /// Thin axis-aligned lines (stroked paths and thin filled rectangles),
    /// each either horizontal (`y0≈y1` band) or vertical.
    pub rulings: Vec<Rect>,
    pub warnings: Vec<Note>,
}

/// One recognized word of an OCR engine: its text, its box in page space
/// (points, top-left origin) and the engine's confidence in 0..=1.
#[derive(Debug, Clone, PartialEq)]
pub struct WordBox {
    pub text: String,
    pub bbox: Rect,
    pub confidence: f32,
}

impl Page {
    /// A page from OCR word boxes (rulings, if the engine finds any, are
    /// added by the caller). Each word's characters share its box evenly as
    /// glyphs whose size is the box height; white space inside a word is a
    /// gap, not a glyph. A word below `min_confidence` is not text: it is
    /// dropped, and one `ocr_low_confidence` note counts the dropped words.
    pub fn from_words(
        number: u32,
        width: f32,
        height: f32,
        words: &[WordBox],
        min_confidence: f32,
    ) -> Page {
        let mut glyphs = Vec::new();
        let mut dropped = 0usize;
        for w in words {
            if w.confidence.is_nan() || w.confidence < min_confidence {
                dropped += 1;
                continue;
            }
            let n = w.text.chars().count();
            if n == 0 {
                continue;
            }
            let step = (w.bbox.x1 - w.bbox.x0) / n as f32;
            let size = w.bbox.y1 - w.bbox.y0;
            for (i, ch) in w.text.chars().enumerate() {
                if ch.is_whitespace() {
                    continue;
                }
                let x0 = w.bbox.x0 + step * i as f32;
                glyphs.push(Glyph {
                    ch,
                    bbox: Rect {
                        x0,
                        y0: w.bbox.y0,
                        x1: x0 + step,
                        y1: w.bbox.y1,
                    },
                    size,
                });
            }
        }
        let mut warnings = Vec::new();
        if dropped > 0 {
            warnings.push(Note {
                code: "ocr_low_confidence".into(),
                message: format!(
                    "{dropped} word(s) below confidence {min_confidence} are not read as text"
                ),
                at: Some(format!("page {number}")),
            });
        }
        Page {
            number,
            width,
            height,
            glyphs,
            rulings: Vec::new(),
            warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f32, y0: f32, x1: f32, confidence: f32) -> WordBox {
        WordBox {
            text: text.into(),
            bbox: Rect {
                x0,
                y0,
                x1,
                y1: y0 + 10.0,
            },
            confidence,
        }
    }

    #[test]
    fn word_boxes_become_glyphs_and_low_confidence_words_are_dropped() {
        let words = [
            word("ab c", 100.0, 50.0, 140.0, 0.9),
            word("zz", 200.0, 50.0, 220.0, 0.2),
        ];
        let p = Page::from_words(3, 595.0, 842.0, &words, 0.5);
        let chars: String = p.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(chars, "abc");
        assert_eq!(p.glyphs[1].bbox.x0, 110.0);
        assert_eq!(p.glyphs[2].bbox.x0, 130.0);
        assert!(p.glyphs.iter().all(|g| g.size == 10.0));
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].code, "ocr_low_confidence");
        assert_eq!(p.warnings[0].at.as_deref(), Some("page 3"));
        // NaN confidence is not confident
        let p = Page::from_words(1, 595.0, 842.0, &[word("x", 0.0, 0.0, 5.0, f32::NAN)], 0.5);
        assert!(p.glyphs.is_empty());
    }

    #[test]
    fn ocr_pages_feed_the_same_layout_builder() {
        let words = [
            word("Budget", 60.0, 100.0, 120.0, 0.99),
            word("report", 126.0, 100.0, 186.0, 0.99),
        ];
        let p = Page::from_words(1, 595.0, 842.0, &words, 0.5);
        let l = layout::build(&[p], &crate::recognize::hints::BUDGET);
        assert_eq!(l.paragraph_texts(), ["Budget report"]);
    }
}
