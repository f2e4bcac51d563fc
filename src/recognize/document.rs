//! Document-level facts: title, department, year, kind (预算/决算), scope (部门/单位).

use crate::layout::Layout;
use crate::model::{DocumentInfo, TableOut};

pub fn info(_layout: &Layout, _tables: &[TableOut]) -> DocumentInfo {
    DocumentInfo {
        kind: "unknown".into(),
        scope: "unknown".into(),
        ..Default::default()
    }
}
