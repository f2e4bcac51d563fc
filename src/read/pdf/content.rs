//! Content-stream interpreter: operators → positioned glyphs and rulings.
//!
//! All geometry is computed in display space: points, origin at the top-left
//! of the visible page box, y downward, page /Rotate applied. The clip is
//! tracked as an axis-aligned rectangle (the bounding box of every clipping
//! path, intersected), which is exact for the rectangular clips that office
//! producers emit.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Object, ObjectId};

use super::fonts::{self, Font};
use super::load::{self, MAX_STREAM_BYTES, PageBox};
use super::{Glyph, Page, Rect};
use crate::error::Error;
use crate::layout::Note;

/// Everything the content layer hands to layout analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub pages: Vec<Page>,
    /// Info /Producer, or /Creator when Producer is empty.
    pub producer: Option<String>,
    /// Document-level notes (xref rebuilt, decrypted, ...). Per-page notes
    /// (unmapped glyphs, unreadable streams) are on each [`Page`].
    pub warnings: Vec<Note>,
}

/// Nesting limit for Form XObjects.
const MAX_FORM_DEPTH: usize = 12;
/// Operand stack bound (a damaged stream must not grow it without limit).
const MAX_OPERANDS: usize = 4096;
/// Rulings shorter than this (points) are noise.
const MIN_RULING_LEN: f32 = 1.0;
/// Filled rectangles thinner than this are rulings themselves.
const THIN_FILL: f32 = 2.0;

type M = [f32; 6];
const IDENTITY: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` (apply `a`, then `b`).
#[inline]
fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

#[inline]
fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

fn finite(m: &M) -> bool {
    m.iter().all(|v| v.is_finite())
}

fn intersect(a: Rect, b: Rect) -> Rect {
    Rect {
        x0: a.x0.max(b.x0),
        y0: a.y0.max(b.y0),
        x1: a.x1.min(b.x1),
        y1: a.y1.min(b.y1),
    }
}

/// Load the PDF and interpret every page.
pub fn extract(bytes: &[u8]) -> Result<Document, Error> {
    let loaded = load::load(bytes)?;
    let doc = &loaded.doc;
    let mut ctx = Ctx {
        doc,
        fonts: HashMap::new(),
        warned_fonts: Vec::new(),
        oc: OcConfig::read(doc),
    };
    let pages_map = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.get_pages()))
        .map_err(|_| Error::Pdf("the PDF parser panicked reading the page tree".into()))?;
    let mut pages = Vec::with_capacity(pages_map.len());
    for (i, (_, &page_id)) in pages_map.iter().enumerate() {
        pages.push(ctx.page(page_id, i as u32 + 1));
    }
    Ok(Document {
        pages,
        producer: loaded.producer.clone(),
        warnings: loaded.warnings.clone(),
    })
}

struct Ctx<'d> {
    doc: &'d lopdf::Document,
    /// Parsed fonts by object id (document-wide).
    fonts: HashMap<ObjectId, Rc<Font>>,
    /// Fonts already reported as having unmapped glyphs.
    warned_fonts: Vec<String>,
    oc: OcConfig,
}

/// The default optional-content configuration: which layers are hidden.
#[derive(Default)]
struct OcConfig {
    base_off: bool,
    on: Vec<ObjectId>,
    off: Vec<ObjectId>,
}

impl OcConfig {
    fn read(doc: &lopdf::Document) -> OcConfig {
        let refs = |d: &Dictionary, key: &[u8]| -> Vec<ObjectId> {
            match d.get(key).ok().and_then(|o| deref(doc, o)) {
                Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
                _ => Vec::new(),
            }
        };
        let Some(d) = doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"OCProperties").ok())
            .and_then(|o| as_dict(doc, o))
            .and_then(|p| p.get(b"D").ok())
            .and_then(|o| as_dict(doc, o))
        else {
            return OcConfig::default();
        };
        OcConfig {
            base_off: d.get(b"BaseState").and_then(Object::as_name).ok() == Some(b"OFF"),
            on: refs(d, b"ON"),
            off: refs(d, b"OFF"),
        }
    }

    fn group_hidden(&self, id: ObjectId) -> bool {
        if self.base_off {
            !self.on.contains(&id)
        } else {
            self.off.contains(&id)
        }
    }

    /// Whether an /OC entry (an OCG or a membership dictionary) is hidden.
    fn hidden(&self, doc: &lopdf::Document, oc: &Object) -> bool {
        if self.off.is_empty() && !self.base_off {
            return false;
        }
        let Some(id) = oc.as_reference().ok() else {
            return false;
        };
        let Some(d) = as_dict(doc, oc) else {
            return false;
        };
        if d.get(b"Type").and_then(Object::as_name).ok() == Some(b"OCMD") {
            let groups: Vec<ObjectId> = match d.get(b"OCGs").ok() {
                Some(Object::Reference(r)) => vec![*r],
                Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
                _ => return false,
            };
            if groups.is_empty() {
                return false;
            }
            let policy = d.get(b"P").and_then(Object::as_name).unwrap_or(b"AnyOn");
            let hidden: Vec<bool> = groups.iter().map(|g| self.group_hidden(*g)).collect();
            return match policy {
                b"AllOn" => hidden.iter().any(|h| *h),
                b"AnyOff" => hidden.iter().all(|h| !*h),
                b"AllOff" => hidden.iter().any(|h| !*h),
                _ => hidden.iter().all(|h| *h),
            };
        }
        self.group_hidden(id)
    }
}

fn deref<'a>(doc: &'a lopdf::Document, o: &'a Object) -> Option<&'a Object> {
    let mut o = o;
    for _ in 0..8 {
        match o {
            Object::Reference(id) => o = doc.get_object(*id).ok()?,
            _ => return Some(o),
        }
    }
    None
}

fn as_dict<'a>(doc: &'a lopdf::Document, o: &'a Object) -> Option<&'a Dictionary> {
    match deref(doc, o)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn stream_content(doc: &lopdf::Document, o: &Object) -> Option<Result<Vec<u8>, lopdf::Error>> {
    match deref(doc, o)? {
        Object::Stream(s) => Some(s.get_plain_content_with_limit(MAX_STREAM_BYTES)),
        _ => None,
    }
}

/// The warning code of a stream that could not be decoded: `pdf_stream_too_large` when it
/// inflates past [`MAX_STREAM_BYTES`] (a decompression bomb), else `pdf_stream_unreadable`.
pub(crate) fn unreadable_stream_code(e: &lopdf::Error) -> &'static str {
    match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            STREAM_TOO_LARGE
        }
        _ => "pdf_stream_unreadable",
    }
}

/// Warning code of a content stream that inflates past [`MAX_STREAM_BYTES`].
pub(crate) const STREAM_TOO_LARGE: &str = "pdf_stream_too_large";

impl<'d> Ctx<'d> {
    fn page(&mut self, page_id: ObjectId, number: u32) -> Page {
        let doc = self.doc;
        let pb = load::page_box(doc, page_id);
        let (width, height) = pb.display_size();
        let mut run = Run::new(self, pb, number);
        let resources = load::inherited(doc, page_id, b"Resources").and_then(|o| match o {
            Object::Dictionary(d) => Some(d),
            _ => None,
        });
        // Concatenate the page's content streams, decoded once.
        let mut content = Vec::new();
        let contents = doc
            .get_dictionary(page_id)
            .ok()
            .and_then(|d| d.get(b"Contents").ok());
        let mut parts: Vec<&Object> = Vec::new();
        match contents.and_then(|o| deref(doc, o)) {
            Some(Object::Array(a)) => parts.extend(a.iter()),
            Some(_) => parts.extend(contents),
            None => {}
        }
        for part in parts {
            match stream_content(doc, part) {
                Some(Ok(bytes)) => {
                    content.extend_from_slice(&bytes);
                    content.push(b'\n');
                }
                Some(Err(e)) => run.warn(
                    unreadable_stream_code(&e),
                    format!("a content stream could not be decoded ({e}); its text is missing"),
                ),
                None => {}
            }
        }
        run.interpret(&content, resources, 0);
        if run.skewed > 0 {
            let n = run.skewed;
            run.warn(
                "skewed_text_skipped",
                format!("about {n} glyphs drawn at a slant (a watermark or stamp?) were left out"),
            );
        }
        let dirs = run.dirs;
        let Run {
            glyphs,
            rulings,
            warnings,
            ..
        } = run;
        let mut page = Page {
            number,
            width,
            height,
            glyphs,
            rulings,
            warnings,
        };
        turn_upright(&mut page, dirs);
        let removed = dedupe_glyphs(&mut page.glyphs);
        if removed > 0 {
            page.warnings.push(Note {
                code: "duplicate_glyphs_removed".into(),
                message: format!(
                    "{removed} glyphs drawn twice at the same place (simulated bold) were counted once"
                ),
                at: Some(format!("page {number}")),
            });
        }
        normalize_number_commas(&mut page.glyphs);
        page
    }

    fn missing_font(&mut self, name: &[u8]) -> Rc<Font> {
        Rc::new(fonts::fallback_font(&format!(
            "/{} (missing)",
            String::from_utf8_lossy(name)
        )))
    }

    fn font(&mut self, resources: Option<&'d Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let fonts = resources?.get(b"Font").ok().and_then(|o| as_dict(doc, o))?;
        let entry = fonts.get(name).ok()?;
        match entry {
            Object::Reference(id) => {
                if let Some(f) = self.fonts.get(id) {
                    return Some(f.clone());
                }
                let d = as_dict(doc, entry)?;
                let f = Rc::new(guard_font(doc, d));
                self.fonts.insert(*id, f.clone());
                Some(f)
            }
            Object::Dictionary(d) => Some(Rc::new(guard_font(doc, d))),
            _ => None,
        }
    }
}

fn guard_font(doc: &lopdf::Document, d: &Dictionary) -> Font {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Font::load(doc, d)))
        .unwrap_or_else(|_| fonts::fallback_font("(unreadable font)"))
}

#[derive(Clone)]
struct GState {
    ctm: M,
    clip: Rect,
    font: Option<Rc<Font>>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    rise: f32,
    render: i32,
    line_width: f32,
    fill_white: bool,
    stroke_white: bool,
}

#[derive(Clone, Copy)]
struct PathPt {
    x: f32,
    y: f32,
    /// Reached by a straight segment (false for curves and subpath starts).
    line: bool,
}

#[derive(Clone, Copy)]
struct SubPath {
    start: usize,
    end: usize,
    closed: bool,
}

#[derive(Default)]
struct PathState {
    pts: Vec<PathPt>,
    subs: Vec<SubPath>,
    open_start: Option<usize>,
}

impl PathState {
    fn clear(&mut self) {
        self.pts.clear();
        self.subs.clear();
        self.open_start = None;
    }
    fn finish_sub(&mut self, closed: bool) {
        if let Some(s) = self.open_start.take()
            && self.pts.len() > s
        {
            self.subs.push(SubPath {
                start: s,
                end: self.pts.len(),
                closed,
            });
        }
    }
    fn move_to(&mut self, x: f32, y: f32) {
        self.finish_sub(false);
        self.open_start = Some(self.pts.len());
        self.pts.push(PathPt { x, y, line: false });
    }
    fn line_to(&mut self, x: f32, y: f32, line: bool) {
        if self.open_start.is_none() {
            self.open_start = Some(self.pts.len());
            self.pts.push(PathPt { x, y, line: false });
            return;
        }
        self.pts.push(PathPt { x, y, line });
    }
    fn close(&mut self) {
        let start = self.open_start;
        self.finish_sub(true);
        // After h the current point is the subpath start; a following l
        // starts a new subpath there.
        if let Some(s) = start
            && let Some(p) = self.pts.get(s).copied()
        {
            self.open_start = Some(self.pts.len());
            self.pts.push(PathPt { line: false, ..p });
        }
    }
    fn bbox(&self) -> Option<Rect> {
        let mut it = self.pts.iter();
        let p = it.next()?;
        let mut r = Rect {
            x0: p.x,
            y0: p.y,
            x1: p.x,
            y1: p.y,
        };
        for p in it {
            r.x0 = r.x0.min(p.x);
            r.y0 = r.y0.min(p.y);
            r.x1 = r.x1.max(p.x);
            r.y1 = r.y1.max(p.y);
        }
        Some(r)
    }
}

/// Operands, with strings and arrays flattened into the stack.
#[derive(Clone, Copy, Debug)]
enum Operand {
    Num(f32),
    /// Name bytes: range in `names`.
    Name(u32, u32),
    /// String bytes: range in `strs`.
    Str(u32, u32),
    ArrOpen,
    ArrClose,
    Other,
}

struct Run<'c, 'd> {
    ctx: &'c mut Ctx<'d>,
    number: u32,
    gs: GState,
    stack: Vec<GState>,
    q_overflow: usize,
    tm: M,
    tlm: M,
    path: PathState,
    pending_clip: bool,
    form_stack: Vec<ObjectId>,
    glyphs: Vec<Glyph>,
    rulings: Vec<Rect>,
    warnings: Vec<Note>,
    // Lexer scratch, reused across operators.
    ops: Vec<Operand>,
    strs: Vec<u8>,
    names: Vec<u8>,
    unmapped_font: Option<*const Font>,
    /// Marked-content stack: whether each level hides its content
    /// (optional content that is off), and how many levels do.
    mc_hidden: Vec<bool>,
    hidden_levels: usize,
    /// Glyphs dropped because their baseline is not horizontal or vertical
    /// (diagonal watermarks and stamps).
    skewed: usize,
    /// Horizontal-font glyphs by the display direction their baseline runs
    /// ([`Dir`] order: right, down, left, up), to turn a sideways page upright.
    dirs: [usize; 4],
}

impl<'c, 'd> Run<'c, 'd> {
    fn new(ctx: &'c mut Ctx<'d>, pb: PageBox, number: u32) -> Self {
        let (w, h) = pb.display_size();
        let page_rect = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: w,
            y1: h,
        };
        let page_m = pb.display_matrix();
        Run {
            ctx,
            number,
            gs: GState {
                ctm: page_m,
                clip: page_rect,
                font: None,
                size: 0.0,
                tc: 0.0,
                tw: 0.0,
                th: 1.0,
                tl: 0.0,
                rise: 0.0,
                render: 0,
                line_width: 1.0,
                fill_white: false,
                stroke_white: false,
            },
            stack: Vec::new(),
            q_overflow: 0,
            tm: IDENTITY,
            tlm: IDENTITY,
            path: PathState::default(),
            pending_clip: false,
            form_stack: Vec::new(),
            glyphs: Vec::new(),
            rulings: Vec::new(),
            warnings: Vec::new(),
            ops: Vec::with_capacity(64),
            strs: Vec::with_capacity(256),
            names: Vec::with_capacity(64),
            unmapped_font: None,
            mc_hidden: Vec::new(),
            hidden_levels: 0,
            skewed: 0,
            dirs: [0; 4],
        }
    }

    fn warn(&mut self, code: &str, message: String) {
        if self
            .warnings
            .iter()
            .any(|n| n.code == code && n.message == message)
        {
            return;
        }
        self.warnings.push(Note {
            code: code.to_string(),
            message,
            at: Some(format!("page {}", self.number)),
        });
    }

    fn num(&self, i: usize) -> f32 {
        match self.ops.get(i) {
            Some(Operand::Num(v)) => *v,
            _ => 0.0,
        }
    }

    /// The last `n` operands as numbers (missing → 0).
    fn nums<const N: usize>(&self) -> [f32; N] {
        let mut out = [0f32; N];
        let len = self.ops.len();
        if len >= N {
            for (k, o) in out.iter_mut().enumerate() {
                *o = self.num(len - N + k);
            }
        }
        out
    }

    fn last_name(&self) -> Option<&[u8]> {
        self.ops.iter().rev().find_map(|o| match o {
            Operand::Name(s, e) => Some(&self.names[*s as usize..*e as usize]),
            _ => None,
        })
    }

    fn last_str(&self) -> Option<(u32, u32)> {
        self.ops.iter().rev().find_map(|o| match o {
            Operand::Str(s, e) => Some((*s, *e)),
            _ => None,
        })
    }

    // -----------------------------------------------------------------
    // Lexer + dispatcher

    fn interpret(&mut self, data: &[u8], resources: Option<&'d Dictionary>, depth: usize) {
        let n = data.len();
        let mut i = 0;
        self.ops.clear();
        self.strs.clear();
        self.names.clear();
        while i < n {
            let c = data[i];
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | 0 => i += 1,
                b'%' => {
                    while i < n && data[i] != b'\n' && data[i] != b'\r' {
                        i += 1;
                    }
                }
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    let s = i;
                    i += 1;
                    while i < n && matches!(data[i], b'0'..=b'9' | b'.' | b'-' | b'+' | b'e' | b'E')
                    {
                        i += 1;
                    }
                    self.ops.push(Operand::Num(parse_num(&data[s..i])));
                }
                b'/' => {
                    i += 1;
                    let s = self.names.len() as u32;
                    while i < n && !is_delim(data[i]) {
                        if data[i] == b'#'
                            && i + 2 < n
                            && let (Some(h), Some(l)) = (hexval(data[i + 1]), hexval(data[i + 2]))
                        {
                            self.names.push((h << 4) | l);
                            i += 3;
                            continue;
                        }
                        self.names.push(data[i]);
                        i += 1;
                    }
                    self.ops.push(Operand::Name(s, self.names.len() as u32));
                }
                b'(' => {
                    let s = self.strs.len() as u32;
                    i = lex_literal(data, i + 1, &mut self.strs);
                    self.ops.push(Operand::Str(s, self.strs.len() as u32));
                }
                b'<' if data.get(i + 1) == Some(&b'<') => {
                    self.ops.push(Operand::Other);
                    i += 2;
                }
                b'>' if data.get(i + 1) == Some(&b'>') => {
                    self.ops.push(Operand::Other);
                    i += 2;
                }
                b'<' => {
                    let s = self.strs.len() as u32;
                    i = lex_hex(data, i + 1, &mut self.strs);
                    self.ops.push(Operand::Str(s, self.strs.len() as u32));
                }
                b'[' => {
                    self.ops.push(Operand::ArrOpen);
                    i += 1;
                }
                b']' => {
                    self.ops.push(Operand::ArrClose);
                    i += 1;
                }
                b'{' | b'}' | b')' | b'>' => i += 1,
                _ => {
                    let s = i;
                    while i < n && !is_delim(data[i]) {
                        i += 1;
                    }
                    if i == s {
                        i += 1;
                        continue;
                    }
                    let op = &data[s..i];
                    match op {
                        b"true" | b"false" | b"null" => {
                            self.ops.push(Operand::Other);
                            continue;
                        }
                        b"BI" => {
                            i = skip_inline_image(data, i);
                        }
                        _ => self.op(op, resources, depth),
                    }
                    self.ops.clear();
                    self.strs.clear();
                    self.names.clear();
                }
            }
            if self.ops.len() > MAX_OPERANDS {
                self.ops.clear();
                self.strs.clear();
                self.names.clear();
            }
        }
    }

    fn op(&mut self, op: &[u8], resources: Option<&'d Dictionary>, depth: usize) {
        match op {
            // Beyond 256 levels q/Q only count (a damaged stream must not
            // grow the stack without bound).
            b"q" if self.stack.len() >= 256 => self.q_overflow += 1,
            b"q" => self.stack.push(self.gs.clone()),
            b"Q" if self.q_overflow > 0 => self.q_overflow -= 1,
            b"Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                let m = self.nums::<6>();
                let ctm = mul(&m, &self.gs.ctm);
                if finite(&ctm) {
                    self.gs.ctm = ctm;
                }
            }
            b"w" => self.gs.line_width = self.nums::<1>()[0].abs(),
            b"g" => self.gs.fill_white = is_white(&self.nums::<1>(), 1),
            b"G" => self.gs.stroke_white = is_white(&self.nums::<1>(), 1),
            b"rg" => self.gs.fill_white = is_white(&self.nums::<3>(), 3),
            b"RG" => self.gs.stroke_white = is_white(&self.nums::<3>(), 3),
            b"k" => self.gs.fill_white = is_white(&self.nums::<4>(), 4),
            b"K" => self.gs.stroke_white = is_white(&self.nums::<4>(), 4),
            b"sc" | b"scn" => self.gs.fill_white = self.color_white(),
            b"SC" | b"SCN" => self.gs.stroke_white = self.color_white(),
            b"cs" => self.gs.fill_white = false,
            b"CS" => self.gs.stroke_white = false,
            // Path construction.
            b"m" => {
                let [x, y] = self.nums::<2>();
                let (x, y) = apply(&self.gs.ctm, x, y);
                self.path.move_to(x, y);
            }
            b"l" => {
                let [x, y] = self.nums::<2>();
                let (x, y) = apply(&self.gs.ctm, x, y);
                self.path.line_to(x, y, true);
            }
            b"c" => {
                let [_, _, _, _, x, y] = self.nums::<6>();
                let (x, y) = apply(&self.gs.ctm, x, y);
                self.path.line_to(x, y, false);
            }
            b"v" | b"y" => {
                let [_, _, x, y] = self.nums::<4>();
                let (x, y) = apply(&self.gs.ctm, x, y);
                self.path.line_to(x, y, false);
            }
            b"h" => self.path.close(),
            b"re" => {
                let [x, y, w, h] = self.nums::<4>();
                let m = self.gs.ctm;
                let p = [
                    apply(&m, x, y),
                    apply(&m, x + w, y),
                    apply(&m, x + w, y + h),
                    apply(&m, x, y + h),
                ];
                self.path.move_to(p[0].0, p[0].1);
                for q in &p[1..] {
                    self.path.line_to(q.0, q.1, true);
                }
                self.path.close();
            }
            // Path painting.
            b"S" => self.paint(true, false),
            b"s" => {
                self.path.close();
                self.paint(true, false)
            }
            b"f" | b"F" | b"f*" => self.paint(false, true),
            b"B" | b"B*" => self.paint(true, true),
            b"b" | b"b*" => {
                self.path.close();
                self.paint(true, true)
            }
            b"n" => self.paint(false, false),
            b"W" | b"W*" => self.pending_clip = true,
            // Text objects and state.
            b"BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            b"ET" => {}
            b"Tc" => self.gs.tc = self.nums::<1>()[0],
            b"Tw" => self.gs.tw = self.nums::<1>()[0],
            b"Tz" => self.gs.th = self.nums::<1>()[0] / 100.0,
            b"TL" => self.gs.tl = self.nums::<1>()[0],
            b"Ts" => self.gs.rise = self.nums::<1>()[0],
            b"Tr" => self.gs.render = self.nums::<1>()[0] as i32,
            b"Tf" => {
                self.gs.size = self.nums::<1>()[0];
                let name = self.last_name().map(<[u8]>::to_vec).unwrap_or_default();
                let font = self.ctx.font(resources, &name);
                if font.is_none() {
                    self.warn(
                        "pdf_font_missing",
                        format!(
                            "font /{} is not in the page resources; its text is shown as U+FFFD",
                            String::from_utf8_lossy(&name)
                        ),
                    );
                }
                self.gs.font = Some(font.unwrap_or_else(|| self.ctx.missing_font(&name)));
            }
            b"gs" => self.ext_gstate(resources),
            b"Td" => {
                let [tx, ty] = self.nums::<2>();
                self.next_line(tx, ty);
            }
            b"TD" => {
                let [tx, ty] = self.nums::<2>();
                self.gs.tl = -ty;
                self.next_line(tx, ty);
            }
            b"Tm" => {
                let m = self.nums::<6>();
                if finite(&m) {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            b"T*" => {
                let tl = self.gs.tl;
                self.next_line(0.0, -tl);
            }
            b"Tj" => {
                if let Some((s, e)) = self.last_str() {
                    self.show(s as usize, e as usize);
                }
            }
            b"'" => {
                let tl = self.gs.tl;
                self.next_line(0.0, -tl);
                if let Some((s, e)) = self.last_str() {
                    self.show(s as usize, e as usize);
                }
            }
            b"\"" => {
                let len = self.ops.len();
                if len >= 3 {
                    self.gs.tw = self.num(len - 3);
                    self.gs.tc = self.num(len - 2);
                }
                let tl = self.gs.tl;
                self.next_line(0.0, -tl);
                if let Some((s, e)) = self.last_str() {
                    self.show(s as usize, e as usize);
                }
            }
            b"TJ" => {
                let start = self
                    .ops
                    .iter()
                    .rposition(|o| matches!(o, Operand::ArrOpen))
                    .unwrap_or(0);
                for k in start..self.ops.len() {
                    match self.ops[k] {
                        Operand::Str(s, e) => self.show(s as usize, e as usize),
                        Operand::Num(adj) => self.kern(adj),
                        _ => {}
                    }
                }
            }
            b"BMC" => self.mc_hidden.push(false),
            b"BDC" => {
                let hidden = self.marked_content_hidden(resources);
                self.hidden_levels += hidden as usize;
                self.mc_hidden.push(hidden);
            }
            b"EMC" => {
                let was_hidden = self.mc_hidden.pop() == Some(true);
                self.hidden_levels -= was_hidden as usize;
            }
            b"Do" => {
                if let Some(name) = self.last_name().map(<[u8]>::to_vec) {
                    self.do_xobject(&name, resources, depth);
                }
            }
            _ => {}
        }
    }

    /// `/OC /name BDC` whose optional-content group is off.
    fn marked_content_hidden(&self, resources: Option<&'d Dictionary>) -> bool {
        let doc = self.ctx.doc;
        let names: Vec<&[u8]> = self
            .ops
            .iter()
            .filter_map(|o| match o {
                Operand::Name(s, e) => Some(&self.names[*s as usize..*e as usize]),
                _ => None,
            })
            .collect();
        if names.len() < 2 || names[0] != b"OC" {
            return false;
        }
        resources
            .and_then(|r| r.get(b"Properties").ok())
            .and_then(|o| as_dict(doc, o))
            .and_then(|p| p.get(names[1]).ok())
            .is_some_and(|oc| self.ctx.oc.hidden(doc, oc))
    }

    fn color_white(&self) -> bool {
        // sc/scn: judge by component count (pattern names → not white).
        if self.ops.iter().any(|o| matches!(o, Operand::Name(..))) {
            return false;
        }
        match self.ops.len() {
            1 => is_white(&self.nums::<1>(), 1),
            3 => is_white(&self.nums::<3>(), 3),
            4 => is_white(&self.nums::<4>(), 4),
            _ => false,
        }
    }

    fn ext_gstate(&mut self, resources: Option<&'d Dictionary>) {
        let doc = self.ctx.doc;
        let Some(name) = self.last_name().map(<[u8]>::to_vec) else {
            return;
        };
        let Some(gs) = resources
            .and_then(|r| r.get(b"ExtGState").ok())
            .and_then(|o| as_dict(doc, o))
            .and_then(|d| d.get(&name).ok())
            .and_then(|o| as_dict(doc, o))
        else {
            return;
        };
        if let Ok(lw) = gs.get(b"LW")
            && let Some(v) = deref(doc, lw).and_then(|o| o.as_float().ok())
        {
            self.gs.line_width = v.abs();
        }
        if let Ok(Object::Array(a)) = gs.get(b"Font")
            && a.len() == 2
            && let (Object::Reference(id), Some(size)) = (&a[0], deref(doc, &a[1]))
        {
            let font = match self.ctx.fonts.get(id) {
                Some(f) => Some(f.clone()),
                None => as_dict(doc, &a[0]).map(|d| {
                    let f = Rc::new(guard_font(doc, d));
                    self.ctx.fonts.insert(*id, f.clone());
                    f
                }),
            };
            if font.is_some() {
                self.gs.font = font;
                self.gs.size = size.as_float().unwrap_or(self.gs.size);
            }
        }
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        let m = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        if finite(&m) {
            self.tlm = m;
            self.tm = m;
        }
    }

    fn kern(&mut self, adj: f32) {
        let vertical = self.gs.font.as_ref().is_some_and(|f| f.vertical);
        let d = -adj / 1000.0 * self.gs.size;
        if vertical {
            self.tm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, d], &self.tm);
        } else {
            self.tm = mul(&[1.0, 0.0, 0.0, 1.0, d * self.gs.th, 0.0], &self.tm);
        }
    }

    // -----------------------------------------------------------------
    // Text

    fn show(&mut self, s: usize, e: usize) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let size = self.gs.size;
        let (tc, tw, th, rise) = (self.gs.tc, self.gs.tw, self.gs.th, self.gs.rise);
        let mut invisible = self.gs.render == 3 || self.gs.render == 7 || self.hidden_levels > 0;
        // Text whose baseline is neither horizontal nor vertical on the
        // page (diagonal watermarks, stamps) is not document content.
        let dir = mul(&self.tm, &self.gs.ctm);
        let (bx, by) = (dir[0].abs(), dir[1].abs());
        let skewed = !(by <= 0.035 * bx || bx <= 0.035 * by);
        if skewed && !invisible {
            invisible = true;
            self.skewed += e.saturating_sub(s) / 2 + 1;
        }
        // Text rendering matrix without Tm: [size*th 0 0 size 0 rise] × Tm × CTM.
        let base = self.gs.ctm;
        let mut pos = s;
        let mut chars = ['\0'; 8];
        while pos < e {
            let bytes = &self.strs[pos..e];
            let (code, nb) = font.next_code(bytes);
            pos += nb.max(1);
            let w0 = font.width(code);
            let is_space_code = nb == 1 && code == 32;
            if !invisible && size != 0.0 {
                let trm = mul(
                    &mul(&[size * th, 0.0, 0.0, size, 0.0, rise], &self.tm),
                    &base,
                );
                let mut count = font.unicode(code, nb, &mut chars);
                if count == 0
                    && let Some(c) = font.unicode_from_font_program(self.ctx.doc, code)
                {
                    chars[0] = c;
                    count = 1;
                }
                if count == 0 {
                    chars[0] = '\u{FFFD}';
                    count = 1;
                    self.report_unmapped(&font);
                }
                if font.vertical {
                    self.emit_vertical(&trm, &font, &chars[..count]);
                } else {
                    self.emit(&trm, &font, w0, &chars[..count]);
                }
            }
            // Advance.
            if font.vertical {
                let ty = font.vertical_advance() * size + tc + if is_space_code { tw } else { 0.0 };
                self.tm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, ty], &self.tm);
            } else {
                let tx = (w0 * size + tc + if is_space_code { tw } else { 0.0 }) * th;
                self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
            }
        }
    }

    fn report_unmapped(&mut self, font: &Rc<Font>) {
        let ptr = Rc::as_ptr(font);
        if self.unmapped_font == Some(ptr) {
            return;
        }
        self.unmapped_font = Some(ptr);
        let key = format!("{}#{:p}", font.name, ptr);
        if self.ctx.warned_fonts.contains(&key) {
            return;
        }
        self.ctx.warned_fonts.push(key);
        self.warn(
            "unmapped_glyph",
            format!(
                "font {} has glyphs without a Unicode mapping (no ToUnicode entry, and neither \
                 its encoding nor its embedded font program names a character): their text \
                 cannot be recovered and is shown as U+FFFD",
                font.name
            ),
        );
    }

    fn emit(&mut self, trm: &M, font: &Font, w0: f32, chars: &[char]) {
        self.dirs[baseline_dir(trm) as usize] += chars.len();
        let n = chars.len() as f32;
        let part = w0 / n;
        for (k, &ch) in chars.iter().enumerate() {
            let x0 = part * k as f32;
            let x1 = x0 + part;
            let corners = [
                apply(trm, x0, font.descent),
                apply(trm, x1, font.descent),
                apply(trm, x1, font.ascent),
                apply(trm, x0, font.ascent),
            ];
            self.push_glyph(ch, corners, trm);
        }
    }

    fn emit_vertical(&mut self, trm: &M, _font: &Font, chars: &[char]) {
        // Vertical origin is the top centre of the glyph's em box.
        let n = chars.len() as f32;
        for (k, &ch) in chars.iter().enumerate() {
            let y0 = -(k as f32) / n;
            let y1 = y0 - 1.0 / n;
            let corners = [
                apply(trm, -0.5, y0),
                apply(trm, 0.5, y0),
                apply(trm, 0.5, y1),
                apply(trm, -0.5, y1),
            ];
            self.push_glyph(ch, corners, trm);
        }
    }

    fn push_glyph(&mut self, ch: char, c: [(f32, f32); 4], trm: &M) {
        // Control characters are not text; a drawn space is (a typed space inside a
        // cell text such as "购置 碎纸机" is part of what is printed): `text.rs` turns
        // space glyphs into spaces.
        if ch.is_control() {
            return;
        }
        let ch = if ch.is_whitespace() { ' ' } else { ch };
        let mut r = Rect {
            x0: c[0].0,
            y0: c[0].1,
            x1: c[0].0,
            y1: c[0].1,
        };
        for p in &c[1..] {
            r.x0 = r.x0.min(p.0);
            r.y0 = r.y0.min(p.1);
            r.x1 = r.x1.max(p.0);
            r.y1 = r.y1.max(p.1);
        }
        if !(r.x0.is_finite() && r.y0.is_finite() && r.x1.is_finite() && r.y1.is_finite()) {
            return;
        }
        let (cx, cy) = ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0);
        let clip = self.gs.clip;
        if cx < clip.x0 || cx > clip.x1 || cy < clip.y0 || cy > clip.y1 {
            return;
        }
        // Effective size: the length of the text-space unit y vector.
        let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
        self.glyphs.push(Glyph {
            ch: normalize_fullwidth(ch),
            bbox: r,
            size,
        });
    }

    // -----------------------------------------------------------------
    // Paths

    fn paint(&mut self, stroke: bool, fill: bool) {
        self.path.finish_sub(false);
        let visible = self.hidden_levels == 0;
        if visible && stroke && !self.gs.stroke_white {
            self.stroke_rulings();
        }
        if visible && fill && !self.gs.fill_white {
            self.fill_rulings();
        }
        if self.pending_clip {
            self.pending_clip = false;
            if let Some(b) = self.path.bbox() {
                self.gs.clip = intersect(self.gs.clip, b);
            }
        }
        self.path.clear();
    }

    fn line_width_display(&self) -> f32 {
        let m = &self.gs.ctm;
        let scale = ((m[0] * m[3] - m[1] * m[2]).abs()).sqrt();
        (self.gs.line_width * scale).max(0.1)
    }

    fn stroke_rulings(&mut self) {
        let half = self.line_width_display() / 2.0;
        let subs = std::mem::take(&mut self.path.subs);
        for sp in &subs {
            let pts = &self.path.pts[sp.start..sp.end];
            let mut segs: Vec<(PathPt, PathPt)> = pts
                .windows(2)
                .filter(|w| w[1].line)
                .map(|w| (w[0], w[1]))
                .collect();
            if sp.closed && pts.len() > 2 {
                segs.push((pts[pts.len() - 1], pts[0]));
            }
            for (a, b) in segs {
                self.add_segment(a.x, a.y, b.x, b.y, half);
            }
        }
        self.path.subs = subs;
    }

    fn add_segment(&mut self, ax: f32, ay: f32, bx: f32, by: f32, half: f32) {
        let (dx, dy) = ((bx - ax).abs(), (by - ay).abs());
        let r = if dy <= 0.5 && dx >= MIN_RULING_LEN {
            let y = (ay + by) / 2.0;
            Rect {
                x0: ax.min(bx),
                y0: y - half,
                x1: ax.max(bx),
                y1: y + half,
            }
        } else if dx <= 0.5 && dy >= MIN_RULING_LEN {
            let x = (ax + bx) / 2.0;
            Rect {
                x0: x - half,
                y0: ay.min(by),
                x1: x + half,
                y1: ay.max(by),
            }
        } else {
            return;
        };
        self.push_ruling(r);
    }

    fn push_ruling(&mut self, r: Rect) {
        let c = self.gs.clip;
        // Clip the long axis; drop rulings wholly outside the clip.
        let horizontal = r.x1 - r.x0 >= r.y1 - r.y0;
        let mid_x = (r.x0 + r.x1) / 2.0;
        let mid_y = (r.y0 + r.y1) / 2.0;
        let tol = 0.5;
        let clipped = if horizontal {
            if mid_y < c.y0 - tol || mid_y > c.y1 + tol {
                return;
            }
            Rect {
                x0: r.x0.max(c.x0),
                x1: r.x1.min(c.x1),
                ..r
            }
        } else {
            if mid_x < c.x0 - tol || mid_x > c.x1 + tol {
                return;
            }
            Rect {
                y0: r.y0.max(c.y0),
                y1: r.y1.min(c.y1),
                ..r
            }
        };
        let len = if horizontal {
            clipped.x1 - clipped.x0
        } else {
            clipped.y1 - clipped.y0
        };
        if len >= MIN_RULING_LEN {
            self.rulings.push(clipped);
        }
    }

    fn fill_rulings(&mut self) {
        let subs = std::mem::take(&mut self.path.subs);
        for sp in &subs {
            let pts = &self.path.pts[sp.start..sp.end];
            let Some(r) = axis_rect(pts) else {
                continue;
            };
            let (w, h) = (r.x1 - r.x0, r.y1 - r.y0);
            if w < THIN_FILL || h < THIN_FILL {
                if w.max(h) >= MIN_RULING_LEN {
                    self.push_ruling(r);
                }
            } else {
                // A larger filled box: its four edges.
                let edges = [
                    Rect { y1: r.y0, ..r },
                    Rect { y0: r.y1, ..r },
                    Rect { x1: r.x0, ..r },
                    Rect { x0: r.x1, ..r },
                ];
                for e in edges {
                    self.push_ruling(e);
                }
            }
        }
        self.path.subs = subs;
    }

    // -----------------------------------------------------------------
    // XObjects

    fn do_xobject(&mut self, name: &[u8], resources: Option<&'d Dictionary>, depth: usize) {
        let doc = self.ctx.doc;
        let Some(entry) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|o| as_dict(doc, o))
            .and_then(|d| d.get(name).ok())
        else {
            return;
        };
        let id = entry.as_reference().ok();
        let Some(Object::Stream(stream)) = deref(doc, entry) else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return; // images and PostScript XObjects carry no text
        }
        if let Ok(oc) = stream.dict.get(b"OC")
            && self.ctx.oc.hidden(doc, oc)
        {
            return; // an optional-content layer that is off
        }
        if depth >= MAX_FORM_DEPTH || id.is_some_and(|id| self.form_stack.contains(&id)) {
            self.warn(
                "pdf_form_recursion",
                "a form XObject nests too deeply or refers to itself; it was cut off".into(),
            );
            return;
        }
        let content = match stream.get_plain_content_with_limit(MAX_STREAM_BYTES) {
            Ok(c) => c,
            Err(e) => {
                self.warn(
                    unreadable_stream_code(&e),
                    format!("a form XObject could not be decoded ({e}); its text is missing"),
                );
                return;
            }
        };
        let form_res = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| as_dict(doc, o))
            .or(resources);
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| {
                let v: Vec<f32> = a
                    .iter()
                    .filter_map(|o| deref(doc, o).and_then(|o| o.as_float().ok()))
                    .collect();
                (v.len() == 6).then(|| [v[0], v[1], v[2], v[3], v[4], v[5]])
            })
            .filter(finite)
            .unwrap_or(IDENTITY);
        // Save everything the form may change, including the operand scratch.
        let saved_gs = self.gs.clone();
        let saved_stack = std::mem::take(&mut self.stack);
        let saved_q = std::mem::replace(&mut self.q_overflow, 0);
        let saved_mc = std::mem::take(&mut self.mc_hidden);
        let saved_hidden = self.hidden_levels;
        let saved_clip_flag = std::mem::replace(&mut self.pending_clip, false);
        let saved_tm = (self.tm, self.tlm);
        let saved_ops = std::mem::take(&mut self.ops);
        let saved_strs = std::mem::take(&mut self.strs);
        let saved_names = std::mem::take(&mut self.names);
        let saved_path = std::mem::take(&mut self.path);
        self.gs.ctm = mul(&matrix, &self.gs.ctm);
        if let Some(bbox) = stream
            .dict
            .get(b"BBox")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
        {
            let v: Vec<f32> = bbox
                .iter()
                .filter_map(|o| deref(doc, o).and_then(|o| o.as_float().ok()))
                .collect();
            if v.len() == 4 {
                let m = self.gs.ctm;
                let c = [
                    apply(&m, v[0], v[1]),
                    apply(&m, v[2], v[1]),
                    apply(&m, v[2], v[3]),
                    apply(&m, v[0], v[3]),
                ];
                let r = Rect {
                    x0: c.iter().map(|p| p.0).fold(f32::INFINITY, f32::min),
                    y0: c.iter().map(|p| p.1).fold(f32::INFINITY, f32::min),
                    x1: c.iter().map(|p| p.0).fold(f32::NEG_INFINITY, f32::max),
                    y1: c.iter().map(|p| p.1).fold(f32::NEG_INFINITY, f32::max),
                };
                self.gs.clip = intersect(self.gs.clip, r);
            }
        }
        if let Some(id) = id {
            self.form_stack.push(id);
        }
        self.interpret(&content, form_res, depth + 1);
        if id.is_some() {
            self.form_stack.pop();
        }
        self.gs = saved_gs;
        self.stack = saved_stack;
        self.q_overflow = saved_q;
        self.mc_hidden = saved_mc;
        self.hidden_levels = saved_hidden;
        self.pending_clip = saved_clip_flag;
        (self.tm, self.tlm) = saved_tm;
        self.ops = saved_ops;
        self.strs = saved_strs;
        self.names = saved_names;
        self.path = saved_path;
    }
}

/// An axis-aligned rectangle drawn by a subpath of 4 (or 5, closing) line
/// points.
fn axis_rect(pts: &[PathPt]) -> Option<Rect> {
    let pts = match pts.len() {
        5 if (pts[4].x - pts[0].x).abs() < 0.01 && (pts[4].y - pts[0].y).abs() < 0.01 => &pts[..4],
        4 => pts,
        _ => return None,
    };
    if pts[1..].iter().any(|p| !p.line) {
        return None;
    }
    let eps = 0.01;
    for k in 0..4 {
        let (a, b) = (pts[k], pts[(k + 1) % 4]);
        if (a.x - b.x).abs() > eps && (a.y - b.y).abs() > eps {
            return None;
        }
    }
    let x0 = pts.iter().map(|p| p.x).fold(f32::INFINITY, f32::min);
    let x1 = pts.iter().map(|p| p.x).fold(f32::NEG_INFINITY, f32::max);
    let y0 = pts.iter().map(|p| p.y).fold(f32::INFINITY, f32::min);
    let y1 = pts.iter().map(|p| p.y).fold(f32::NEG_INFINITY, f32::max);
    Some(Rect { x0, y0, x1, y1 })
}

fn is_white(v: &[f32], n: usize) -> bool {
    match n {
        1 => v[0] >= 0.99,
        3 => v.iter().take(3).all(|c| *c >= 0.99),
        4 => v.iter().take(4).all(|c| *c <= 0.01),
        _ => false,
    }
}

/// Full-width digits, Latin letters and the number punctuation ．－％＋
/// become ASCII (some producers map ASCII CIDs to full-width forms), and
/// U+2015 HORIZONTAL BAR becomes U+2014 EM DASH.
/// The full-width comma is handled in context (see
/// [`normalize_number_commas`]): in Chinese prose it is punctuation.
fn normalize_fullwidth(ch: char) -> char {
    match ch {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' | '－' | '％' | '＋' => {
            char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch)
        }
        // HORIZONTAL BAR is GB2312 A1AA (破折号) in the CP936 table, EM DASH in GB18030;
        // fonts draw both with one glyph, and a producer's ToUnicode names either
        // (Chromium/Skia writes U+2015 for Droid Sans Fallback's dash): one character.
        '\u{2015}' => '\u{2014}',
        _ => ch,
    }
}

/// Display direction of a text rendering matrix's baseline (y grows down).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Right = 0,
    Down = 1,
    Left = 2,
    Up = 3,
}

fn baseline_dir(trm: &M) -> Dir {
    let (bx, by) = (trm[0], trm[1]);
    if bx.abs() >= by.abs() {
        if bx >= 0.0 { Dir::Right } else { Dir::Left }
    } else if by > 0.0 {
        Dir::Down
    } else {
        Dir::Up
    }
}

/// A page whose text mostly runs down, up or right-to-left in display space
/// (content drawn upright on a page given `/Rotate 90`, or drawn turned on an
/// unrotated page) is turned so that it runs left to right: glyph boxes,
/// rulings and the page size are mapped by the quarter turn that does it.
/// Pages where upright text is at least a third of the glyphs stay as drawn
/// (a table header printed turned is not a sideways page), and so do pages of
/// fewer than 20 glyphs with any upright one.
fn turn_upright(page: &mut Page, dirs: [usize; 4]) {
    let (best, &n) = dirs
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
        .unwrap_or((0, &0));
    let right = dirs[Dir::Right as usize];
    if best == Dir::Right as usize || n < 2 * right || (n < 20 && right > 0) {
        return;
    }
    let (w, h) = (page.width, page.height);
    let map = |x: f32, y: f32| -> (f32, f32) {
        match best {
            // runs down: turn counter-clockwise
            1 => (y, w - x),
            // runs left: half turn
            2 => (w - x, h - y),
            // runs up: turn clockwise
            _ => (h - y, x),
        }
    };
    let turn = |r: &mut Rect| {
        let (ax, ay) = map(r.x0, r.y0);
        let (bx, by) = map(r.x1, r.y1);
        *r = Rect {
            x0: ax.min(bx),
            y0: ay.min(by),
            x1: ax.max(bx),
            y1: ay.max(by),
        };
    };
    for g in &mut page.glyphs {
        turn(&mut g.bbox);
    }
    for r in &mut page.rulings {
        turn(r);
    }
    if best != 2 {
        (page.width, page.height) = (h, w);
    }
    page.warnings.push(Note {
        code: "page_turned_upright".into(),
        message: format!(
            "the text of page {} runs {} on the displayed page; it was read turned upright",
            page.number,
            ["right", "downwards", "right to left", "upwards"][best]
        ),
        at: Some(format!("page {}", page.number)),
    });
}

/// Drop glyphs that repeat an earlier glyph's character at (almost) the
/// same place: producers simulate bold by drawing a string two or more
/// times with a tiny offset. Keeps drawing order; returns how many went.
fn dedupe_glyphs(glyphs: &mut Vec<Glyph>) -> usize {
    if glyphs.len() < 2 {
        return 0;
    }
    let centre = |g: &Glyph| ((g.bbox.x0 + g.bbox.x1) / 2.0, (g.bbox.y0 + g.bbox.y1) / 2.0);
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (&glyphs[a], &glyphs[b]);
        ga.ch
            .cmp(&gb.ch)
            .then(centre(ga).1.total_cmp(&centre(gb).1))
            .then(a.cmp(&b))
    });
    let mut drop = vec![false; glyphs.len()];
    for (k, &i) in order.iter().enumerate() {
        if drop[i] {
            continue;
        }
        let gi = &glyphs[i];
        let (xi, yi) = centre(gi);
        let tol = 0.2 * gi.size.max(1.0);
        for &j in &order[k + 1..] {
            let gj = &glyphs[j];
            let (xj, yj) = centre(gj);
            if gj.ch != gi.ch || yj - yi > tol {
                break;
            }
            if !drop[j] && (xj - xi).abs() < tol && (gj.size - gi.size).abs() < tol {
                // Keep the first drawn of the two.
                drop[i.max(j)] = true;
                if j < i {
                    break;
                }
            }
        }
    }
    let removed = drop.iter().filter(|d| **d).count();
    if removed > 0 {
        let mut k = 0;
        glyphs.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
    removed
}

/// A full-width comma drawn as a thousands separator — right after a
/// digit and followed by exactly three digits on the same line — becomes
/// ','. Other full-width commas (Chinese punctuation, "1，2" enumerations)
/// stay as they are.
fn normalize_number_commas(glyphs: &mut [Glyph]) {
    for k in 1..glyphs.len() {
        if glyphs[k].ch != '，' {
            continue;
        }
        let b = glyphs[k];
        let same_line = |g: &Glyph| {
            let cy = (g.bbox.y0 + g.bbox.y1) / 2.0;
            cy > b.bbox.y0 && cy < b.bbox.y1
        };
        let digit = |i: usize| {
            glyphs
                .get(i)
                .is_some_and(|g| g.ch.is_ascii_digit() && same_line(g))
        };
        let before = &glyphs[k - 1];
        let after_ok = digit(k + 1)
            && digit(k + 2)
            && digit(k + 3)
            && !digit(k + 4)
            && glyphs[k + 1].bbox.x0 >= b.bbox.x1 - 1.0
            && glyphs[k + 2].bbox.x0 > glyphs[k + 1].bbox.x0
            && glyphs[k + 3].bbox.x0 > glyphs[k + 2].bbox.x0;
        if digit(k - 1) && before.bbox.x1 <= b.bbox.x0 + 1.0 && after_ok {
            glyphs[k].ch = ',';
        }
    }
}

#[inline]
fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b'\x0c'
            | 0
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

#[inline]
fn hexval(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

fn parse_num(s: &[u8]) -> f32 {
    // Fast path for plain decimals; tolerate junk like "--5" or "1.2.3".
    let mut neg = false;
    let mut i = 0;
    while i < s.len() && (s[i] == b'-' || s[i] == b'+') {
        neg ^= s[i] == b'-';
        i += 1;
    }
    let mut int: f64 = 0.0;
    while i < s.len() && s[i].is_ascii_digit() {
        int = int * 10.0 + (s[i] - b'0') as f64;
        i += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let mut scale = 0.1;
        while i < s.len() && s[i].is_ascii_digit() {
            int += (s[i] - b'0') as f64 * scale;
            scale *= 0.1;
            i += 1;
        }
    }
    let v = if neg { -int } else { int } as f32;
    if v.is_finite() { v } else { 0.0 }
}

/// Lex a literal string body (after '('); returns the index after ')'.
fn lex_literal(data: &[u8], mut i: usize, out: &mut Vec<u8>) -> usize {
    let n = data.len();
    let mut depth = 1;
    while i < n {
        let c = data[i];
        match c {
            b'\\' => {
                i += 1;
                let Some(&e) = data.get(i) else { break };
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v: u32 = 0;
                        let mut k = 0;
                        while k < 3 && i < n && (b'0'..=b'7').contains(&data[i]) {
                            v = v * 8 + (data[i] - b'0') as u32;
                            i += 1;
                            k += 1;
                        }
                        out.push(v as u8);
                        continue;
                    }
                    b'\r' => {
                        if data.get(i + 1) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    b'\n' => {}
                    other => out.push(other),
                }
                i += 1;
            }
            b'(' => {
                depth += 1;
                out.push(c);
                i += 1;
            }
            b')' => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    return i;
                }
                out.push(c);
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    n
}

/// Lex a hex string body (after '<'); returns the index after '>'.
fn lex_hex(data: &[u8], mut i: usize, out: &mut Vec<u8>) -> usize {
    let mut half: Option<u8> = None;
    while i < data.len() {
        let c = data[i];
        i += 1;
        if c == b'>' {
            break;
        }
        if let Some(d) = hexval(c) {
            match half.take() {
                Some(h) => out.push((h << 4) | d),
                None => half = Some(d),
            }
        }
    }
    if let Some(h) = half {
        out.push(h << 4);
    }
    i
}

/// Skip an inline image from just after `BI`; returns the index after `EI`.
fn skip_inline_image(data: &[u8], mut i: usize) -> usize {
    let n = data.len();
    // Find the ID keyword (a standalone token).
    let mut found = None;
    while i + 1 < n {
        if data[i] == b'I'
            && data[i + 1] == b'D'
            && i > 0
            && is_delim(data[i - 1])
            && (i + 2 >= n || is_delim(data[i + 2]))
        {
            found = Some(i + 2);
            break;
        }
        // Skip strings so that "ID" inside one is not matched.
        if data[i] == b'(' {
            let mut scratch = Vec::new();
            i = lex_literal(data, i + 1, &mut scratch);
            continue;
        }
        i += 1;
    }
    let Some(mut j) = found else {
        return n;
    };
    j += 1; // the single whitespace after ID
    while j + 2 < n {
        if data[j] == b'E'
            && data[j + 1] == b'I'
            && matches!(data[j - 1], b' ' | b'\t' | b'\r' | b'\n' | 0)
            && (j + 2 == n || matches!(data[j + 2], b' ' | b'\t' | b'\r' | b'\n' | 0))
        {
            return j + 2;
        }
        j += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_numbers_and_strings() {
        assert_eq!(parse_num(b"-12.5"), -12.5);
        assert_eq!(parse_num(b".5"), 0.5);
        assert_eq!(parse_num(b"--3"), 3.0);
        let mut out = Vec::new();
        let end = lex_literal(b"a\\(b\\)c (d) \\101\\n) rest", 0, &mut out);
        assert_eq!(out, b"a(b)c (d) A\n");
        assert_eq!(end, 19);
        out.clear();
        lex_hex(b"4E2 D>", 0, &mut out);
        assert_eq!(out, vec![0x4E, 0x2D]);
    }

    #[test]
    fn skips_inline_images() {
        let data = b"BI /W 2 /H 2 /CS /G /BPC 8 ID \x00EI\xff EI\nQ";
        let end = skip_inline_image(data, 2);
        assert_eq!(&data[end..], b"\nQ");
    }

    #[test]
    fn thousands_commas_only() {
        let g = |ch, x: f32| Glyph {
            ch,
            bbox: Rect {
                x0: x,
                y0: 0.0,
                x1: x + 5.0,
                y1: 10.0,
            },
            size: 10.0,
        };
        let line = |s: &str| -> Vec<Glyph> {
            s.chars()
                .enumerate()
                .map(|(i, c)| g(c, i as f32 * 5.0))
                .collect()
        };
        let text = |v: &[Glyph]| v.iter().map(|g| g.ch).collect::<String>();
        let mut a = line("9，101.68");
        normalize_number_commas(&mut a);
        assert_eq!(text(&a), "9,101.68");
        let mut b = line("1，2，3项");
        normalize_number_commas(&mut b);
        assert_eq!(text(&b), "1，2，3项");
        let mut c = line("2，389，520元");
        normalize_number_commas(&mut c);
        assert_eq!(text(&c), "2,389,520元");
        let mut d = line("第1，2345");
        normalize_number_commas(&mut d);
        assert_eq!(text(&d), "第1，2345");
    }

    #[test]
    fn fullwidth_normalization() {
        assert_eq!(normalize_fullwidth('９'), '9');
        assert_eq!(normalize_fullwidth('．'), '.');
        assert_eq!(normalize_fullwidth('，'), '，');
        assert_eq!(normalize_fullwidth('中'), '中');
    }
}
