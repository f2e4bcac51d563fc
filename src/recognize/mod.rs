//! `recognize`: [`Layout`] → [`Document`] (without `source` and `checks`).
//!
//! - [`catalog`]: the table catalog as data (kinds, title aliases, column-key aliases).
//! - [`tables`]: table titles → kinds, header rows → column keys, rows → records.
//! - [`narrative`]: narrative text → figures and projects.
//! - [`profile`]: the body's own facts (科室数, 编制数, 实有人数, ...).
//! - [`document`]: title, department, year, kind, scope.
//! - [`hints`]: the template knowledge page readers need ([`crate::layout::LayoutHints`]).

pub mod catalog;
pub mod document;
pub mod hints;
pub mod narrative;
pub mod profile;
pub mod tables;

use crate::layout::Layout;
use crate::model::{self, Document, Warning};

/// Recognize everything in a layout. `source` is left for the caller to fill.
pub fn recognize(layout: &Layout) -> Document {
    let mut warnings: Vec<Warning> = layout
        .warnings
        .iter()
        .map(|n| Warning {
            code: n.code.clone(),
            message: n.message.clone(),
            at: n.at.clone(),
        })
        .collect();
    let (tables, table_warnings) = tables::recognize(layout);
    warnings.extend(table_warnings);
    let paragraphs = layout.paragraph_texts();
    let narrative = narrative::extract(&paragraphs);
    let profile = profile::extract(&paragraphs);
    let info = document::info(layout, &tables);
    Document {
        schema: model::SCHEMA.to_string(),
        source: model::Source::default(),
        document: info,
        profile,
        tables,
        narrative,
        checks: Vec::new(),
        warnings,
    }
}
