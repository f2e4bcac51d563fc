//! Tables: titles → kinds, header paths → column keys, rows → records.

use crate::layout::Layout;
use crate::model::{TableOut, Warning};

pub fn recognize(_layout: &Layout) -> (Vec<TableOut>, Vec<Warning>) {
    (Vec::new(), Vec::new())
}
