//! JSON Schema (draft 2020-12) of `gongkai.document/1` and `gongkai.summary/1`, generated from the
//! model types (`schemars` derives in `src/model.rs`), committed as `schema/*.schema.json`.
//! `tests/schema.rs` regenerates them and fails when the committed files differ
//! (`GONGKAI_BLESS_SCHEMA=1` rewrites them), and validates every golden document against them.

use crate::model::{Document, SCHEMA, SUMMARY_SCHEMA, Summary};
use serde_json::{Value, json};

/// File names under `schema/`.
pub const DOCUMENT_FILE: &str = "gongkai.document-1.schema.json";
pub const SUMMARY_FILE: &str = "gongkai.summary-1.schema.json";

/// Fields the contract lets be absent (`skip_serializing_if` in src/model.rs): every `Profile`
/// field, `Record.project` and `Record.group`. Every other field is always written (`null` when not stated), so
/// the schema requires it; schemars alone would leave every `Option` field optional.
const MAY_BE_ABSENT: &[(&str, &str)] =
    &[("Profile", "*"), ("Record", "project"), ("Record", "group")];

fn require_present(name: &str, obj: &mut serde_json::Map<String, Value>) {
    let Some(Value::Object(props)) = obj.get("properties") else {
        return;
    };
    let required: Vec<Value> = props
        .keys()
        .filter(|k| {
            !MAY_BE_ABSENT
                .iter()
                .any(|(t, f)| *t == name && (*f == "*" || f == k))
        })
        .map(|k| json!(k))
        .collect();
    if required.is_empty() {
        obj.remove("required");
    } else {
        obj.insert("required".into(), Value::Array(required));
    }
}

fn finish(mut v: Value, id: &str, schema_name: &str, title: &str) -> Value {
    if let Value::Object(m) = &mut v {
        // `$schema` first, then our identification, then what schemars made.
        let mut out = serde_json::Map::new();
        if let Some(s) = m.remove("$schema") {
            out.insert("$schema".into(), s);
        }
        out.insert(
            "$id".into(),
            json!(format!("https://gongkai.invalid/schema/{id}")),
        );
        out.insert("title".into(), json!(title));
        m.remove("title");
        for (k, val) in std::mem::take(m) {
            out.insert(k, val);
        }
        // The `schema` field holds exactly this schema's name.
        if let Some(p) = out
            .get_mut("properties")
            .and_then(|p| p.get_mut("schema"))
            .and_then(Value::as_object_mut)
        {
            p.insert("const".into(), json!(schema_name));
        }
        require_present("", &mut out);
        if let Some(Value::Object(defs)) = out.get_mut("$defs") {
            for (name, def) in defs.iter_mut() {
                if let Value::Object(o) = def {
                    require_present(name, o);
                }
            }
        }
        v = Value::Object(out);
    }
    v
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// The document schema as pretty JSON text (2-space indent, trailing newline).
pub fn document() -> String {
    let v = serde_json::to_value(schemars::schema_for!(Document)).unwrap_or_default();
    pretty(&finish(v, DOCUMENT_FILE, SCHEMA, SCHEMA))
}

/// The batch summary schema as pretty JSON text.
pub fn summary() -> String {
    let v = serde_json::to_value(schemars::schema_for!(Summary)).unwrap_or_default();
    pretty(&finish(v, SUMMARY_FILE, SUMMARY_SCHEMA, SUMMARY_SCHEMA))
}
