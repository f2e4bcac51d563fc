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
    /// `docx` | `pdf` | `xlsx` | `xls` | `et` | `doc` | `wps`
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
    pub kind: DocKind,
    pub scope: DocScope,
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
    pub kind: TableKind,
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
    pub side: Option<Side>,
    /// Grid column this value column reads from (added field).
    pub col: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct Record {
    /// The side of a two-sided table the row was read from, else null.
    pub side: Option<Side>,
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
    pub direction: Direction,
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
    pub severity: Severity,
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
    pub status: FileStatus,
    pub error: Option<String>,
    pub ms: u64,
}

/// A closed set of output strings as a Rust enum: `as_str` is the JSON string
/// (serde renames each variant to it), `parse` the inverse, `ALL` every variant.
/// A misspelt variant does not compile, where a misspelt string would silently
/// never match.
macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $v),+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            /// The string written to the JSON.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }
            /// The variant written as `s`, if any.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$v),)+ _ => None }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        /// Unit tests may compare with the JSON string (a misspelt one fails the test).
        #[cfg(test)]
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
        /// Unit tests may build values from the JSON string (a misspelt one panics).
        #[cfg(test)]
        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::parse(s).unwrap_or_else(|| panic!("not a {}: {s:?}", stringify!($name)))
            }
        }
    };
}

str_enum! {
    /// A table's kind: `unknown` (no title, or one the catalog does not know)
    /// or a kind of the table catalog (src/recognize/catalog.rs, tests tie the two).
    #[derive(Default)]
    TableKind {
        RevenueExpenditureSummary = "revenue_expenditure_summary",
        Revenue = "revenue",
        Expenditure = "expenditure",
        FiscalSummary = "fiscal_summary",
        FiscalExpenditure = "fiscal_expenditure",
        FiscalBasicExpenditure = "fiscal_basic_expenditure",
        GeneralBudgetExpenditure = "general_budget_expenditure",
        GeneralBudgetBasicExpenditure = "general_budget_basic_expenditure",
        GeneralBudgetProjectExpenditure = "general_budget_project_expenditure",
        ThreePublic = "three_public",
        GovFundExpenditure = "gov_fund_expenditure",
        StateCapitalExpenditure = "state_capital_expenditure",
        PerformanceTargets = "performance_targets",
        OperatingExpenses = "operating_expenses",
        ThreePublicMeetingTraining = "three_public_meeting_training",
        Procurement = "procurement",
        BasicInfo = "basic_info",
        #[default]
        Unknown = "unknown",
    }
}

str_enum! {
    /// The half of a two-sided table (收支总表: 收入 on the left, 支出 on the right).
    Side {
        Revenue = "revenue",
        Expenditure = "expenditure",
    }
}

str_enum! {
    /// How serious a failed check is.
    Severity {
        Error = "error",
        Warning = "warning",
        // notice: a rounding-level difference (parts in 万元 missing their
        // total by no more than the printed rounding allows).
        Notice = "notice",
    }
}

str_enum! {
    /// The direction of a stated change (比上年增加/减少/持平).
    Direction {
        Increase = "increase",
        Decrease = "decrease",
        Flat = "flat",
    }
}

str_enum! {
    /// What a batch run did with one input file; `skipped`: unchanged since
    /// the run that wrote its output (incremental runs).
    FileStatus {
        Ok = "ok",
        Failed = "failed",
        Skipped = "skipped",
    }
}

str_enum! {
    /// 预算 or 决算.
    #[derive(Default)]
    DocKind {
        Budget = "budget",
        FinalAccount = "final_account",
        #[default]
        Unknown = "unknown",
    }
}

str_enum! {
    /// 部门 (department, consolidated) or 单位 (one unit).
    #[derive(Default)]
    DocScope {
        Department = "department",
        Unit = "unit",
        #[default]
        Unknown = "unknown",
    }
}

#[cfg(test)]
mod enum_tests {
    use super::*;

    /// serde writes exactly `as_str`, and `parse` reads it back, for every variant.
    fn roundtrip<T>(all: &[T], as_str: fn(T) -> &'static str, parse: fn(&str) -> Option<T>)
    where
        T: Copy + Serialize + PartialEq + std::fmt::Debug + for<'de> Deserialize<'de>,
    {
        for &v in all {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{}\"", as_str(v)));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
            assert_eq!(parse(as_str(v)), Some(v));
        }
    }

    #[test]
    fn enums_serialize_to_their_strings() {
        roundtrip(TableKind::ALL, TableKind::as_str, TableKind::parse);
        roundtrip(Side::ALL, Side::as_str, Side::parse);
        roundtrip(Severity::ALL, Severity::as_str, Severity::parse);
        roundtrip(Direction::ALL, Direction::as_str, Direction::parse);
        roundtrip(FileStatus::ALL, FileStatus::as_str, FileStatus::parse);
        roundtrip(DocKind::ALL, DocKind::as_str, DocKind::parse);
        roundtrip(DocScope::ALL, DocScope::as_str, DocScope::parse);
        assert_eq!(TableKind::parse("revenu"), None);
        assert!(serde_json::from_str::<Severity>("\"fatal\"").is_err());
    }
}
