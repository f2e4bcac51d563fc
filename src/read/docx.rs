//! DOCX reader: zip + streaming quick-xml over the main document part.
//!
//! Produces [`Block::Paragraph`]s and [`Block::Table`]s in body order. Tables
//! are rebuilt on the grid (`w:tblGrid`, `w:gridSpan`, `w:vMerge`,
//! `w:gridBefore`/`w:gridAfter`), not on cell indexes. The XML is read as a
//! stream of events (no DOM); see the module tests for every construct that
//! is handled.
//!
//! Revisions are read as if accepted: `w:ins`/`w:moveTo` are kept, `w:del`/
//! `w:moveFrom` dropped. Field codes are dropped, field results kept.
//! `mc:AlternateContent` contributes its first `mc:Choice` (or, if it has
//! none, its `mc:Fallback`), never both.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use crate::error::Error;
use crate::layout::{Block, Cell, Layout, Note, Paragraph, Table};

/// Largest decompressed XML part we accept (defends against zip bombs): the
/// largest real disclosure's document.xml is a few MiB, so 64 MiB is generous
/// while keeping a bomb's peak memory low. A declared size past it fails before
/// inflating anything.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Largest span / grid shift we accept from the file (Word allows 63 columns).
const MAX_SPAN: usize = 64;
/// Largest `w:tblGrid` we accept.
const MAX_GRID: usize = 1024;

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const NS_MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const NS_M: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";
const NS_M_STRICT: &str = "http://purl.oclc.org/ooxml/officeDocument/math";

/// Read a .docx file's body into a [`Layout`].
pub fn read(bytes: &[u8]) -> Result<Layout, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Error::LegacyDoc);
    }
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => {
            // A file that starts like a zip but has no readable directory is a
            // damaged zip; anything else is not a zip at all.
            return Err(if bytes.starts_with(b"PK") {
                Error::Corrupt(format!("zip archive: {e}"))
            } else {
                Error::NotZip(e.to_string())
            });
        }
    };
    let mut warnings = Vec::new();
    let doc_path = find_document_part(&mut zip, &mut warnings)?;

    let styles = match styles_path(&doc_path).and_then(|p| find_entry(&zip, &p)) {
        Some(name) => match read_entry(&mut zip, &name).and_then(|b| xml_text(b, &name)) {
            Ok(xml) => match parse_styles(&xml) {
                Ok(s) => s,
                Err(e) => {
                    warnings.push(note(
                        "docx-styles",
                        format!("{name}: {e}; headings from style ids only"),
                    ));
                    Styles::default()
                }
            },
            Err(e) => {
                warnings.push(note("docx-styles", format!("{name}: {e}")));
                Styles::default()
            }
        },
        None => Styles::default(),
    };

    let producer = find_entry(&zip, "docProps/app.xml")
        .and_then(|name| read_entry(&mut zip, &name).ok())
        .and_then(|b| xml_text(b, "docProps/app.xml").ok())
        .and_then(|xml| parse_producer(&xml));

    let xml_bytes = read_entry(&mut zip, &doc_path)?;
    let xml = xml_utf8(xml_bytes, &doc_path)?;
    let mut parser = BodyParser::new(&styles);
    parser.run(&xml, &doc_path)?;
    warnings.append(&mut parser.warnings);
    Ok(Layout {
        blocks: parser.blocks,
        pages: None,
        producer,
        warnings,
    })
}

fn note(code: &str, message: String) -> Note {
    Note {
        code: code.to_string(),
        message,
        at: None,
    }
}

// ---------------------------------------------------------------------------
// zip helpers

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The exact entry name, or a case-insensitive match.
fn find_entry(zip: &Zip<'_>, name: &str) -> Option<String> {
    if zip.index_for_name(name).is_some() {
        return Some(name.to_string());
    }
    zip.file_names()
        .filter_map(|n| n.ok())
        .find(|n| n.eq_ignore_ascii_case(name))
        .map(|n| n.into_owned())
}

fn read_entry(zip: &mut Zip<'_>, name: &str) -> Result<Vec<u8>, Error> {
    let file = zip
        .by_name(name)
        .map_err(|e| Error::Corrupt(format!("{name}: {e}")))?;
    let too_large = || {
        Error::TooLarge(format!(
            "when decompressed: {name} expands past {} MiB (a zip bomb?)",
            MAX_PART_BYTES >> 20
        ))
    };
    if file.size() > MAX_PART_BYTES {
        return Err(too_large());
    }
    let mut out = Vec::with_capacity(file.size() as usize);
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::Corrupt(format!("{name}: {e}")))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(too_large());
    }
    Ok(out)
}

/// Decode an XML part to text: UTF-8 (BOM stripped) or UTF-16 with a BOM.
fn xml_text(bytes: Vec<u8>, name: &str) -> Result<String, Error> {
    let utf16 = |be: bool| -> Result<String, Error> {
        let units = bytes[2..].chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|e| Error::Corrupt(format!("{name}: invalid UTF-16: {e}")))
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return utf16(false);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return utf16(true);
    }
    let mut s = String::from_utf8(bytes)
        .map_err(|e| Error::Corrupt(format!("{name}: invalid UTF-8: {e}")))?;
    if s.starts_with('\u{FEFF}') {
        s.drain(..'\u{FEFF}'.len_utf8());
    }
    Ok(s)
}

/// An XML part as UTF-8 bytes for the streaming reader (which validates
/// UTF-8 itself): BOM stripped, UTF-16 re-encoded.
fn xml_utf8(bytes: Vec<u8>, name: &str) -> Result<Vec<u8>, Error> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return xml_text(bytes, name).map(String::into_bytes);
    }
    let mut bytes = bytes;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    Ok(bytes)
}

/// The main document part: the `officeDocument` relationship target of
/// `_rels/.rels` when it names a WordprocessingML part, else `word/document.xml`.
fn find_document_part(zip: &mut Zip<'_>, warnings: &mut Vec<Note>) -> Result<String, Error> {
    let default = "word/document.xml";
    let target = find_entry(zip, "_rels/.rels")
        .and_then(|n| read_entry(zip, &n).ok())
        .and_then(|b| xml_text(b, "_rels/.rels").ok())
        .and_then(|xml| office_document_target(&xml));
    if let Some(t) = target
        && t != default
    {
        if let Some(name) = find_entry(zip, &t) {
            if name.to_ascii_lowercase().starts_with("word/") || is_wordml_part(zip, &name) {
                return Ok(name);
            }
        } else {
            warnings.push(note(
                "docx-rels",
                format!("_rels/.rels names missing part {t}; using {default}"),
            ));
        }
    }
    find_entry(zip, default).ok_or(Error::MissingDocumentXml)
}

/// `Target` of the relationship whose `Type` ends with `/officeDocument`.
fn office_document_target(rels: &str) -> Option<String> {
    let mut r = quick_xml::Reader::from_str(rels);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                if e.local_name().as_ref() != "Relationship" {
                    continue;
                }
                let ty = attr(&e, "Type")?;
                if !ty.ends_with("/officeDocument") {
                    continue;
                }
                let t = attr(&e, "Target")?;
                let t = t.trim_start_matches("./").trim_start_matches('/');
                return (!t.is_empty()).then(|| t.to_string());
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// Whether `[Content_Types].xml` declares `part` as a WordprocessingML document.
fn is_wordml_part(zip: &mut Zip<'_>, part: &str) -> bool {
    let Some(xml) = find_entry(zip, "[Content_Types].xml")
        .and_then(|n| read_entry(zip, &n).ok())
        .and_then(|b| xml_text(b, "[Content_Types].xml").ok())
    else {
        return false;
    };
    let mut r = quick_xml::Reader::from_str(&xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                if e.local_name().as_ref() != "Override" {
                    continue;
                }
                let name = attr(&e, "PartName").unwrap_or_default();
                if name.trim_start_matches('/').eq_ignore_ascii_case(part) {
                    let ct = attr(&e, "ContentType").unwrap_or_default();
                    return ct.contains("wordprocessingml.document.main")
                        || ct.contains("wordprocessingml.template.main")
                        || ct.contains("ms-word.document.macroEnabled.main")
                        || ct.contains("ms-word.template.macroEnabledTemplate.main");
                }
            }
            Ok(Event::Eof) | Err(_) => return false,
            _ => {}
        }
    }
}

/// `styles.xml` beside the main part (`word/document.xml` → `word/styles.xml`).
fn styles_path(doc_path: &str) -> Option<String> {
    Some(match doc_path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/styles.xml"),
        None => "styles.xml".to_string(),
    })
}

/// `Application` (+ ` ` + `AppVersion`) of `docProps/app.xml`.
fn parse_producer(xml: &str) -> Option<String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut current: Option<&'static str> = None;
    let mut app = String::new();
    let mut ver = String::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                current = match e.local_name().as_ref() {
                    "Application" => Some("a"),
                    "AppVersion" => Some("v"),
                    _ => None,
                };
            }
            Ok(Event::End(_)) => current = None,
            Ok(Event::Text(t)) => push_field(current, &t.xml10_content(), &mut app, &mut ver),
            Ok(Event::GeneralRef(g)) => {
                if let Some(s) = resolve_ref(&g) {
                    push_field(current, &s, &mut app, &mut ver)
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let app = app.trim();
    let ver = ver.trim();
    match (app.is_empty(), ver.is_empty()) {
        (true, _) => None,
        (false, true) => Some(app.to_string()),
        (false, false) => Some(format!("{app} {ver}")),
    }
}

fn push_field(current: Option<&str>, s: &str, app: &mut String, ver: &mut String) {
    match current {
        Some("a") => app.push_str(s),
        Some("v") => ver.push_str(s),
        _ => {}
    }
}

/// Resolve `&name;` / `&#N;`; None for unknown or invalid references.
fn resolve_ref(g: &quick_xml::events::BytesRef<'_>) -> Option<Cow<'static, str>> {
    match g.resolve_char_ref() {
        Ok(Some(c)) => Some(Cow::Owned(c.to_string())),
        Ok(None) => quick_xml::escape::resolve_predefined_entity(g).map(Cow::Borrowed),
        Err(_) => None,
    }
}

/// The value of the attribute with local name `name` (any prefix).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == name {
            return a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned());
        }
    }
    None
}

// ---------------------------------------------------------------------------
// styles.xml → heading levels

#[derive(Debug, Default)]
struct StyleInfo {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    /// `w:numPr/w:numId` in the style: automatic numbering (false for id 0).
    numbered: Option<bool>,
}

/// Paragraph styles by id.
#[derive(Debug, Default)]
struct Styles {
    by_id: BTreeMap<String, StyleInfo>,
}

impl Styles {
    /// Whether a paragraph style carries automatic numbering, following `basedOn`.
    fn numbered(&self, id: &str) -> bool {
        let mut id = id;
        for _ in 0..16 {
            let Some(s) = self.by_id.get(id) else {
                return false;
            };
            if let Some(n) = s.numbered {
                return n;
            }
            match &s.based_on {
                Some(b) => id = b,
                None => return false,
            }
        }
        false
    }

    /// Heading level (1..=9) of a paragraph style, following `basedOn`.
    fn heading(&self, id: &str) -> Option<u8> {
        let mut id = id.to_string();
        for _ in 0..16 {
            let Some(s) = self.by_id.get(&id) else {
                // Unknown style (or no styles.xml): judge by the id itself.
                return heading_from_name(&id);
            };
            if let Some(o) = s.outline {
                return outline_to_level(o);
            }
            if let Some(l) = s.name.as_deref().and_then(heading_from_name) {
                return Some(l);
            }
            match &s.based_on {
                Some(b) => id = b.clone(),
                None => return None,
            }
        }
        None
    }
}

/// `w:outlineLvl` 0..=8 → level 1..=9; 9 means body text.
fn outline_to_level(o: u8) -> Option<u8> {
    (o <= 8).then_some(o + 1)
}

/// `heading 1`, `Heading1`, `标题 1`, `标题1` → 1 (levels 1..=9).
fn heading_from_name(name: &str) -> Option<u8> {
    let n = name.trim();
    let rest = if n.len() >= 7 && n.is_char_boundary(7) && n[..7].eq_ignore_ascii_case("heading") {
        &n[7..]
    } else {
        n.strip_prefix("标题")?
    };
    let rest = rest.trim_start();
    match rest.as_bytes() {
        [d @ b'1'..=b'9'] => Some(d - b'0'),
        _ => None,
    }
}

fn parse_styles(xml: &str) -> Result<Styles, String> {
    let mut r = NsReader::from_str(xml);
    let mut styles = Styles::default();
    let mut cur: Option<(String, StyleInfo)> = None;
    // Local names of open W elements ("" for other namespaces).
    let mut stack: Vec<String> = Vec::new();
    loop {
        let (is_w, ev) = match r.read_resolved_event() {
            Ok((ns, ev)) => (is_w_ns(&ns), ev),
            Err(e) => return Err(format!("{e} at byte {}", r.error_position())),
        };
        let (e, start) = match ev {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(_) => {
                if let Some(top) = stack.pop()
                    && top == "style"
                    && let Some((id, s)) = cur.take()
                {
                    styles.by_id.insert(id, s);
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let local = if is_w {
            e.local_name().as_ref().to_string()
        } else {
            String::new()
        };
        let parent = stack.last().map(String::as_str);
        let in_style = stack.len() >= 2 && stack[stack.len() - 2] == "style";
        match local.as_str() {
            "style" => {
                let ty = attr(&e, "type").unwrap_or_else(|| "paragraph".into());
                cur = if ty == "paragraph" {
                    attr(&e, "styleId").map(|id| (id, StyleInfo::default()))
                } else {
                    None
                };
            }
            "name" if parent == Some("style") => {
                if let Some((_, s)) = cur.as_mut() {
                    s.name = attr(&e, "val");
                }
            }
            "basedOn" if parent == Some("style") => {
                if let Some((_, s)) = cur.as_mut() {
                    s.based_on = attr(&e, "val");
                }
            }
            "outlineLvl" if parent == Some("pPr") && in_style => {
                if let Some((_, s)) = cur.as_mut() {
                    s.outline = attr(&e, "val").and_then(|v| v.trim().parse().ok());
                }
            }
            "numId"
                if parent == Some("numPr")
                    && stack.len() >= 3
                    && stack[stack.len() - 2] == "pPr"
                    && stack[stack.len() - 3] == "style" =>
            {
                if let Some((_, s)) = cur.as_mut() {
                    s.numbered = Some(attr(&e, "val").is_some_and(|v| v.trim() != "0"));
                }
            }
            _ => {}
        }
        if start {
            stack.push(local);
        }
    }
    Ok(styles)
}

fn is_w_ns(ns: &ResolveResult<'_>) -> bool {
    matches!(ns, ResolveResult::Bound(n) if n.0 == NS_W || n.0 == NS_W_STRICT)
}

// ---------------------------------------------------------------------------
// document.xml → blocks

/// The elements the body parser acts on; everything else is transparent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    PPr,
    PStyle,
    OutlineLvl,
    NumPr,
    NumId,
    R,
    RPr,
    Vanish,
    T,
    Tab,
    Br,
    Cr,
    NoBreakHyphen,
    SoftHyphen,
    Sym,
    FldChar,
    Tbl,
    TblGrid,
    GridCol,
    Tr,
    TrPr,
    GridBefore,
    GridAfter,
    Tc,
    TcPr,
    GridSpan,
    VMerge,
    HMerge,
    /// A deletion (`w:del`): dropped, but marks a deleted row inside `w:trPr`.
    Del,
    /// Subtrees whose text is not part of the accepted document.
    Drop,
    AltContent,
    Choice,
    Fallback,
    /// OMML math run and text (`m:r`, `m:t`).
    MathR,
    MathT,
    Other,
}

/// The namespaces the body parser cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NsKind {
    W,
    Mc,
    Math,
    Other,
}

fn ns_kind(uri: &str) -> NsKind {
    match uri {
        NS_W | NS_W_STRICT => NsKind::W,
        NS_MC => NsKind::Mc,
        NS_M | NS_M_STRICT => NsKind::Math,
        _ => NsKind::Other,
    }
}

/// In-scope namespace declarations. Cheaper than `NsReader` for WordML,
/// where nearly all declarations sit on the root and nearly all elements
/// are `w:`: attributes are only scanned when they mention `xmlns`, and the
/// prefix last resolved to WordML is checked first.
#[derive(Debug, Default)]
struct Namespaces {
    /// (element depth, prefix ("" = default namespace), namespace).
    decls: Vec<(usize, String, NsKind)>,
    /// A prefix known to resolve to WordML under the current declarations.
    w_prefix: Option<String>,
}

impl Namespaces {
    /// Record the declarations of an element opened at `depth`.
    fn declare(&mut self, e: &BytesStart<'_>, depth: usize) {
        if !e.attributes_raw().contains("xmlns") {
            return;
        }
        for a in e.attributes().with_checks(false).flatten() {
            let key = a.key.as_ref();
            let prefix = if key == "xmlns" {
                ""
            } else if let Some(p) = key.strip_prefix("xmlns:") {
                p
            } else {
                continue;
            };
            let uri = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap_or_default();
            self.decls
                .push((depth, prefix.to_string(), ns_kind(uri.trim())));
            self.w_prefix = None;
        }
    }

    /// Forget the declarations of elements deeper than `depth`.
    fn close_to(&mut self, depth: usize) {
        while self.decls.last().is_some_and(|d| d.0 > depth) {
            self.decls.pop();
            self.w_prefix = None;
        }
    }

    /// The namespace of a prefix ("" for an unprefixed name).
    fn kind(&mut self, prefix: &str) -> NsKind {
        if self.w_prefix.as_deref() == Some(prefix) {
            return NsKind::W;
        }
        let kind = self
            .decls
            .iter()
            .rev()
            .find(|d| d.1 == prefix)
            .map_or(NsKind::Other, |d| d.2);
        if kind == NsKind::W {
            self.w_prefix = Some(prefix.to_string());
        }
        kind
    }
}

fn classify(ns: NsKind, local: &str) -> Tag {
    if ns == NsKind::W {
        match local {
            "p" => Tag::P,
            "pPr" => Tag::PPr,
            "pStyle" => Tag::PStyle,
            "outlineLvl" => Tag::OutlineLvl,
            "numPr" => Tag::NumPr,
            "numId" => Tag::NumId,
            "r" => Tag::R,
            "rPr" => Tag::RPr,
            "vanish" => Tag::Vanish,
            "t" => Tag::T,
            "tab" | "ptab" => Tag::Tab,
            "br" => Tag::Br,
            "cr" => Tag::Cr,
            "noBreakHyphen" => Tag::NoBreakHyphen,
            "softHyphen" => Tag::SoftHyphen,
            "sym" => Tag::Sym,
            "fldChar" => Tag::FldChar,
            "tbl" => Tag::Tbl,
            "tblGrid" => Tag::TblGrid,
            "gridCol" => Tag::GridCol,
            "tr" => Tag::Tr,
            "trPr" => Tag::TrPr,
            "gridBefore" => Tag::GridBefore,
            "gridAfter" => Tag::GridAfter,
            "tc" => Tag::Tc,
            "tcPr" => Tag::TcPr,
            "gridSpan" => Tag::GridSpan,
            "vMerge" => Tag::VMerge,
            "hMerge" => Tag::HMerge,
            "del" => Tag::Del,
            // Deleted / moved-away content, field codes, ruby annotations and
            // the "before" state of tracked property changes.
            "moveFrom" | "delText" | "instrText" | "delInstrText" | "rt" => Tag::Drop,
            _ if local.ends_with("Change") => Tag::Drop,
            _ => Tag::Other,
        }
    } else if ns == NsKind::Mc {
        match local {
            "AlternateContent" => Tag::AltContent,
            "Choice" => Tag::Choice,
            "Fallback" => Tag::Fallback,
            _ => Tag::Other,
        }
    } else if ns == NsKind::Math {
        match local {
            "r" => Tag::MathR,
            "t" => Tag::MathT,
            _ => Tag::Other,
        }
    } else {
        Tag::Other
    }
}

#[derive(Debug, Default)]
struct ParaB {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    /// Direct `w:numPr/w:numId` (false for id 0, which switches numbering off).
    numbered: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

#[derive(Debug, Default)]
struct CellB {
    colspan: usize,
    vmerge: Merge,
    hmerge: Merge,
    /// Paragraph texts (and flattened nested tables).
    paras: Vec<String>,
}

#[derive(Debug, Default)]
struct RowB {
    grid_before: usize,
    grid_after: usize,
    deleted: bool,
    cells: Vec<CellB>,
}

#[derive(Debug, Default)]
struct TableB {
    grid_cols: usize,
    rows: Vec<RowB>,
    row: Option<RowB>,
    cell: Option<CellB>,
}

impl TableB {
    fn finish_cell(&mut self) {
        if let Some(c) = self.cell.take() {
            let row = self.row.get_or_insert_with(RowB::default);
            row.cells.push(c);
        }
    }

    fn finish_row(&mut self) {
        self.finish_cell();
        if let Some(r) = self.row.take() {
            self.rows.push(r);
        }
    }

    /// Lay the rows out on the grid and resolve merges.
    fn build(mut self, at: &str, warnings: &mut Vec<Note>) -> Table {
        self.finish_row();
        let rows: Vec<RowB> = self.rows.into_iter().filter(|r| !r.deleted).collect();
        let mut cells: Vec<Cell> = Vec::new();
        let mut cols = self.grid_cols;
        // For each grid column, the index of the cell covering it in the previous row.
        let mut prev_owner: Vec<Option<usize>> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut owner: Vec<Option<usize>> = Vec::new();
            let mut c = row.grid_before;
            let mut last: Option<usize> = None;
            for cb in &row.cells {
                let span = cb.colspan.clamp(1, MAX_SPAN);
                // Empty paragraphs count as lines, except trailing ones (Word
                // ends every cell with a paragraph, e.g. after a nested table).
                let keep = cb
                    .paras
                    .iter()
                    .rposition(|p| !p.is_empty())
                    .map_or(0, |i| i + 1);
                let text = cb.paras[..keep].join("\n");
                let mut merged_into: Option<usize> = None;
                if cb.hmerge == Merge::Continue
                    && let Some(i) = last
                {
                    // Legacy horizontal merge: widen the cell to the left.
                    cells[i].colspan += span;
                    merged_into = Some(i);
                } else if cb.vmerge == Merge::Continue
                    && let Some(Some(i)) = prev_owner.get(c).copied()
                    && cells[i].col == c
                    && cells[i].row + cells[i].rowspan == r
                {
                    cells[i].rowspan += 1;
                    merged_into = Some(i);
                }
                let idx = match merged_into {
                    Some(i) => {
                        if !text.trim().is_empty() {
                            warnings.push(Note {
                                code: "docx-merged-text".into(),
                                message: format!(
                                    "text {:?} in a merged-away cell (row {}, column {}) dropped",
                                    text,
                                    r + 1,
                                    c + 1
                                ),
                                at: Some(at.to_string()),
                            });
                        }
                        i
                    }
                    None => {
                        cells.push(Cell {
                            row: r,
                            col: c,
                            rowspan: 1,
                            colspan: span,
                            text,
                        });
                        cells.len() - 1
                    }
                };
                if owner.len() < c + span {
                    owner.resize(c + span, None);
                }
                for o in &mut owner[c..c + span] {
                    *o = Some(idx);
                }
                last = Some(idx);
                c += span;
            }
            cols = cols.max(c + row.grid_after);
            prev_owner = owner;
        }
        Table {
            rows: rows.len(),
            cols,
            cells,
            pages: Vec::new(),
        }
    }
}

/// A nested table as text: one line per row, cells separated by `\t`.
fn flatten(t: &Table) -> String {
    let mut lines: Vec<String> = Vec::with_capacity(t.rows);
    let mut i = 0;
    for r in 0..t.rows {
        let mut parts: Vec<String> = Vec::new();
        while i < t.cells.len() && t.cells[i].row == r {
            parts.push(t.cells[i].text.replace('\n', " "));
            i += 1;
        }
        lines.push(parts.join("\t"));
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

struct BodyParser<'s> {
    styles: &'s Styles,
    blocks: Vec<Block>,
    warnings: Vec<Note>,
    /// Open elements the parser acts on (transparent ones are `Other`).
    stack: Vec<Tag>,
    paras: Vec<ParaB>,
    tables: Vec<TableB>,
    /// Open `mc:AlternateContent`s: whether a branch was already taken.
    alt: Vec<bool>,
    /// Open complex fields: `true` while in the field code (before `separate`).
    fields: Vec<bool>,
    /// Depth inside a dropped subtree (0 = not dropping).
    skip: usize,
    /// Tables delivered to the body so far.
    body_tables: usize,
    /// Open runs: whether each is hidden (`w:vanish`).
    runs: Vec<bool>,
    /// Paragraphs with automatic numbering (whose labels are not in the text).
    numbered: usize,
    numbered_example: Option<String>,
}

impl<'s> BodyParser<'s> {
    fn new(styles: &'s Styles) -> Self {
        BodyParser {
            styles,
            blocks: Vec::new(),
            warnings: Vec::new(),
            stack: Vec::with_capacity(64),
            paras: Vec::new(),
            tables: Vec::new(),
            alt: Vec::new(),
            fields: Vec::new(),
            skip: 0,
            body_tables: 0,
            runs: Vec::new(),
            numbered: 0,
            numbered_example: None,
        }
    }

    fn run(&mut self, xml: &[u8], part: &str) -> Result<(), Error> {
        let mut r = quick_xml::Reader::from_reader(xml);
        let mut ns = Namespaces::default();
        // Depth of open elements (all of them, dropped subtrees included).
        let mut depth = 0usize;
        let corrupt = |e: &dyn std::fmt::Display, pos: u64| {
            Error::Corrupt(format!("{part}: malformed XML at byte {pos}: {e}"))
        };
        loop {
            let ev = match r.read_event() {
                Ok(ev) => ev,
                Err(e) => return Err(corrupt(&e, r.error_position())),
            };
            let tag = match &ev {
                Event::Start(e) | Event::Empty(e) if self.skip == 0 => {
                    ns.declare(e, depth + 1);
                    let name = e.name();
                    let kind = ns.kind(name.prefix().as_ref().map_or("", |p| p.as_ref()));
                    classify(kind, e.local_name().as_ref())
                }
                _ => Tag::Other,
            };
            match &ev {
                Event::Start(_) => depth += 1,
                Event::Empty(_) => ns.close_to(depth),
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    ns.close_to(depth);
                }
                _ => {}
            }
            match ev {
                Event::Start(e) => {
                    if self.skip > 0 {
                        self.skip += 1;
                    } else if self.dropped(tag) {
                        self.skip = 1;
                    } else {
                        self.open(tag, &e);
                        self.stack.push(tag);
                    }
                }
                Event::Empty(e) if self.skip == 0 && !self.dropped(tag) => {
                    self.open(tag, &e);
                    self.stack.push(tag);
                    self.close();
                }
                Event::End(_) => {
                    if self.skip > 0 {
                        self.skip -= 1;
                    } else {
                        self.close();
                    }
                }
                Event::Text(t) if self.in_text() => {
                    let s = t.xml10_content();
                    self.push_text(&s);
                }
                Event::CData(c) if self.in_text() => {
                    let s = c.xml10_content();
                    self.push_text(&s);
                }
                Event::GeneralRef(g) if self.in_text() => match resolve_ref(&g) {
                    Some(s) => self.push_text(&s),
                    None => {
                        return Err(corrupt(
                            &format!("unknown or invalid reference &{};", &*g),
                            r.buffer_position(),
                        ));
                    }
                },
                Event::Eof => {
                    if !self.stack.is_empty() || self.skip > 0 {
                        return Err(Error::Corrupt(format!(
                            "{part}: XML ends before its elements are closed (truncated?)"
                        )));
                    }
                    break;
                }
                _ => {}
            }
        }
        if self.blocks.is_empty() && xml.trim_ascii().is_empty() {
            return Err(Error::Corrupt(format!("{part} is empty")));
        }
        if self.numbered > 0 {
            self.warnings.push(note(
                "docx-numbering",
                format!(
                    "{} paragraph(s) use automatic numbering (first: {:?}); their list labels \
                     (一、, 1., （一）...) are not part of the text",
                    self.numbered,
                    self.numbered_example.as_deref().unwrap_or("")
                ),
            ));
        }
        Ok(())
    }

    /// Whether a just-opened element's whole subtree is dropped. Updates the
    /// `mc:AlternateContent` bookkeeping and deleted-row marks.
    fn dropped(&mut self, tag: Tag) -> bool {
        match tag {
            Tag::Drop => true,
            Tag::Del => {
                if self.parent() == Some(Tag::TrPr)
                    && let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut())
                {
                    row.deleted = true;
                }
                true
            }
            Tag::Choice | Tag::Fallback => match self.alt.last_mut() {
                Some(taken) if *taken => true,
                Some(taken) => {
                    *taken = true;
                    false
                }
                None => false,
            },
            _ => false,
        }
    }

    fn parent(&self) -> Option<Tag> {
        self.stack.last().copied()
    }

    fn in_text(&self) -> bool {
        self.skip == 0 && matches!(self.parent(), Some(Tag::T) | Some(Tag::MathT))
    }

    fn in_run(&self) -> bool {
        self.parent() == Some(Tag::R)
    }

    fn push_text(&mut self, s: &str) {
        if self.fields.iter().any(|&code| code) || self.runs.last() == Some(&true) {
            return;
        }
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
        }
    }

    fn push_char(&mut self, c: char) {
        if self.in_run() {
            let mut b = [0u8; 4];
            self.push_text(c.encode_utf8(&mut b));
        }
    }

    fn open(&mut self, tag: Tag, e: &BytesStart<'_>) {
        match tag {
            Tag::P => self.paras.push(ParaB::default()),
            Tag::R => self.runs.push(false),
            Tag::Vanish
                if self.parent() == Some(Tag::RPr)
                    && self.stack.len() >= 2
                    && self.stack[self.stack.len() - 2] == Tag::R =>
            {
                let on = !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"));
                if let Some(h) = self.runs.last_mut() {
                    *h = on;
                }
            }
            Tag::PStyle if self.parent() == Some(Tag::PPr) => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(e, "val");
                }
            }
            Tag::OutlineLvl if self.parent() == Some(Tag::PPr) => {
                if let Some(p) = self.paras.last_mut() {
                    p.outline = attr(e, "val").and_then(|v| v.trim().parse().ok());
                }
            }
            Tag::NumId
                if self.parent() == Some(Tag::NumPr)
                    && self.stack.len() >= 2
                    && self.stack[self.stack.len() - 2] == Tag::PPr =>
            {
                if let Some(p) = self.paras.last_mut() {
                    p.numbered = Some(attr(e, "val").is_some_and(|v| v.trim() != "0"));
                }
            }
            Tag::Tab => self.push_char('\t'),
            Tag::Br | Tag::Cr => self.push_char('\n'),
            Tag::NoBreakHyphen => self.push_char('-'),
            Tag::SoftHyphen => {}
            Tag::Sym => {
                if let Some(c) = attr(e, "char").and_then(|v| sym_char(&v)) {
                    self.push_char(c);
                }
            }
            Tag::FldChar => match attr(e, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(true),
                Some("separate") => {
                    if let Some(top) = self.fields.last_mut() {
                        *top = false;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            Tag::Tbl => self.tables.push(TableB::default()),
            Tag::GridCol if self.parent() == Some(Tag::TblGrid) => {
                if let Some(t) = self.tables.last_mut() {
                    t.grid_cols = (t.grid_cols + 1).min(MAX_GRID);
                }
            }
            Tag::Tr => {
                if let Some(t) = self.tables.last_mut() {
                    t.finish_row();
                    t.row = Some(RowB::default());
                }
            }
            Tag::GridBefore | Tag::GridAfter if self.parent() == Some(Tag::TrPr) => {
                let n = int_val(e).min(MAX_SPAN);
                if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    if tag == Tag::GridBefore {
                        row.grid_before = n;
                    } else {
                        row.grid_after = n;
                    }
                }
            }
            Tag::Tc => {
                if let Some(t) = self.tables.last_mut() {
                    t.finish_cell();
                    t.cell = Some(CellB {
                        colspan: 1,
                        ..CellB::default()
                    });
                }
                // Fields never span cells: forget any left open.
                self.fields.clear();
            }
            Tag::GridSpan | Tag::VMerge | Tag::HMerge if self.parent() == Some(Tag::TcPr) => {
                let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) else {
                    return;
                };
                match tag {
                    Tag::GridSpan => cell.colspan = int_val(e).clamp(1, MAX_SPAN),
                    _ => {
                        let m = match attr(e, "val").as_deref() {
                            Some("restart") => Merge::Restart,
                            _ => Merge::Continue,
                        };
                        if tag == Tag::VMerge {
                            cell.vmerge = m;
                        } else {
                            cell.hmerge = m;
                        }
                    }
                }
            }
            Tag::AltContent => self.alt.push(false),
            _ => {}
        }
    }

    fn close(&mut self) {
        let Some(tag) = self.stack.pop() else {
            return;
        };
        match tag {
            Tag::P => {
                if let Some(p) = self.paras.pop() {
                    self.deliver_paragraph(p);
                }
            }
            Tag::R => {
                self.runs.pop();
            }
            Tag::Tc => {
                if let Some(t) = self.tables.last_mut() {
                    t.finish_cell();
                }
                self.fields.clear();
            }
            Tag::Tr => {
                if let Some(t) = self.tables.last_mut() {
                    t.finish_row();
                }
            }
            Tag::Tbl => {
                if let Some(t) = self.tables.pop() {
                    let n = self.body_tables + 1;
                    let at = if self.tables.is_empty() {
                        format!("table {n}")
                    } else {
                        format!("table nested in table {n}")
                    };
                    let table = t.build(&at, &mut self.warnings);
                    self.deliver_table(table);
                }
            }
            Tag::AltContent => {
                self.alt.pop();
            }
            _ => {}
        }
    }

    /// The open cell of the innermost table, if any.
    fn open_cell(&mut self) -> Option<&mut CellB> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut())
    }

    fn deliver_paragraph(&mut self, p: ParaB) {
        if !p.text.trim().is_empty()
            && p.numbered
                .unwrap_or_else(|| p.style.as_deref().is_some_and(|s| self.styles.numbered(s)))
        {
            self.numbered += 1;
            if self.numbered_example.is_none() {
                self.numbered_example = Some(p.text.chars().take(30).collect());
            }
        }
        if let Some(cell) = self.open_cell() {
            cell.paras.push(p.text);
            return;
        }
        if p.text.trim().is_empty() {
            return;
        }
        let heading = match p.outline {
            Some(o) => outline_to_level(o),
            None => p.style.as_deref().and_then(|s| self.styles.heading(s)),
        };
        self.blocks.push(Block::Paragraph(Paragraph {
            text: p.text,
            heading,
            page: None,
        }));
    }

    fn deliver_table(&mut self, table: Table) {
        if let Some(cell) = self.open_cell() {
            let text = flatten(&table);
            if !text.is_empty() {
                cell.paras.push(text);
            }
            return;
        }
        if table.rows > 0 {
            self.body_tables += 1;
            self.blocks.push(Block::Table(table));
        }
    }
}

/// Integer `w:val` (0 when absent or unparsable).
fn int_val(e: &BytesStart<'_>) -> usize {
    attr(e, "val")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
}

/// `w:sym w:char` (hex) → a character, unless it is a symbol-font private-use
/// code (`F020`..., Wingdings etc.) or not a character at all.
fn sym_char(hex: &str) -> Option<char> {
    let code = u32::from_str_radix(hex.trim(), 16).ok()?;
    let c = char::from_u32(code)?;
    let private = (0xE000..=0xF8FF).contains(&code) || code >= 0xF0000;
    (!private && !c.is_control()).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::CompressionMethod;
    use zip::write::{SimpleFileOptions, ZipWriter};

    const NS: &str = concat!(
        r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
        r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
        r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
        r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
        r#"xmlns:v="urn:schemas-microsoft-com:vml" "#,
        r#"xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#
    );

    fn zip_parts(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, text) in parts {
            w.start_file(*name, opts).unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body></w:document>"#
        )
    }

    fn docx(body: &str) -> Vec<u8> {
        zip_parts(&[("word/document.xml", &document(body))])
    }

    fn read_body(body: &str) -> Layout {
        read(&docx(body)).expect("reads")
    }

    fn p(text: &str) -> String {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    fn tc(inner: &str) -> String {
        format!("<w:tc>{inner}</w:tc>")
    }

    fn tcp(props: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    fn grid(n: usize) -> String {
        let cols: String = (0..n).map(|_| r#"<w:gridCol w:w="1000"/>"#).collect();
        format!("<w:tblGrid>{cols}</w:tblGrid>")
    }

    fn tbl(parts: &[String]) -> String {
        format!("<w:tbl>{}</w:tbl>", parts.concat())
    }

    fn texts(l: &Layout) -> Vec<String> {
        l.paragraph_texts().into_iter().map(String::from).collect()
    }

    fn tables(l: &Layout) -> Vec<&Table> {
        l.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    /// (row, col, rowspan, colspan, text) of every cell.
    fn cells(t: &Table) -> Vec<(usize, usize, usize, usize, &str)> {
        t.cells
            .iter()
            .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.as_str()))
            .collect()
    }

    #[test]
    fn paragraphs_in_order_and_blank_ones_dropped() {
        let l = read_body(&format!(
            "{}<w:p/>{}<w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>{}",
            p("一、部门职责"),
            p("  leading and trailing  "),
            p("末")
        ));
        assert_eq!(
            texts(&l),
            vec!["一、部门职责", "  leading and trailing  ", "末"]
        );
        assert_eq!(l.pages, None);
        assert_eq!(l.producer, None);
    }

    #[test]
    fn runs_concatenate_and_entities_decode() {
        let l = read_body(
            r#"<w:p><w:r><w:t>收入&amp;支出 &lt;合计&gt; &#x4E00;&#20108;</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> 1,234.50 </w:t></w:r></w:p>"#,
        );
        assert_eq!(texts(&l), vec!["收入&支出 <合计> 一二 1,234.50 "]);
    }

    #[test]
    fn special_run_content() {
        let l = read_body(concat!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>"#,
            r#"<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r>"#,
            r#"<w:r><w:t>e</w:t><w:noBreakHyphen/><w:t>f</w:t><w:softHyphen/><w:t>g</w:t></w:r>"#,
            r#"<w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="Symbol" w:char="2192"/><w:sym w:char="zz"/></w:r>"#,
            r#"</w:p>"#
        ));
        assert_eq!(texts(&l), vec!["a\tb\nc\nde-fg→"]);
    }

    #[test]
    fn headings_from_styles_outline_and_ids() {
        let styles = format!(
            r#"<?xml version="1.0"?><w:styles {NS}>
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="mine"><w:name w:val="My heading"/><w:basedOn w:val="a5"/></w:style>
            <w:style w:type="paragraph" w:styleId="body"><w:name w:val="Body"/><w:basedOn w:val="1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
            <w:style w:type="character" w:styleId="Heading3"><w:name w:val="heading 3"/></w:style>
            </w:styles>"#
        );
        let sp = |style: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            sp("1", "h1"),
            sp("a5", "h2"),
            sp("mine", "based"),
            sp("body", "outline9"),
            sp("Heading3", "id only"),
            r#"<w:p><w:pPr><w:pStyle w:val="1"/><w:outlineLvl w:val="3"/></w:pPr><w:r><w:t>direct</w:t></w:r></w:p>"#.into(),
            p("plain"),
        ]
        .concat();
        let bytes = zip_parts(&[
            ("word/document.xml", &document(&body)),
            ("word/styles.xml", &styles),
        ]);
        let l = read(&bytes).unwrap();
        let got: Vec<(String, Option<u8>)> = l
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => (p.text.clone(), p.heading),
                Block::Table(_) => panic!("no tables here"),
            })
            .collect();
        let want: Vec<(String, Option<u8>)> = vec![
            ("h1".into(), Some(1)),
            ("h2".into(), Some(2)),
            ("based".into(), Some(2)),
            ("outline9".into(), None),
            ("id only".into(), Some(3)),
            ("direct".into(), Some(4)),
            ("plain".into(), None),
        ];
        assert_eq!(got, want);
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }

    #[test]
    fn automatic_numbering_is_reported_not_invented() {
        let styles = format!(
            r#"<w:styles {NS}><w:style w:type="paragraph" w:styleId="List"><w:name w:val="list"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Sub"><w:basedOn w:val="List"/></w:style></w:styles>"#
        );
        let body = concat!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>部门职责</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Sub"/></w:pPr><w:r><w:t>styled</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="List"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>off</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>plain</w:t></w:r></w:p>"#,
        );
        let bytes = zip_parts(&[
            ("word/document.xml", &document(body)),
            ("word/styles.xml", &styles),
        ]);
        let l = read(&bytes).unwrap();
        assert_eq!(texts(&l), vec!["部门职责", "styled", "off", "plain"]);
        assert_eq!(l.warnings.len(), 1);
        assert_eq!(l.warnings[0].code, "docx-numbering");
        assert!(l.warnings[0].message.starts_with("2 paragraph(s)"));
        assert!(l.warnings[0].message.contains("部门职责"));
    }

    #[test]
    fn grid_span_and_grid_before_after() {
        let body = tbl(&[
            grid(4),
            format!(
                "<w:tr>{}{}{}</w:tr>",
                tcp(r#"<w:gridSpan w:val="2"/>"#, "A"),
                tc(&p("B")),
                tc(&p("C"))
            ),
            format!(
                r#"<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>{}{}</w:tr>"#,
                tc(&p("D")),
                tc(&p("E"))
            ),
            format!("<w:tr>{}</w:tr>", tc(&p("short"))),
        ]);
        let l = read_body(&body);
        let t = tables(&l);
        assert_eq!(t.len(), 1);
        let t = t[0];
        assert_eq!((t.rows, t.cols), (3, 4));
        assert_eq!(
            cells(t),
            vec![
                (0, 0, 1, 2, "A"),
                (0, 2, 1, 1, "B"),
                (0, 3, 1, 1, "C"),
                (1, 1, 1, 1, "D"),
                (1, 2, 1, 1, "E"),
                (2, 0, 1, 1, "short"),
            ]
        );
        assert!(t.pages.is_empty());
    }

    #[test]
    fn rows_wider_than_the_grid_widen_the_table() {
        let body = format!(
            "<w:tbl>{}<w:tr>{}{}{}</w:tr></w:tbl>",
            grid(2),
            tc(&p("1")),
            tcp(r#"<w:gridSpan w:val="2"/>"#, "2"),
            tc(&p("3"))
        );
        let l = read_body(&body);
        let t = tables(&l)[0];
        assert_eq!((t.rows, t.cols), (1, 4));
        assert_eq!(t.cell_at(0, 3).unwrap().text, "3");
    }

    #[test]
    fn vmerge_restart_and_continue_make_rowspans() {
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let cont = "<w:vMerge/>";
        let body = tbl(&[
            grid(3),
            format!(
                "<w:tr>{}{}{}</w:tr>",
                tcp(restart, "项目"),
                tcp(&format!(r#"<w:gridSpan w:val="2"/>{restart}"#), "金额"),
                ""
            ),
            format!(
                "<w:tr>{}{}</w:tr>",
                tcp(cont, ""),
                tcp(&format!(r#"<w:gridSpan w:val="2"/>{cont}"#), "")
            ),
            format!(
                "<w:tr>{}{}{}</w:tr>",
                tcp(r#"<w:vMerge w:val="continue"/>"#, "stray"),
                tc(&p("1.00")),
                tc(&p("2.00"))
            ),
            format!(
                "<w:tr>{}{}{}</w:tr>",
                tc(&p("x")),
                tcp(cont, "y"),
                tc(&p("z"))
            ),
        ]);
        let l = read_body(&body);
        let t = tables(&l)[0];
        assert_eq!((t.rows, t.cols), (4, 3));
        assert_eq!(
            cells(t),
            vec![
                (0, 0, 3, 1, "项目"),
                (0, 1, 2, 2, "金额"),
                // (3,1) continues the 1.00 cell above, which grows instead.
                (2, 1, 2, 1, "1.00"),
                (2, 2, 1, 1, "2.00"),
                (3, 0, 1, 1, "x"),
                (3, 2, 1, 1, "z"),
            ]
        );
        // The covering view agrees.
        assert_eq!(t.covering(2, 0).unwrap().text, "项目");
        assert_eq!(t.covering(1, 2).unwrap().text, "金额");
        // Text in continue cells is dropped, with a note.
        let dropped: Vec<&str> = l.warnings.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(dropped.len(), 2, "{dropped:?}");
        assert!(dropped[0].contains("stray") && dropped[1].contains("\"y\""));
        assert_eq!(l.warnings[0].at.as_deref(), Some("table 1"));
    }

    #[test]
    fn vmerge_continue_without_restart_is_a_plain_cell() {
        let body = format!(
            "<w:tbl>{}<w:tr>{}{}</w:tr></w:tbl>",
            grid(2),
            tcp("<w:vMerge/>", "lonely"),
            tc(&p("b"))
        );
        let t = read_body(&body);
        assert_eq!(
            cells(tables(&t)[0]),
            vec![(0, 0, 1, 1, "lonely"), (0, 1, 1, 1, "b")]
        );
    }

    #[test]
    fn vmerge_follows_grid_position_not_cell_index() {
        // Row 2 starts one column later (gridBefore); its first cell continues
        // the merge in grid column 1, not the one in column 0.
        let body = tbl(&[
            grid(2),
            format!(
                "<w:tr>{}{}</w:tr>",
                tcp(r#"<w:vMerge w:val="restart"/>"#, "left"),
                tcp(r#"<w:vMerge w:val="restart"/>"#, "right")
            ),
            format!(
                r#"<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{}</w:tr>"#,
                tcp("<w:vMerge/>", "")
            ),
        ]);
        let t = read_body(&body);
        assert_eq!(
            cells(tables(&t)[0]),
            vec![(0, 0, 1, 1, "left"), (0, 1, 2, 1, "right")]
        );
    }

    #[test]
    fn legacy_hmerge_widens_the_cell() {
        let body = tbl(&[
            grid(3),
            format!(
                "<w:tr>{}{}{}</w:tr>",
                tcp(r#"<w:hMerge w:val="restart"/>"#, "wide"),
                tcp("<w:hMerge/>", ""),
                tc(&p("c"))
            ),
        ]);
        let l = read_body(&body);
        assert_eq!(
            cells(tables(&l)[0]),
            vec![(0, 0, 1, 2, "wide"), (0, 2, 1, 1, "c")]
        );
    }

    #[test]
    fn absurd_spans_are_clamped() {
        let body = tbl(&[
            grid(1),
            format!(
                r#"<w:tr><w:trPr><w:gridBefore w:val="99999999999"/></w:trPr>{}</w:tr>"#,
                tcp(r#"<w:gridSpan w:val="4000000000"/>"#, "x")
            ),
        ]);
        let l = read_body(&body);
        let t = tables(&l)[0];
        assert_eq!(cells(t), vec![(0, MAX_SPAN, 1, MAX_SPAN, "x")]);
        assert_eq!(t.cols, 2 * MAX_SPAN);
    }

    #[test]
    fn several_paragraphs_and_breaks_in_a_cell() {
        let body = format!(
            "<w:tbl>{}<w:tr>{}</w:tr></w:tbl>",
            grid(1),
            tc(&format!(
                "{}<w:p/>{}<w:p><w:r><w:t>c</w:t><w:br/><w:t>d</w:t></w:r></w:p>",
                p("a"),
                p("b")
            ))
        );
        let l = read_body(&body);
        assert_eq!(tables(&l)[0].cells[0].text, "a\n\nb\nc\nd");
    }

    #[test]
    fn empty_cells_are_kept_and_empty_lines_lead_but_do_not_trail() {
        let body = format!(
            "<w:tbl>{}<w:tr>{}{}{}</w:tr></w:tbl>",
            grid(3),
            tc("<w:p/><w:p/>"),
            tc(&format!("<w:p/>{}<w:p/><w:p/>", p("205.68"))),
            tc(&p("x"))
        );
        let l = read_body(&body);
        assert_eq!(
            cells(tables(&l)[0]),
            vec![
                (0, 0, 1, 1, ""),
                (0, 1, 1, 1, "\n205.68"),
                (0, 2, 1, 1, "x")
            ]
        );
    }

    #[test]
    fn nested_table_is_flattened_into_its_cell() {
        let inner = format!(
            "<w:tbl>{}<w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            grid(2),
            tc(&p("n1")),
            tc(&p("n2")),
            tc(&p("n3")),
            tc(&p("n4"))
        );
        let body = format!(
            "{}<w:tbl>{}<w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>{}",
            p("before"),
            grid(2),
            tc(&format!("{}{}<w:p/>", p("head"), inner)),
            tc(&p("b")),
            tc(&p("c")),
            tc(&p("d")),
            p("after")
        );
        let l = read_body(&body);
        assert_eq!(l.blocks.len(), 3);
        assert_eq!(texts(&l), vec!["before", "after"]);
        let t = tables(&l)[0];
        assert_eq!((t.rows, t.cols), (2, 2));
        assert_eq!(
            cells(t),
            vec![
                (0, 0, 1, 1, "head\nn1\tn2\nn3\tn4"),
                (0, 1, 1, 1, "b"),
                (1, 0, 1, 1, "c"),
                (1, 1, 1, 1, "d"),
            ]
        );
    }

    fn textbox(text: &str) -> String {
        format!("<w:txbxContent>{}</w:txbxContent>", p(text))
    }

    #[test]
    fn alternate_content_is_read_once() {
        let body = format!(
            concat!(
                "<w:p><w:r><w:t>host</w:t></w:r><w:r><mc:AlternateContent>",
                r#"<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"#,
                "<mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback>",
                "</mc:AlternateContent></w:r></w:p>",
                // Only a fallback: it is used.
                "<w:p><mc:AlternateContent><mc:Fallback><w:r><w:t>fallback only</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>",
                // A plain VML text box, no AlternateContent.
                "<w:p><w:r><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></w:r></w:p>"
            ),
            textbox("框内文字"),
            textbox("框内文字"),
            textbox("vml box")
        );
        let l = read_body(&body);
        assert_eq!(
            texts(&l),
            vec!["框内文字", "host", "fallback only", "vml box"]
        );
    }

    #[test]
    fn text_box_in_a_cell_goes_to_the_cell() {
        let body = format!(
            "<w:tbl>{}<w:tr>{}</w:tr></w:tbl>",
            grid(1),
            tc(&format!(
                "<w:p><w:r><w:t>cell</w:t></w:r><w:r><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></w:r></w:p>",
                textbox("box")
            ))
        );
        let l = read_body(&body);
        assert_eq!(l.blocks.len(), 1);
        assert_eq!(tables(&l)[0].cells[0].text, "box\ncell");
    }

    #[test]
    fn wrappers_are_transparent() {
        let body = concat!(
            r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>sdt block</w:t></w:r></w:p></w:sdtContent></w:sdt>"#,
            r#"<w:customXml w:element="x"><w:p><w:customXml w:element="y"><w:r><w:t>custom</w:t></w:r></w:customXml></w:p></w:customXml>"#,
            r#"<w:p><w:smartTag w:element="place"><w:r><w:t>smart</w:t></w:r></w:smartTag><w:hyperlink r:id="rId5" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>link</w:t></w:r></w:hyperlink>"#,
            r#"<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple><w:sdt><w:sdtContent><w:r><w:t>inline</w:t></w:r></w:sdtContent></w:sdt></w:p>"#,
            r#"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:sdt><w:sdtContent><w:tr><w:customXml><w:tc><w:p><w:r><w:t>wrapped cell</w:t></w:r></w:p></w:tc></w:customXml></w:tr></w:sdtContent></w:sdt></w:tbl>"#
        );
        let l = read_body(body);
        assert_eq!(texts(&l), vec!["sdt block", "custom", "smartlink7inline"]);
        assert_eq!(cells(tables(&l)[0]), vec![(0, 0, 1, 1, "wrapped cell")]);
    }

    #[test]
    fn revisions_are_read_as_accepted() {
        let body = concat!(
            r#"<w:p><w:r><w:t>keep </w:t></w:r><w:ins w:id="1"><w:r><w:t>inserted </w:t></w:r></w:ins>"#,
            r#"<w:del w:id="2"><w:r><w:delText>deleted </w:delText></w:r></w:del>"#,
            r#"<w:moveFrom w:id="3"><w:r><w:t>moved away </w:t></w:r></w:moveFrom>"#,
            r#"<w:moveTo w:id="4"><w:r><w:t>moved here</w:t></w:r></w:moveTo></w:p>"#,
            r#"<w:p><w:pPr><w:rPr><w:del w:id="5"/></w:rPr></w:pPr><w:r><w:rPr><w:rPrChange w:id="6"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>marked</w:t></w:r></w:p>"#,
        );
        let l = read_body(body);
        assert_eq!(texts(&l), vec!["keep inserted moved here", "marked"]);
    }

    #[test]
    fn tracked_property_changes_do_not_change_the_grid() {
        let body = format!(
            concat!(
                r#"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:tblGridChange w:id="1"><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid></w:tblGridChange></w:tblGrid>"#,
                r#"<w:tr><w:trPr><w:trPrChange w:id="2"><w:trPr><w:gridBefore w:val="1"/></w:trPr></w:trPrChange></w:trPr>"#,
                r#"<w:tc><w:tcPr><w:tcPrChange w:id="3"><w:tcPr><w:gridSpan w:val="3"/></w:tcPr></w:tcPrChange></w:tcPr>{}</w:tc>{}</w:tr>"#,
                r#"<w:tr><w:trPr><w:del w:id="4"/></w:trPr>{}{}</w:tr>"#,
                "</w:tbl>"
            ),
            p("a"),
            tc(&p("b")),
            tc(&p("gone")),
            tc(&p("gone too"))
        );
        let l = read_body(&body);
        let t = tables(&l)[0];
        assert_eq!((t.rows, t.cols), (1, 2));
        assert_eq!(cells(t), vec![(0, 0, 1, 1, "a"), (0, 1, 1, 1, "b")]);
    }

    #[test]
    fn field_codes_dropped_results_kept() {
        let body = concat!(
            r#"<w:p><w:r><w:t>see </w:t></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF _Ref1 \h </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>表3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            r#"<w:r><w:t> ok</w:t></w:r></w:p>"#,
            // Nested field in the code part of another: all of its text is code.
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            r#"<w:r><w:instrText> = 3 "yes"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>yes</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            // A field whose result spans paragraphs (a TOC).
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/><w:instrText>TOC \o "1-3"</w:instrText><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>一、概况</w:t><w:tab/><w:t>1</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>二、收支</w:t><w:tab/><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>after</w:t></w:r></w:p>"#,
        );
        let l = read_body(body);
        assert_eq!(
            texts(&l),
            vec!["see 表3 ok", "yes", "一、概况\t1", "二、收支\t2", "after"]
        );
    }

    #[test]
    fn hidden_runs_are_not_text() {
        let body = concat!(
            r#"<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>shown</w:t></w:r>"#,
            r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t><w:tab/></w:r>"#,
            r#"<w:r><w:rPr><w:vanish w:val="0"/><w:webHidden/></w:rPr><w:t> too</w:t></w:r>"#,
            r#"<w:r><w:rPr><w:rPrChange w:id="1"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>!</w:t></w:r></w:p>"#
        );
        assert_eq!(texts(&read_body(body)), vec!["shown too!"]);
    }

    #[test]
    fn math_text_and_ruby_base() {
        let body = concat!(
            r#"<w:p><m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>"#,
            r#"<w:r><w:ruby><w:rt><w:r><w:t>gōng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>公</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>"#
        );
        assert_eq!(texts(&read_body(body)), vec!["x+1公"]);
    }

    #[test]
    fn namespaces_are_resolved_not_guessed_from_prefixes() {
        let wml = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        // Default namespace, no prefixes at all.
        let xml = format!(
            r#"<document xmlns="{wml}"><body><p><r><t>default ns</t></r></p><tbl><tblGrid><gridCol/></tblGrid><tr><tc><p><r><t>c</t></r></p></tc></tr></tbl></body></document>"#
        );
        let l = read(&zip_parts(&[("word/document.xml", &xml)])).unwrap();
        assert_eq!(texts(&l), vec!["default ns"]);
        assert_eq!(cells(tables(&l)[0]), vec![(0, 0, 1, 1, "c")]);
        // Another prefix, a prefix rebound inside the tree, and a `w:` that is
        // not WordML there.
        let xml = format!(
            concat!(
                r#"<ns0:document xmlns:ns0="{wml}"><ns0:body>"#,
                r#"<ns0:p><ns0:r><ns0:t>ns0</ns0:t></ns0:r></ns0:p>"#,
                r#"<ns0:p><x:r xmlns:x="{wml}"><x:t>local x</x:t></x:r></ns0:p>"#,
                r#"<ns0:p><ns0:r><w:t xmlns:w="urn:not-wordml">foreign</w:t><ns0:t>!</ns0:t></ns0:r></ns0:p>"#,
                r#"<ns0:p><ns0:r><ns0:t>after</ns0:t><w:t>unbound</w:t></ns0:r></ns0:p>"#,
                r#"</ns0:body></ns0:document>"#
            ),
            wml = wml
        );
        let l = read(&zip_parts(&[("word/document.xml", &xml)])).unwrap();
        assert_eq!(texts(&l), vec!["ns0", "local x", "!", "after"]);
    }

    #[test]
    fn producer_from_app_xml() {
        let app = r#"<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><Application>Microsoft Office Word</Application><AppVersion>16.0000</AppVersion></Properties>"#;
        let bytes = zip_parts(&[
            ("word/document.xml", &document(&p("x"))),
            ("docProps/app.xml", app),
        ]);
        assert_eq!(
            read(&bytes).unwrap().producer.as_deref(),
            Some("Microsoft Office Word 16.0000")
        );
        let app = r#"<Properties><Application>WPS Office_11.1.0.11744_F1E327BC-269C-435d-A152-05C5408002CA</Application></Properties>"#;
        let bytes = zip_parts(&[
            ("word/document.xml", &document(&p("x"))),
            ("docProps/app.xml", app),
        ]);
        assert_eq!(
            read(&bytes).unwrap().producer.as_deref(),
            Some("WPS Office_11.1.0.11744_F1E327BC-269C-435d-A152-05C5408002CA")
        );
    }

    const RELS_DOC2: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;

    #[test]
    fn main_part_found_through_rels() {
        let bytes = zip_parts(&[
            ("_rels/.rels", RELS_DOC2),
            ("word/document2.xml", &document(&p("second"))),
        ]);
        assert_eq!(texts(&read(&bytes).unwrap()), vec!["second"]);
        // With a stale word/document.xml beside it, the rels target wins.
        let bytes = zip_parts(&[
            ("_rels/.rels", RELS_DOC2),
            ("word/document.xml", &document(&p("stale"))),
            ("word/document2.xml", &document(&p("second"))),
        ]);
        assert_eq!(texts(&read(&bytes).unwrap()), vec!["second"]);
    }

    #[test]
    fn error_cases() {
        assert_eq!(read(b""), Err(Error::Empty));
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.resize(1024, 0);
        assert_eq!(read(&ole), Err(Error::LegacyDoc));
        assert!(matches!(read(b"%PDF-1.7 not a zip"), Err(Error::NotZip(_))));
        assert!(matches!(
            read(b"hello world, plain text"),
            Err(Error::NotZip(_))
        ));
        // An .xlsx: a zip whose officeDocument is a workbook.
        let xlsx_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
        let xlsx = zip_parts(&[
            ("_rels/.rels", xlsx_rels),
            ("xl/workbook.xml", "<workbook/>"),
        ]);
        assert_eq!(read(&xlsx), Err(Error::MissingDocumentXml));
        assert_eq!(
            read(&zip_parts(&[("a.txt", "x")])),
            Err(Error::MissingDocumentXml)
        );
        // Truncated zip.
        let good = docx(&p("hello"));
        assert!(matches!(
            read(&good[..good.len() / 2]),
            Err(Error::Corrupt(_))
        ));
        // Malformed and truncated XML.
        let bad = zip_parts(&[(
            "word/document.xml",
            &format!("<w:document {NS}><w:body><w:p><w:r><w:t>x</w:r></w:p></w:body></w:document>"),
        )]);
        assert!(matches!(read(&bad), Err(Error::Corrupt(m)) if m.contains("word/document.xml")));
        let doc = document(&p("hello"));
        let cut = zip_parts(&[("word/document.xml", &doc[..doc.len() - 30])]);
        assert!(matches!(read(&cut), Err(Error::Corrupt(_))));
        let bad_ref = zip_parts(&[("word/document.xml", &document(&p("&nbsp;")))]);
        assert!(matches!(read(&bad_ref), Err(Error::Corrupt(_))));
        let bad_utf8 = {
            let mut w = ZipWriter::new(Cursor::new(Vec::new()));
            w.start_file("word/document.xml", SimpleFileOptions::default())
                .unwrap();
            w.write_all(b"<w:document>\xff\xfe\xfd</w:document>")
                .unwrap();
            w.finish().unwrap().into_inner()
        };
        assert!(matches!(read(&bad_utf8), Err(Error::Corrupt(m)) if m.contains("UTF-8")));
        // Corrupt compressed data: flip bytes inside the deflate stream.
        let mut flipped = docx(&p(&"数据".repeat(200)));
        for b in flipped.iter_mut().skip(60).take(40) {
            *b ^= 0x5A;
        }
        assert!(read(&flipped).is_err());
    }

    #[test]
    fn utf16_and_bom_parts() {
        let doc = document(&p("十六位"));
        let mut le = vec![0xFF, 0xFE];
        le.extend(doc.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("word/document.xml", SimpleFileOptions::default())
            .unwrap();
        w.write_all(&le).unwrap();
        let bytes = w.finish().unwrap().into_inner();
        assert_eq!(texts(&read(&bytes).unwrap()), vec!["十六位"]);
        let bom = format!("\u{FEFF}{}", document(&p("bom")));
        assert_eq!(
            texts(&read(&zip_parts(&[("word/document.xml", &bom)])).unwrap()),
            vec!["bom"]
        );
    }

    /// Deterministic xorshift for the fuzz loop.
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn never_panics_on_prefixes_mutations_and_noise() {
        let body = format!(
            "{}<w:tbl>{}<w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            p("标题"),
            grid(3),
            tcp(r#"<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>"#, "a"),
            tc(&p("b")),
            tcp(r#"<w:gridSpan w:val="2"/><w:vMerge/>"#, ""),
            tc(&p("c"))
        );
        let good = docx(&body);
        assert!(read(&good).is_ok());
        for n in 0..good.len() {
            let _ = read(&good[..n]);
        }
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..300 {
            let mut m = good.clone();
            for _ in 0..1 + xorshift(&mut seed) % 8 {
                let i = (xorshift(&mut seed) as usize) % m.len();
                m[i] = xorshift(&mut seed) as u8;
            }
            let _ = read(&m);
        }
        for len in [1usize, 2, 4, 22, 100, 1000] {
            let noise: Vec<u8> = (0..len).map(|_| xorshift(&mut seed) as u8).collect();
            assert!(read(&noise).is_err());
            let mut pk = b"PK\x03\x04".to_vec();
            pk.extend(&noise);
            assert!(read(&pk).is_err());
        }
        // Mutated XML (not zip) exercises the parser itself.
        let xml = document(&body);
        for n in (0..xml.len()).step_by(7) {
            if xml.is_char_boundary(n) {
                let _ = read(&zip_parts(&[("word/document.xml", &xml[..n])]));
            }
        }
    }
}
