//! PDF fonts, reduced to what text extraction needs: splitting a shown
//! string into codes, each code's advance width, and its Unicode text.
//!
//! Unicode order of preference: the font's ToUnicode CMap; then for CID
//! fonts a Unicode-keyed predefined CMap (the code is the text) or the
//! Adobe-GB1 CID → Unicode table; for simple fonts the encoding (base
//! encoding + /Differences glyph names). Anything else is unmapped: the
//! caller emits U+FFFD and one warning per font.

use lopdf::{Dictionary, Document, Object};

use std::cell::OnceCell;

use super::cmap::{self, CidCMap, CodeSpace, ToUnicode};
use super::data::glyphs;
use super::truetype::{self, GlyphMap};

/// Longest decoded stream we accept for a ToUnicode CMap.
const MAX_CMAP_BYTES: usize = 16 << 20;

#[derive(Debug)]
pub struct Font {
    /// BaseFont without its subset prefix (for messages).
    pub name: String,
    kind: Kind,
    to_unicode: Option<ToUnicode>,
    /// Ascent and descent as fractions of the font size.
    pub ascent: f32,
    pub descent: f32,
    /// Vertical writing (Identity-V and other `-V` CMaps).
    pub vertical: bool,
    /// Glyph-space width units → text space (0.001, or Type3's FontMatrix).
    width_scale: f32,
    /// Embedded CID TrueType font without usable ToUnicode: (FontFile2,
    /// CIDToGIDMap) to read its `cmap` backwards, loaded on first need.
    embedded: Option<(Object, Option<Object>)>,
    glyph_map: OnceCell<Option<(Option<Vec<u16>>, GlyphMap)>>,
}

#[derive(Debug)]
enum Kind {
    Simple {
        /// Unicode per code ('\0' = unknown).
        chars: Box<[char; 256]>,
        /// Width per code in glyph units.
        widths: Box<[f32; 256]>,
    },
    Cid {
        codespace: CodeSpace,
        /// None = Identity (code = CID).
        cmap: Option<&'static CidCMap>,
        /// Sorted disjoint (first CID, last CID, width).
        widths: Vec<(u32, u32, f32)>,
        dw: f32,
        /// Vertical advance (DW2's second entry, glyph units, negative = down).
        dw2_y: f32,
        /// The CID collection is Adobe-GB1.
        gb1: bool,
    },
}

/// A font that could not be understood at all still shows something:
/// two-byte codes, 1000-unit widths, nothing mapped.
pub fn fallback_font(name: &str) -> Font {
    Font {
        name: name.to_string(),
        kind: Kind::Cid {
            codespace: CodeSpace::fixed(2),
            cmap: None,
            widths: Vec::new(),
            dw: 1000.0,
            dw2_y: -1000.0,
            gb1: false,
        },
        to_unicode: None,
        ascent: DEFAULT_ASCENT,
        descent: DEFAULT_DESCENT,
        vertical: false,
        width_scale: 0.001,
        embedded: None,
        glyph_map: OnceCell::new(),
    }
}

pub const DEFAULT_ASCENT: f32 = 0.88;
pub const DEFAULT_DESCENT: f32 = -0.12;

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    let mut o = obj;
    for _ in 0..8 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(t) => o = t,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key)
        .ok()
        .map(|o| deref(doc, o))
        .filter(|o| !matches!(o, Object::Null))
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

fn name<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, d, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, d, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn strip_subset(base: &[u8]) -> String {
    let s = String::from_utf8_lossy(base);
    match s.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => {
            rest.to_string()
        }
        _ => s.into_owned(),
    }
}

/// Unicode of a glyph name: the glyph list, `uniXXXX[XXXX…]` (first char
/// kept), `uXXXX[XX]`, and `name.suffix` variants.
pub fn glyph_name_to_char(n: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(n).ok()?;
    let base = s.split('.').next().unwrap_or(s);
    if let Ok(i) = glyphs::GLYPH_NAMES.binary_search_by(|(k, _)| (*k).cmp(base)) {
        return Some(glyphs::GLYPH_NAMES[i].1);
    }
    let hex = |h: &str| u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    if let Some(h) = base.strip_prefix("uni")
        && h.len() >= 4
        && h.len() % 4 == 0
        && h.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return hex(&h[..4]);
    }
    if let Some(h) = base.strip_prefix('u')
        && (4..=6).contains(&h.len())
        && h.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return hex(h);
    }
    None
}

fn table_char(table: &[u16; 256], code: usize) -> char {
    char::from_u32(table[code] as u32).unwrap_or('\0')
}

/// Standard-14 base font name for a BaseFont (aliases such as Arial and
/// TimesNewRoman included), or None.
fn std14_name(base: &str) -> Option<&'static str> {
    let b = base.replace([' ', '-', ','], "").to_ascii_lowercase();
    let bold = b.contains("bold");
    let italic = b.contains("italic") || b.contains("oblique");
    if b.starts_with("courier") {
        return Some("Courier");
    }
    if b.starts_with("symbol") {
        return Some("Symbol");
    }
    let family = if b.starts_with("helvetica") || b.starts_with("arial") {
        "Helvetica"
    } else if b.starts_with("times") {
        "Times"
    } else {
        return None;
    };
    Some(match (family, bold, italic) {
        ("Helvetica", false, false) => "Helvetica",
        ("Helvetica", true, false) => "Helvetica-Bold",
        ("Helvetica", false, true) => "Helvetica-Oblique",
        ("Helvetica", true, true) => "Helvetica-BoldOblique",
        ("Times", false, false) => "Times-Roman",
        ("Times", true, false) => "Times-Bold",
        ("Times", false, true) => "Times-Italic",
        _ => "Times-BoldItalic",
    })
}

fn std14_width(font: &str, ch: char) -> Option<f32> {
    if font == "Courier" {
        return Some(600.0);
    }
    let (_, table) = glyphs::STD14_WIDTHS.iter().find(|(n, _)| *n == font)?;
    let i = table.binary_search_by(|(c, _)| c.cmp(&ch)).ok()?;
    Some(table[i].1 as f32)
}

fn parse_descriptor(doc: &Document, fd: Option<&Dictionary>) -> (f32, f32, f32, u32) {
    let (mut asc, mut desc, mut missing, mut flags) = (DEFAULT_ASCENT, DEFAULT_DESCENT, 0.0, 0);
    if let Some(fd) = fd {
        let a = get(doc, fd, b"Ascent").and_then(num).map(|v| v / 1000.0);
        let d = get(doc, fd, b"Descent").and_then(num).map(|v| v / 1000.0);
        if let (Some(a), Some(d)) = (a, d)
            && (0.5..=1.3).contains(&a)
            && (-0.6..=0.0).contains(&d)
        {
            asc = a;
            desc = d;
        }
        missing = get(doc, fd, b"MissingWidth").and_then(num).unwrap_or(0.0);
        flags = get(doc, fd, b"Flags").and_then(num).unwrap_or(0.0) as u32;
    }
    (asc, desc, missing, flags)
}

fn stream_bytes(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    stream_bytes_limited(doc, o, MAX_CMAP_BYTES)
}

fn stream_bytes_limited(doc: &Document, o: &Object, limit: usize) -> Option<Vec<u8>> {
    match deref(doc, o) {
        Object::Stream(s) => s.get_plain_content_with_limit(limit).ok(),
        _ => None,
    }
}

/// Longest embedded font program we decode for its `cmap`.
const MAX_FONT_BYTES: usize = 64 << 20;

impl Font {
    /// Build a font from its dictionary. Never fails: missing pieces fall
    /// back to defaults (and unmapped codes surface later as U+FFFD).
    pub fn load(doc: &Document, d: &Dictionary) -> Font {
        let subtype = name(doc, d, b"Subtype").unwrap_or(b"");
        let base = strip_subset(name(doc, d, b"BaseFont").unwrap_or(b"?"));
        let to_unicode = d
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| stream_bytes(doc, o))
            .map(|b| ToUnicode::parse(&b))
            .filter(|t| !t.is_empty());
        if subtype == b"Type0" {
            Self::load_type0(doc, d, base, to_unicode)
        } else {
            Self::load_simple(doc, d, subtype, base, to_unicode)
        }
    }

    fn load_type0(doc: &Document, d: &Dictionary, base: String, tu: Option<ToUnicode>) -> Font {
        let desc = match get(doc, d, b"DescendantFonts") {
            Some(Object::Array(a)) => a.first().map(|o| deref(doc, o)),
            _ => None,
        };
        let desc = match desc {
            Some(Object::Dictionary(dd)) => Some(dd),
            _ => None,
        };
        let (mut codespace, mut cmap, mut vertical) = (CodeSpace::fixed(2), None, false);
        match get(doc, d, b"Encoding") {
            Some(Object::Name(n)) => {
                let n = String::from_utf8_lossy(n);
                vertical = n.ends_with("-V");
                if n != "Identity-H" && n != "Identity-V" {
                    cmap = cmap::predefined(&n);
                    if let Some(c) = cmap {
                        codespace = c.codespace.clone();
                    }
                }
            }
            Some(Object::Stream(s)) => {
                // An embedded CMap: honour its code space (the CID mapping
                // itself is left as Identity; text comes from ToUnicode).
                if let Ok(b) = s.get_plain_content_with_limit(MAX_CMAP_BYTES) {
                    let parsed = ToUnicode::parse(&b);
                    if !parsed.codespace.is_empty() {
                        codespace = parsed.codespace;
                    }
                }
                if let Some(Object::Name(n)) = get(doc, &s.dict, b"CMapName") {
                    vertical = n.ends_with(b"-V");
                }
            }
            _ => {}
        }
        // Predefined CMaps yield real Adobe-GB1 CIDs. With Identity-H the
        // CIDs are Adobe-GB1 CIDs only for CFF CID fonts and non-embedded
        // fonts; an embedded CID TrueType's CIDs are glyph ids.
        let mut gb1 = cmap.is_some();
        let (mut widths, mut dw, mut dw2_y) = (Vec::new(), 1000.0, -1000.0);
        let mut fd = None;
        let mut embedded = None;
        if let Some(dd) = desc {
            fd = dict(doc, dd, b"FontDescriptor");
            let font_file2 = fd.and_then(|fd| fd.get(b"FontFile2").ok()).cloned();
            let is_embedded = fd.is_some_and(|fd| {
                fd.has(b"FontFile") || fd.has(b"FontFile2") || fd.has(b"FontFile3")
            });
            let cff = name(doc, dd, b"Subtype") == Some(b"CIDFontType0");
            if let Some(info) = dict(doc, dd, b"CIDSystemInfo") {
                let ordering = match get(doc, info, b"Ordering") {
                    Some(Object::String(s, _)) => s.as_slice(),
                    _ => b"",
                };
                gb1 |= ordering == b"GB1" && (cff || !is_embedded);
            }
            if cmap.is_none()
                && let Some(ff) = font_file2
            {
                embedded = Some((ff, dd.get(b"CIDToGIDMap").ok().cloned()));
            }
            if let Some(v) = get(doc, dd, b"DW").and_then(num) {
                dw = v;
            }
            if let Some(Object::Array(a)) = get(doc, dd, b"DW2")
                && let Some(v) = a.get(1).map(|o| deref(doc, o)).and_then(num)
            {
                dw2_y = v;
            }
            if let Some(Object::Array(w)) = get(doc, dd, b"W") {
                widths = parse_w(doc, w);
            }
        }
        let (ascent, descent, _, _) = parse_descriptor(doc, fd);
        Font {
            name: base,
            kind: Kind::Cid {
                codespace,
                cmap,
                widths,
                dw,
                dw2_y,
                gb1,
            },
            to_unicode: tu,
            ascent,
            descent,
            vertical,
            width_scale: 0.001,
            embedded,
            glyph_map: OnceCell::new(),
        }
    }

    fn load_simple(
        doc: &Document,
        d: &Dictionary,
        subtype: &[u8],
        base: String,
        tu: Option<ToUnicode>,
    ) -> Font {
        let fd = dict(doc, d, b"FontDescriptor");
        let (ascent, descent, missing, flags) = parse_descriptor(doc, fd);
        let symbolic = flags & 4 != 0 && flags & 32 == 0;
        let std14 = std14_name(&base);
        // Base encoding.
        let (enc_name, diffs) = match get(doc, d, b"Encoding") {
            Some(Object::Name(n)) => (Some(n.as_slice()), None),
            Some(Object::Dictionary(ed)) => (
                name(doc, ed, b"BaseEncoding"),
                match get(doc, ed, b"Differences") {
                    Some(Object::Array(a)) => Some(a),
                    _ => None,
                },
            ),
            _ => (None, None),
        };
        let table: Option<&[u16; 256]> = match enc_name {
            Some(b"WinAnsiEncoding") => Some(&glyphs::WIN_ANSI),
            Some(b"MacRomanEncoding") => Some(&glyphs::MAC_ROMAN),
            Some(b"StandardEncoding") => Some(&glyphs::STANDARD),
            _ if symbolic || matches!(std14, Some("Symbol")) => None,
            _ => Some(&glyphs::STANDARD),
        };
        let mut chars = Box::new(['\0'; 256]);
        // An embedded Type 1 program without a named base encoding brings
        // its own (built-in) encoding: read it rather than guess Standard.
        let builtin = if enc_name.is_none() && subtype != b"Type3" {
            fd.and_then(|fd| fd.get(b"FontFile").ok())
                .and_then(|o| stream_bytes_limited(doc, o, MAX_FONT_BYTES))
                .and_then(|p| type1_builtin_encoding(&p))
        } else {
            None
        };
        if let Some(b) = builtin {
            *chars = *b;
        } else if let Some(t) = table {
            for (i, c) in chars.iter_mut().enumerate() {
                *c = table_char(t, i);
            }
        }
        if let Some(diffs) = diffs {
            let mut code = 0usize;
            for o in diffs {
                match deref(doc, o) {
                    Object::Integer(i) => code = (*i).clamp(0, 255) as usize,
                    Object::Name(n) => {
                        if code < 256 {
                            if let Some(c) = glyph_name_to_char(n) {
                                chars[code] = c;
                            } else if !is_index_name(n) {
                                // An unknown name: the base encoding's
                                // letter would be a guess, so leave unmapped.
                                chars[code] = '\0';
                            }
                            // gNN / cidNN / CNN index names keep the base
                            // encoding's character as a fallback.
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        // Widths.
        let mut widths = Box::new([missing; 256]);
        let mut have_widths = false;
        if let Some(Object::Array(w)) = get(doc, d, b"Widths") {
            let first = get(doc, d, b"FirstChar").and_then(num).unwrap_or(0.0) as i64;
            for (k, o) in w.iter().enumerate() {
                let code = first + k as i64;
                if (0..256).contains(&code)
                    && let Some(v) = num(deref(doc, o))
                {
                    widths[code as usize] = v;
                    have_widths = true;
                }
            }
        }
        if !have_widths {
            for code in 0..256 {
                let w = match std14 {
                    Some(f) => std14_width(f, chars[code]),
                    None => None,
                };
                widths[code] = w.unwrap_or(if missing > 0.0 { missing } else { 500.0 });
            }
        }
        let mut width_scale = 0.001;
        if subtype == b"Type3"
            && let Some(Object::Array(m)) = get(doc, d, b"FontMatrix")
            && let Some(a) = m.first().map(|o| deref(doc, o)).and_then(num)
            && a.abs() > 1e-6
            && a.abs() < 10.0
        {
            width_scale = a;
        }
        Font {
            name: base,
            kind: Kind::Simple { chars, widths },
            to_unicode: tu,
            ascent,
            descent,
            vertical: false,
            width_scale,
            embedded: None,
            glyph_map: OnceCell::new(),
        }
    }

    /// Last resort for codes [`Font::unicode`] cannot map: read the embedded
    /// TrueType font's own `cmap` backwards (CID → glyph id → Unicode).
    pub fn unicode_from_font_program(&self, doc: &Document, code: u32) -> Option<char> {
        let embedded = self.embedded.as_ref()?;
        let map = self.glyph_map.get_or_init(|| {
            let program = stream_bytes_limited(doc, &embedded.0, MAX_FONT_BYTES)?;
            let map = truetype::glyph_map(&program);
            if map.is_empty() {
                return None;
            }
            let cid_to_gid = match embedded.1.as_ref().map(|o| deref(doc, o)) {
                Some(Object::Stream(_)) => embedded
                    .1
                    .as_ref()
                    .and_then(|o| stream_bytes_limited(doc, o, 1 << 20))
                    .map(|b| {
                        b.chunks_exact(2)
                            .map(|c| u16::from_be_bytes([c[0], c[1]]))
                            .collect()
                    }),
                _ => None, // Identity
            };
            Some((cid_to_gid, map))
        });
        let (cid_to_gid, map) = map.as_ref()?;
        let gid = match cid_to_gid {
            Some(t) => *t.get(code as usize)?,
            None => u16::try_from(code).ok()?,
        };
        truetype::lookup(map, gid).filter(|c| !c.is_control())
    }

    /// Split the next code off `bytes` (non-empty): (code, bytes used).
    #[inline]
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        match &self.kind {
            Kind::Simple { .. } => (bytes[0] as u32, 1),
            Kind::Cid { codespace, .. } => codespace.next_code(bytes),
        }
    }

    /// Horizontal advance of `code` in text-space units per unit font size.
    #[inline]
    pub fn width(&self, code: u32) -> f32 {
        let w = match &self.kind {
            Kind::Simple { widths, .. } => widths[(code & 0xFF) as usize],
            Kind::Cid {
                cmap, widths, dw, ..
            } => {
                let cid = match cmap {
                    None => Some(code),
                    Some(c) => c.cid(code),
                };
                match cid {
                    Some(cid) => {
                        let i = widths.partition_point(|r| r.0 <= cid);
                        match i.checked_sub(1).map(|i| widths[i]) {
                            Some((_, hi, w)) if cid <= hi => w,
                            _ => *dw,
                        }
                    }
                    None => *dw,
                }
            }
        };
        w * self.width_scale
    }

    /// Vertical advance (negative = downward) per unit font size.
    pub fn vertical_advance(&self) -> f32 {
        match &self.kind {
            Kind::Cid { dw2_y, .. } => *dw2_y * 0.001,
            Kind::Simple { .. } => -1.0,
        }
    }

    /// The Unicode text of `code` into `out`; returns the count (0 = unmapped).
    #[inline]
    pub fn unicode(&self, code: u32, nbytes: usize, out: &mut [char; 8]) -> usize {
        if let Some(tu) = &self.to_unicode {
            let n = tu.lookup(code, out);
            // A lone private-use code point says nothing about the text:
            // try the other sources (and report it unmapped if they fail).
            if n > 1 || (n == 1 && !('\u{E000}'..='\u{F8FF}').contains(&out[0])) {
                return n;
            }
        }
        match &self.kind {
            Kind::Simple { chars, .. } => {
                let c = chars[(code & 0xFF) as usize];
                if c == '\0' {
                    0
                } else {
                    out[0] = c;
                    1
                }
            }
            Kind::Cid { cmap, gb1, .. } => {
                if let Some(cm) = cmap
                    && cm.unicode_codes
                {
                    let c = if nbytes == 4 {
                        let hi = code >> 16;
                        let lo = code & 0xFFFF;
                        if (0xD800..0xDC00).contains(&hi) && (0xDC00..0xE000).contains(&lo) {
                            char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                        } else {
                            None
                        }
                    } else {
                        char::from_u32(code)
                    };
                    if let Some(c) = c.filter(|c| *c != '\0') {
                        out[0] = c;
                        return 1;
                    }
                    return 0;
                }
                // In the GB byte encodings a single byte below 0x80 is ASCII
                // (Adobe-GB1 would give its full-width CID's Unicode).
                if cmap.is_some() && nbytes == 1 && (0x20..0x7F).contains(&code) {
                    out[0] = code as u8 as char;
                    return 1;
                }
                if *gb1 {
                    let cid = match cmap {
                        None => Some(code),
                        Some(c) => c.cid(code),
                    };
                    if let Some(c) = cid.and_then(cmap::gb1_to_unicode) {
                        out[0] = c;
                        return 1;
                    }
                }
                0
            }
        }
    }
}

/// The built-in encoding of a Type 1 font program (its clear-text part):
/// `dup <code> /<name> put` entries. None when the program uses
/// StandardEncoding or has no readable encoding.
fn type1_builtin_encoding(program: &[u8]) -> Option<Box<[char; 256]>> {
    let end = program
        .windows(b"eexec".len())
        .position(|w| w == b"eexec")
        .unwrap_or(program.len().min(65536));
    let clear = &program[..end];
    let at = clear.windows(9).position(|w| w == b"/Encoding")?;
    let rest = &clear[at + 9..];
    if rest
        .split(|b| b.is_ascii_whitespace())
        .find(|t| !t.is_empty())
        .is_some_and(|t| t == b"StandardEncoding")
    {
        return None;
    }
    let toks: Vec<&[u8]> = rest
        .split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
        .take_while(|t| *t != b"readonly" && *t != b"def")
        .collect();
    let mut chars = Box::new(['\0'; 256]);
    let mut any = false;
    for w in toks.windows(4) {
        if w[0] == b"dup"
            && w[3] == b"put"
            && let Some(code) = std::str::from_utf8(w[1])
                .ok()
                .and_then(|s| s.parse::<usize>().ok())
            && code < 256
            && let Some(name) = w[2].strip_prefix(b"/")
            && let Some(c) = glyph_name_to_char(name)
        {
            chars[code] = c;
            any = true;
        }
    }
    any.then_some(chars)
}

fn is_index_name(n: &[u8]) -> bool {
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(|b| b.is_ascii_digit());
    [&b"cid"[..], b"g", b"G", b"C", b"c"]
        .iter()
        .any(|p| n.strip_prefix(*p).is_some_and(digits))
}

fn parse_w(doc: &Document, w: &[Object]) -> Vec<(u32, u32, f32)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = num(deref(doc, &w[i])) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate() {
                    if let Some(v) = num(deref(doc, o)) {
                        let c = first.saturating_add(k as u32);
                        out.push((c, c, v));
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = num(o).unwrap_or(0.0).max(0.0) as u32;
                let v = w.get(i + 2).map(|o| deref(doc, o)).and_then(num);
                if let Some(v) = v
                    && last >= first
                {
                    out.push((first, last, v));
                }
                i += 3;
            }
            None => break,
        }
    }
    out.sort_by_key(|r| r.0);
    // Make the ranges disjoint (first definition wins on overlap).
    let mut clean: Vec<(u32, u32, f32)> = Vec::with_capacity(out.len());
    for r in out {
        match clean.last() {
            Some(l) if r.0 <= l.1 => {
                if r.1 > l.1 {
                    clean.push((l.1.saturating_add(1), r.1, r.2));
                }
            }
            _ => clean.push(r),
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_char(b"A"), Some('A'));
        assert_eq!(glyph_name_to_char(b"Euro"), Some('€'));
        assert_eq!(glyph_name_to_char(b"uni4E2D"), Some('中'));
        assert_eq!(glyph_name_to_char(b"u1F600"), Some('😀'));
        assert_eq!(glyph_name_to_char(b"a.sc"), Some('a'));
        assert_eq!(glyph_name_to_char(b"fi"), Some('\u{FB01}'));
        assert_eq!(glyph_name_to_char(b"g12"), None);
        assert!(is_index_name(b"g12") && is_index_name(b"cid300"));
    }

    #[test]
    fn std14() {
        assert_eq!(std14_name("Arial,Bold"), Some("Helvetica-Bold"));
        assert_eq!(std14_name("TimesNewRomanPSMT"), Some("Times-Roman"));
        assert_eq!(std14_width("Helvetica", 'A'), Some(667.0));
        assert_eq!(std14_width("Courier", 'x'), Some(600.0));
    }

    #[test]
    fn embedded_truetype_cmap_fallback() {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let ff = doc.add_object(Stream::new(
            Dictionary::new(),
            super::truetype::tests::tiny_font(),
        ));
        let fd = doc.add_object(dictionary! { "Type" => "FontDescriptor", "FontFile2" => ff });
        let desc = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "X",
            "FontDescriptor" => fd, "CIDToGIDMap" => "Identity",
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("GB1"), "Supplement" => 0 },
        });
        let d = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "X",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![desc.into()],
        };
        let font = Font::load(&doc, &d);
        let mut out = ['\0'; 8];
        // Embedded CID TrueType: CIDs are glyph ids, so no Adobe-GB1 lookup.
        assert_eq!(font.unicode(5, 2, &mut out), 0);
        assert_eq!(font.unicode_from_font_program(&doc, 5), Some('中'));
        assert_eq!(font.unicode_from_font_program(&doc, 9), Some('A'));
        assert_eq!(font.unicode_from_font_program(&doc, 7), None);
    }

    #[test]
    fn type1_builtin_encoding_is_read() {
        let prog = b"%!PS-AdobeFont-1.0: X\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
            dup 65 /Euro put\ndup 66 /uni4E2D put\nreadonly def\ncurrentfile eexec\n\x80\x81";
        let enc = type1_builtin_encoding(prog).expect("encoding");
        assert_eq!(enc[65], '€');
        assert_eq!(enc[66], '中');
        assert_eq!(enc[67], '\0');
        assert!(type1_builtin_encoding(b"/Encoding StandardEncoding def eexec").is_none());
    }

    #[test]
    fn w_array() {
        let doc = Document::with_version("1.5");
        let w = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Integer(20),
            Object::Integer(250),
        ];
        assert_eq!(
            parse_w(&doc, &w),
            vec![(1, 1, 500.0), (2, 2, 600.0), (10, 20, 250.0)]
        );
    }
}
