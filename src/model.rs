//! The output contract (`../shared/spec/OUTPUT.md`, schema `gongkai.document/1`) as Rust types.
//!
//! Field order here is the key order of the JSON. Amounts are exact decimal
//! strings (see [`crate::amount`]); nothing in this module is `f64`.

use schemars::JsonSchema;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "gongkai.document/1";
pub const SUMMARY_SCHEMA: &str = "gongkai.summary/1";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct Document {
    pub schema: String,
    pub source: Source,
    pub document: DocumentInfo,
    pub profile: Profile,
    pub tables: Vec<TableOut>,
    pub narrative: Narrative,
    pub checks: Vec<Check>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct Source {
    /// Relative to the input root given on the command line, `/`-separated.
    pub path: String,
    /// `docx` | `pdf`
    pub format: String,
    pub sha256: String,
    pub bytes: u64,
    pub pages: Option<u32>,
    pub producer: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct DocumentInfo {
    pub title: Option<String>,
    pub department: Option<String>,
    pub year: Option<i32>,
    /// `budget` | `final_account` | `unknown`
    pub kind: String,
    /// `department` | `unit` | `unknown`
    pub scope: String,
}

/// What the document states about the body itself; absent keys are not stated.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct Profile {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub divisions: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub staff_authorized: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub staff_actual: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub staff_in_service: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub retired: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub retired_early: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subordinate_units: Option<u32>,
    /// Names of internal divisions (科室) where listed.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub division_names: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct TableOut {
    pub id: String,
    pub number: Option<String>,
    pub title: Option<String>,
    pub kind: String,
    pub unit: Option<String>,
    pub department: Option<String>,
    pub pages: Vec<u32>,
    pub empty: bool,
    pub note: Option<String>,
    pub grid: Grid,
    pub columns: Vec<Column>,
    pub records: Vec<Record>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct Grid {
    pub rows: usize,
    pub cols: usize,
    pub header_rows: usize,
    pub cells: Vec<GridCell>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct GridCell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Column {
    pub key: String,
    pub header: Vec<String>,
    /// `revenue` | `expenditure` in two-sided tables, else null.
    pub side: Option<String>,
    /// Grid column this value column reads from (added field).
    pub col: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct Record {
    pub side: Option<String>,
    pub code: Option<String>,
    pub level: Option<u8>,
    pub name: Option<String>,
    pub values: Values,
    pub total: bool,
    pub row: usize,
    /// Present (possibly null) only in project-expenditure and performance-target tables.
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        with = "present_nullable"
    )]
    #[schemars(with = "Option<String>")]
    pub project: Option<Option<String>>,
    /// The group a record belongs to, present only when printed: the outer
    /// labels of merged row-label cells (`一般公共预算资金` over `小计`), or the
    /// column group of a three-group summary (`功能分类`, `支出用途`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub group: Option<String>,
}

/// Column key → amount string (or text for text columns), in column order.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(from = "serde_json::Map<String, serde_json::Value>")]
pub struct Values(pub Vec<(String, Option<String>)>);

/// In the schema: an object whose values are strings or null (key order is column order).
impl JsonSchema for Values {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Values".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Column key → amount string (or text for text columns), in column order.",
            "type": "object",
            "additionalProperties": {"type": ["string", "null"]}
        })
    }
}

impl Values {
    pub fn get(&self, key: &str) -> Option<&Option<String>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Values {
    fn from(m: serde_json::Map<String, serde_json::Value>) -> Self {
        Values(
            m.into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        serde_json::Value::Null => None,
                        serde_json::Value::String(s) => Some(s),
                        other => Some(other.to_string()),
                    };
                    (k, v)
                })
                .collect(),
        )
    }
}

mod present_nullable {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub fn serialize<S: Serializer>(v: &Option<Option<String>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<String>>, D::Error> {
        Ok(Some(Option::<String>::deserialize(d)?))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct Narrative {
    pub figures: Vec<Figure>,
    pub projects: Vec<Project>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Figure {
    pub key: Option<String>,
    pub label: Option<String>,
    pub value: String,
    /// `元` | `万元` | `亿元` | `%` | a count unit such as `人`, `个`, `台（套）`.
    pub unit: String,
    pub change: Option<Change>,
    pub share_percent: Option<String>,
    pub sentence: String,
    pub section: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Change {
    /// `increase` | `decrease` | `flat`
    pub direction: String,
    pub amount: Option<String>,
    pub percent: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct Project {
    pub name: String,
    pub amount: Option<String>,
    pub unit: Option<String>,
    pub basis: Option<String>,
    pub executor: Option<String>,
    pub period: Option<String>,
    pub allocations: Vec<Allocation>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Allocation {
    pub item: String,
    pub amount: String,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Check {
    pub rule: String,
    /// `error` | `warning`
    pub severity: String,
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub at: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Warning {
    pub code: String,
    pub message: String,
    pub at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Summary {
    pub schema: String,
    pub documents: usize,
    pub ok: usize,
    pub failed: usize,
    /// Unchanged inputs whose output from an earlier run was kept (incremental runs).
    #[serde(default)]
    pub skipped: usize,
    /// Outputs removed because their input disappeared (relative input paths, sorted).
    #[serde(default)]
    pub removed: Vec<String>,
    /// The run was stopped by SIGINT/SIGTERM before every file was done.
    #[serde(default)]
    pub interrupted: bool,
    pub files: Vec<SummaryFile>,
    /// Files that belong to one disclosure (same body, year and kind), see
    /// [`crate::pairing`]. Additive to gongkai.summary/1.
    #[serde(default)]
    pub disclosures: Vec<crate::pairing::Disclosure>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SummaryFile {
    pub path: String,
    /// `ok` | `failed` | `skipped` (unchanged since the run that wrote its output)
    pub status: String,
    pub error: Option<String>,
    pub ms: u64,
}
