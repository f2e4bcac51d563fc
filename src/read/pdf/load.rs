//! Loading a PDF with lopdf, safely: object streams, xref streams and
//! incremental updates are lopdf's; a broken cross-reference table is
//! rebuilt by lopdf's scan of `N 0 obj` (lenient loading, retried with
//! `force_reconstruct` when the page tree does not load); empty-user-password
//! encryption is decrypted by lopdf while loading. Every lopdf call that sees
//! raw input runs under `catch_unwind` as a last resort: a panic inside the
//! dependency becomes `Error::Pdf`, never a crash of the batch.

use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::xref::XrefRecovery;
use lopdf::{Dictionary, LoadOptions, Object, ObjectId};

use crate::error::Error;
use crate::layout::Note;

/// Upper bound for one decoded stream (object streams while loading, page
/// content streams later). A real disclosure's page content is a few MB at
/// most; 64 MiB bounds a decompression bomb's peak memory (it was 128 MiB:
/// a 300 KB PDF inflating to 300 MiB peaked at 137 MB RSS, now 72 MB).
pub const MAX_STREAM_BYTES: usize = 64 << 20;

pub struct Loaded {
    pub doc: lopdf::Document,
    pub producer: Option<String>,
    pub warnings: Vec<Note>,
}

/// A page's geometry: the visible box in default user space and rotation.
#[derive(Debug, Clone, Copy)]
pub struct PageBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// 0, 90, 180 or 270.
    pub rotate: i32,
}

impl PageBox {
    /// Displayed width and height (after rotation).
    pub fn display_size(&self) -> (f32, f32) {
        let (w, h) = (self.x1 - self.x0, self.y1 - self.y0);
        if self.rotate % 180 == 0 {
            (w, h)
        } else {
            (h, w)
        }
    }

    /// Matrix mapping default user space to display space (top-left origin,
    /// y down, rotation applied). Row-vector convention `[a b c d e f]`.
    pub fn display_matrix(&self) -> [f32; 6] {
        let (x0, y0, x1, y1) = (self.x0, self.y0, self.x1, self.y1);
        match self.rotate {
            // X = y - y0, Y = x - x0
            90 => [0.0, 1.0, 1.0, 0.0, -y0, -x0],
            // X = x1 - x, Y = y - y0
            180 => [-1.0, 0.0, 0.0, 1.0, x1, -y0],
            // X = y1 - y, Y = x1 - x
            270 => [0.0, -1.0, -1.0, 0.0, y1, x1],
            // X = x - x0, Y = y1 - y
            _ => [1.0, 0.0, 0.0, -1.0, -x0, y1],
        }
    }
}

fn note(code: &str, message: String) -> Note {
    Note {
        code: code.to_string(),
        message,
        at: None,
    }
}

fn guarded<T>(f: impl FnOnce() -> lopdf::Result<T>) -> Result<lopdf::Result<T>, Error> {
    catch_unwind(AssertUnwindSafe(f))
        .map_err(|_| Error::Pdf("the PDF parser panicked on this file".into()))
}

fn still_encrypted(doc: &lopdf::Document) -> bool {
    doc.trailer.get(b"Encrypt").is_ok()
}

fn page_count(doc: &lopdf::Document) -> usize {
    catch_unwind(AssertUnwindSafe(|| doc.get_pages().len())).unwrap_or(0)
}

/// A lopdf error as gongkai's reason, by variant (not by the words of its message):
/// password/encryption errors are `Encrypted`, a file whose syntax, cross-reference
/// table or trailer cannot be parsed is `Corrupt`, anything else is `Pdf` with
/// lopdf's message.
fn map_err(e: lopdf::Error) -> Error {
    use lopdf::Error as E;
    match e {
        E::AlreadyEncrypted | E::Decryption(_) | E::NotEncrypted | E::InvalidPassword => {
            Error::Encrypted
        }
        E::Parse(_) | E::MissingXrefEntry => {
            Error::Corrupt(format!("PDF structure unreadable: {e}"))
        }
        e => Error::Pdf(e.to_string()),
    }
}

/// Load a PDF from memory.
pub fn load(bytes: &[u8]) -> Result<Loaded, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Error::Pdf("not a PDF file (no %PDF- header)".into()));
    }
    let options = || LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let mut warnings = Vec::new();
    let first = guarded(|| lopdf::Document::load_mem_with_options(bytes, options()))?;
    let doc = match first {
        Ok(doc) if still_encrypted(&doc) => return Err(Error::Encrypted),
        Ok(doc) if page_count(&doc) > 0 => doc,
        first => {
            // No page tree (or no document at all): rebuild the xref by
            // scanning for objects.
            let rebuilt = guarded(|| {
                lopdf::Document::load_mem_with_options(
                    bytes,
                    LoadOptions {
                        force_reconstruct: true,
                        ..options()
                    },
                )
            })?;
            match (first, rebuilt) {
                (_, Ok(doc)) if still_encrypted(&doc) => return Err(Error::Encrypted),
                (_, Ok(doc)) if page_count(&doc) > 0 => doc,
                (Err(e), _) => return Err(map_err(e)),
                (Ok(_), _) => {
                    return Err(Error::Corrupt(
                        "no pages could be found in the PDF (damaged page tree)".into(),
                    ));
                }
            }
        }
    };
    if doc.xref_recovery == Some(XrefRecovery::Reconstructed) {
        warnings.push(note(
            "pdf_xref_rebuilt",
            "the cross-reference table was damaged; objects were recovered by scanning the file"
                .into(),
        ));
    }
    if doc.encryption_state.is_some() {
        warnings.push(note(
            "pdf_decrypted",
            "the PDF is encrypted with an empty user password; it was decrypted".into(),
        ));
    }
    let producer = producer(&doc);
    Ok(Loaded {
        doc,
        producer,
        warnings,
    })
}

fn info_string(doc: &lopdf::Document, info: &Dictionary, key: &[u8]) -> Option<String> {
    let o = info.get(key).ok()?;
    let o = match o {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        o => o,
    };
    let s = decode_text(o.as_str().ok()?);
    let s = s
        .trim_matches(|c: char| c.is_whitespace() || c == '\0')
        .to_string();
    (!s.is_empty()).then_some(s)
}

/// A PDF text string: UTF-16BE with BOM, UTF-16LE with BOM (seen in
/// real files), UTF-8 with BOM or valid UTF-8, else PDFDocEncoding
/// (approximated by Latin-1).
fn decode_text(b: &[u8]) -> String {
    let utf16 = |rest: &[u8], be: bool| {
        let units = rest.chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect()
    };
    if let Some(rest) = b.strip_prefix(b"\xFE\xFF") {
        utf16(rest, true)
    } else if let Some(rest) = b.strip_prefix(b"\xFF\xFE") {
        utf16(rest, false)
    } else if let Some(rest) = b.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Ok(s) = std::str::from_utf8(b) {
        s.to_string()
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

/// Info /Producer if non-empty, else /Creator.
fn producer(doc: &lopdf::Document) -> Option<String> {
    let info = match doc.trailer.get(b"Info").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    info_string(doc, info, b"Producer").or_else(|| info_string(doc, info, b"Creator"))
}

/// An inheritable page attribute (walks /Parent, cycle-safe).
pub fn inherited<'a>(doc: &'a lopdf::Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut id = page;
    for _ in 0..64 {
        let d = doc.get_dictionary(id).ok()?;
        if let Ok(o) = d.get(key) {
            return match o {
                Object::Reference(r) => doc.get_object(*r).ok(),
                o => Some(o),
            };
        }
        id = d.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

fn rect_of(doc: &lopdf::Document, o: &Object) -> Option<[f32; 4]> {
    let a = o.as_array().ok()?;
    if a.len() != 4 {
        return None;
    }
    let mut v = [0f32; 4];
    for (i, e) in a.iter().enumerate() {
        let e = match e {
            Object::Reference(r) => doc.get_object(*r).ok()?,
            e => e,
        };
        v[i] = match e {
            Object::Integer(n) => *n as f32,
            Object::Real(r) if r.is_finite() => *r,
            _ => return None,
        };
    }
    let (x0, x1) = (v[0].min(v[2]), v[0].max(v[2]));
    let (y0, y1) = (v[1].min(v[3]), v[1].max(v[3]));
    (x1 - x0 >= 1.0 && y1 - y0 >= 1.0).then_some([x0, y0, x1, y1])
}

/// The visible box (CropBox ∩ MediaBox, else MediaBox, else A4) and /Rotate.
pub fn page_box(doc: &lopdf::Document, page: ObjectId) -> PageBox {
    let media = inherited(doc, page, b"MediaBox")
        .and_then(|o| rect_of(doc, o))
        .unwrap_or([0.0, 0.0, 595.0, 842.0]);
    let mut b = media;
    if let Some(c) = inherited(doc, page, b"CropBox").and_then(|o| rect_of(doc, o)) {
        let i = [
            c[0].max(media[0]),
            c[1].max(media[1]),
            c[2].min(media[2]),
            c[3].min(media[3]),
        ];
        if i[2] - i[0] >= 1.0 && i[3] - i[1] >= 1.0 {
            b = i;
        }
    }
    let rotate = match inherited(doc, page, b"Rotate") {
        Some(Object::Integer(r)) => (*r).rem_euclid(360) as i32,
        Some(Object::Real(r)) if r.is_finite() => (*r as i64).rem_euclid(360) as i32,
        _ => 0,
    };
    PageBox {
        x0: b[0],
        y0: b[1],
        x1: b[2],
        y1: b[3],
        rotate: (rotate / 90) * 90,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reason follows lopdf's error variant (these were classified by the
    /// words of their messages before; the outputs are the same).
    #[test]
    fn lopdf_errors_are_classified_by_variant() {
        use lopdf::Error as E;
        for e in [E::InvalidPassword, E::AlreadyEncrypted, E::NotEncrypted] {
            assert_eq!(map_err(e), Error::Encrypted);
        }
        assert_eq!(
            map_err(E::Parse(lopdf::ParseError::InvalidTrailer)),
            Error::Corrupt("PDF structure unreadable: couldn't parse input".into())
        );
        assert_eq!(
            map_err(E::MissingXrefEntry),
            Error::Corrupt("PDF structure unreadable: missing xref entry".into())
        );
        assert_eq!(
            map_err(E::PageNumberNotFound(3)),
            Error::Pdf("page number not found".into())
        );
        // a payload that merely mentions encryption is not an encrypted file
        assert_eq!(
            map_err(E::InvalidStream("Encrypt dictionary".into())),
            Error::Pdf("invalid stream: Encrypt dictionary".into())
        );
    }

    #[test]
    fn display_matrix_rotations() {
        let b = |rotate| PageBox {
            x0: 0.0,
            y0: 0.0,
            x1: 100.0,
            y1: 200.0,
            rotate,
        };
        let ap =
            |m: [f32; 6], x: f32, y: f32| (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]);
        // Unrotated: top-left of the box is the origin.
        assert_eq!(ap(b(0).display_matrix(), 0.0, 200.0), (0.0, 0.0));
        // 90° clockwise: the bottom-left corner comes to the top-left.
        assert_eq!(ap(b(90).display_matrix(), 0.0, 0.0), (0.0, 0.0));
        assert_eq!(ap(b(90).display_matrix(), 100.0, 0.0), (0.0, 100.0));
        assert_eq!(b(90).display_size(), (200.0, 100.0));
        assert_eq!(ap(b(180).display_matrix(), 100.0, 0.0), (0.0, 0.0));
        assert_eq!(ap(b(270).display_matrix(), 100.0, 200.0), (0.0, 0.0));
    }

    #[test]
    fn text_strings() {
        assert_eq!(decode_text(&[0xFE, 0xFF, 0, b'W', 0x65, 0x87]), "W文");
        assert_eq!(decode_text(&[0xFF, 0xFE, b'W', 0, 0x87, 0x65]), "W文");
        assert_eq!(decode_text("WPS 文字".as_bytes()), "WPS 文字");
        assert_eq!(decode_text(b"caf\xe9"), "café");
    }

    #[test]
    fn rejects_non_pdf_and_empty() {
        assert_eq!(load(b"").err(), Some(Error::Empty));
        assert!(matches!(load(b"hello world"), Err(Error::Pdf(_))));
        assert!(load(b"%PDF-1.4\n1 0 obj\n<<").is_err());
    }
}
