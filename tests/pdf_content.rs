//! PDF content layer: handmade PDFs (built with lopdf here) exercise the
//! content-stream interpreter, fonts and the loader; the real Shanghai
//! PDFs (in ../shared/real, skipped when absent) must load with their
//! Chinese text intact.

use gongkai::error::Error;
use gongkai::read::pdf::{Glyph, Page, pages};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

mod support;

// ---------------------------------------------------------------------------
// Building test PDFs

struct Builder {
    doc: Document,
    fonts: Dictionary,
    xobjects: Dictionary,
    media: [i64; 4],
    rotate: Option<i64>,
}

impl Builder {
    fn new() -> Self {
        Builder {
            doc: Document::with_version("1.5"),
            fonts: Dictionary::new(),
            xobjects: Dictionary::new(),
            media: [0, 0, 595, 842],
            rotate: None,
        }
    }

    fn helvetica(mut self, name: &str) -> Self {
        let id = self.doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        self.fonts.set(name, id);
        self
    }

    fn font(mut self, name: &str, dict: Dictionary) -> Self {
        let id = self.doc.add_object(dict);
        self.fonts.set(name, id);
        self
    }

    fn stream(&mut self, dict: Dictionary, content: &[u8]) -> lopdf::ObjectId {
        self.doc.add_object(Stream::new(dict, content.to_vec()))
    }

    fn form(mut self, name: &str, matrix: [f32; 6], content: &[u8]) -> Self {
        let res = dictionary! { "Font" => Object::Dictionary(self.fonts.clone()) };
        let id = self.stream(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Matrix" => matrix.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(),
                "Resources" => res,
            },
            content,
        );
        self.xobjects.set(name, id);
        self
    }

    fn build(mut self, contents: &[&[u8]]) -> Vec<u8> {
        let pages_id = self.doc.new_object_id();
        let res = dictionary! {
            "Font" => Object::Dictionary(self.fonts.clone()),
            "XObject" => Object::Dictionary(self.xobjects.clone()),
        };
        let mut kids = Vec::new();
        for c in contents {
            let cid = self.stream(Dictionary::new(), c);
            let mut page = dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => cid,
            };
            if let Some(r) = self.rotate {
                page.set("Rotate", r);
            }
            kids.push(Object::Reference(self.doc.add_object(page)));
        }
        let n = kids.len() as i64;
        self.doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => kids, "Count" => n,
                "Resources" => res,
                "MediaBox" => self.media.iter().map(|v| Object::Integer(*v)).collect::<Vec<_>>(),
            }),
        );
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        self.doc.trailer.set("Root", catalog);
        let info = self.doc.add_object(dictionary! {
            "Producer" => Object::string_literal(""),
            "Creator" => Object::string_literal("gongkai test"),
        });
        self.doc.trailer.set("Info", info);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("save");
        out
    }
}

fn text(page: &Page) -> String {
    page.glyphs.iter().map(|g| g.ch).collect()
}

fn one_page(bytes: &[u8]) -> Page {
    let doc = pages(bytes).expect("pdf loads");
    assert_eq!(doc.pages.len(), 1);
    doc.pages.into_iter().next().expect("page")
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.05
}

fn glyph(page: &Page, ch: char) -> &Glyph {
    page.glyphs
        .iter()
        .find(|g| g.ch == ch)
        .unwrap_or_else(|| panic!("glyph {ch} in {:?}", text(page)))
}

// ---------------------------------------------------------------------------
// Interpreter

#[test]
fn tj_and_tj_array_positions() {
    let pdf = Builder::new()
        .helvetica("F1")
        .build(&[b"BT /F1 10 Tf 100 700 Td (AB) Tj 0 -20 Td [(C) -1000 (D)] TJ ET"]);
    let doc = pages(&pdf).expect("loads");
    assert_eq!(doc.producer.as_deref(), Some("gongkai test"));
    let p = &doc.pages[0];
    assert_eq!(text(p), "ABCD");
    assert_eq!((p.width, p.height), (595.0, 842.0));
    let a = glyph(p, 'A');
    // Helvetica A is 667/1000 em; baseline at 842 - 700 = 142.
    assert!(close(a.bbox.x0, 100.0) && close(a.bbox.x1, 106.67), "{a:?}");
    assert!(
        close(a.bbox.y1, 142.0 + 1.2) && close(a.bbox.y0, 142.0 - 8.8),
        "{a:?}"
    );
    assert!(close(a.size, 10.0));
    assert!(close(glyph(p, 'B').bbox.x0, 106.67));
    // C (722) then a -1000 kern = +10pt gap.
    let d = glyph(p, 'D');
    assert!(close(d.bbox.x0, 100.0 + 7.22 + 10.0), "{d:?}");
    assert!(close(d.bbox.y1, 162.0 + 1.2));
}

#[test]
fn spacing_scaling_and_rise() {
    // Tc 2, Tw 5 on the space, Tz 50, Ts 3.
    let pdf = Builder::new()
        .helvetica("F1")
        .build(&[b"BT /F1 10 Tf 2 Tc 5 Tw 50 Tz 3 Ts 100 700 Td (A B) Tj ET"]);
    let p = one_page(&pdf);
    // A drawn space is a glyph (text.rs turns it into a space), so a typed space
    // inside a cell text ("购置 碎纸机") survives.
    assert_eq!(text(&p), "A B");
    let a = glyph(&p, 'A');
    assert!(close(a.bbox.x1 - a.bbox.x0, 3.335), "{a:?}");
    // A: (6.67+2)*0.5; space: (2.78+2+5)*0.5.
    let b = glyph(&p, 'B');
    assert!(close(b.bbox.x0, 100.0 + 4.335 + 4.89), "{b:?}");
    assert!(close(b.bbox.y1, 142.0 - 3.0 + 1.2), "{b:?}");
}

#[test]
fn cm_flip_like_wps() {
    let pdf = Builder::new()
        .helvetica("F1")
        .build(&[b"q 1 0 0 -1 0 842 cm BT /F1 12 Tf 1 0 0 -1 50 100 Tm (Hi) Tj ET Q"]);
    let p = one_page(&pdf);
    assert_eq!(text(&p), "Hi");
    let h = glyph(&p, 'H');
    assert!(close(h.bbox.x0, 50.0), "{h:?}");
    // Baseline at y=100 from the top; descent below it, ascent above.
    assert!(close(h.bbox.y1, 100.0 + 0.12 * 12.0), "{h:?}");
    assert!(close(h.bbox.y0, 100.0 - 0.88 * 12.0), "{h:?}");
    assert!(close(h.size, 12.0));
}

#[test]
fn form_xobject_matrix_and_nesting() {
    let pdf = Builder::new()
        .helvetica("F1")
        .form(
            "Fm1",
            [1.0, 0.0, 0.0, 1.0, 200.0, 0.0],
            b"BT /F1 10 Tf 10 700 Td (X) Tj ET",
        )
        .build(&[b"q 1 0 0 1 0 -100 cm /Fm1 Do Q BT /F1 10 Tf 10 700 Td (Y) Tj ET"]);
    let p = one_page(&pdf);
    assert_eq!(text(&p), "XY");
    let x = glyph(&p, 'X');
    assert!(close(x.bbox.x0, 210.0), "{x:?}");
    assert!(close(x.bbox.y1, 242.0 + 1.2), "{x:?}");
    // The form's cm/Tm do not leak out.
    let y = glyph(&p, 'Y');
    assert!(close(y.bbox.x0, 10.0) && close(y.bbox.y1, 143.2), "{y:?}");
}

#[test]
fn self_referencing_form_does_not_loop() {
    let mut b = Builder::new().helvetica("F1");
    let form_id = b.doc.new_object_id();
    let mut xo = Dictionary::new();
    xo.set("Fm1", form_id);
    let res = dictionary! { "XObject" => Object::Dictionary(xo.clone()), "Font" => Object::Dictionary(b.fonts.clone()) };
    b.doc.objects.insert(
        form_id,
        Object::Stream(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => res,
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()] },
            b"BT /F1 10 Tf 10 700 Td (Z) Tj ET /Fm1 Do".to_vec(),
        )),
    );
    b.xobjects = xo;
    let p = one_page(&b.build(&[b"/Fm1 Do"]));
    assert_eq!(text(&p), "Z");
    assert!(p.warnings.iter().any(|w| w.code == "pdf_form_recursion"));
}

#[test]
fn clip_and_page_box_drop_glyphs() {
    let pdf = Builder::new().helvetica("F1").build(&[
        b"q 0 0 100 842 re W n BT /F1 10 Tf 50 700 Td (A) Tj 150 0 Td (B) Tj ET Q \
          BT /F1 10 Tf 300 700 Td (C) Tj ET \
          BT /F1 10 Tf 300 900 Td (O) Tj ET",
    ]);
    let p = one_page(&pdf);
    // B is outside the clip; O is above the page (WPS overflow text).
    assert_eq!(text(&p), "AC");
}

#[test]
fn invisible_text_and_inline_images_are_skipped() {
    let pdf = Builder::new().helvetica("F1").build(&[
        b"BT /F1 10 Tf 3 Tr 100 700 Td (Hidden) Tj 0 Tr (V) Tj ET \
          BI /W 2 /H 1 /CS /G /BPC 8 ID \x00\xff EI \
          BT /F1 10 Tf 100 600 Td (W) Tj ET",
    ]);
    let p = one_page(&pdf);
    assert_eq!(text(&p), "VW");
}

#[test]
fn rulings_from_strokes_and_fills() {
    let pdf = Builder::new().build(&[b"0 0 0 rg 50 500 200 0.5 re f \
          1 1 1 rg 50 400 200 0.5 re f \
          0 g 1 w 50 300 m 250 300 l S \
          100 100 m 100 250 l S \
          0.5 g 300 100 100 50 re f \
          0 G 300 300 m 400 350 l S \
          300 600 m 300.5 600 l S"]);
    let p = one_page(&pdf);
    let r = &p.rulings;
    // thin fill (1) + two strokes (2) + the 4 edges of the grey box; the
    // white fill, the diagonal and the tiny segment are not rulings.
    assert_eq!(r.len(), 7, "{r:?}");
    let thin = r
        .iter()
        .find(|r| close(r.y0, 842.0 - 500.5))
        .expect("thin fill");
    assert!(close(thin.x0, 50.0) && close(thin.x1, 250.0) && close(thin.y1, 342.0));
    let h = r
        .iter()
        .find(|r| close((r.y0 + r.y1) / 2.0, 542.0) && r.x1 - r.x0 > 100.0)
        .expect("stroked horizontal");
    assert!(close(h.y1 - h.y0, 1.0));
    let v = r
        .iter()
        .find(|r| close((r.x0 + r.x1) / 2.0, 100.0))
        .expect("stroked vertical");
    assert!(close(v.y0, 842.0 - 250.0) && close(v.y1, 842.0 - 100.0));
    let edges = r
        .iter()
        .filter(|r| r.x0 >= 299.9 && r.x1 <= 400.1 && r.y0 >= 842.0 - 150.1)
        .count();
    assert_eq!(edges, 4);
}

#[test]
fn rotated_page_is_displayed_upright() {
    let mut b = Builder::new().helvetica("F1");
    b.rotate = Some(90);
    let p = one_page(&b.build(&[b"BT /F1 10 Tf 0 1 -1 0 100 50 Tm (A) Tj ET"]));
    assert_eq!((p.width, p.height), (842.0, 595.0));
    let a = glyph(&p, 'A');
    // Text drawn upward on the unrotated page reads left to right once the
    // page is turned 90° clockwise: origin (100,50) → (x=50, y=100).
    assert!(close(a.bbox.x0, 50.0), "{a:?}");
    assert!(close(a.bbox.x1, 56.67), "{a:?}");
    assert!(a.bbox.y0 < 100.0 && a.bbox.y1 > 100.0, "{a:?}");
}

// ---------------------------------------------------------------------------
// Fonts

fn tounicode_stream(b: &mut Builder, cmap: &str) -> lopdf::ObjectId {
    b.stream(Dictionary::new(), cmap.as_bytes())
}

fn type0(
    b: &mut Builder,
    encoding: &str,
    ordering: &str,
    tounicode: Option<lopdf::ObjectId>,
) -> Dictionary {
    let desc = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+SimSun",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal(ordering),
            "Supplement" => 2,
        },
        "DW" => 1000,
        "W" => vec![1.into(), vec![Object::Integer(500), Object::Integer(500)].into()],
    });
    let mut d = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+SimSun",
        "Encoding" => encoding, "DescendantFonts" => vec![desc.into()],
    };
    if let Some(t) = tounicode {
        d.set("ToUnicode", t);
    }
    d
}

#[test]
fn tounicode_bfrange_and_multichar() {
    let mut b = Builder::new();
    let tu = tounicode_stream(
        &mut b,
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
         1 beginbfrange <0001> <0002> <4E2D> endbfrange\n\
         1 beginbfrange <0010> <0011> [<0031> <FF10>] endbfrange\n\
         1 beginbfchar <0020> <00660069> endbfchar\n\
         endcmap end end",
    );
    let f = type0(&mut b, "Identity-H", "Identity", Some(tu));
    let p = one_page(
        &b.font("F1", f)
            .build(&[b"BT /F1 10 Tf 100 700 Td <0001000200100011> Tj <0020> Tj ET"]),
    );
    // 中 and the next code point 丮, 1, full-width ０ normalised to 0, then "fi" split in two glyphs.
    assert_eq!(text(&p), "中丮10fi");
    // CID 1 and 2 have width 500; others DW 1000.
    assert!(close(
        glyph(&p, '中').bbox.x1 - glyph(&p, '中').bbox.x0,
        5.0
    ));
    let f_ = glyph(&p, 'f');
    let i_ = glyph(&p, 'i');
    assert!(close(f_.bbox.x1 - f_.bbox.x0, 5.0) && close(i_.bbox.x0, f_.bbox.x1));
    assert!(close(f_.bbox.x0, 100.0 + 5.0 + 5.0 + 10.0 + 10.0));
}

#[test]
fn type0_unigb_ucs2_without_tounicode() {
    let mut b = Builder::new();
    let f = type0(&mut b, "UniGB-UCS2-H", "GB1", None);
    let p = one_page(
        &b.font("F1", f)
            .build(&[b"BT /F1 10 Tf 100 700 Td <4E2D65870031> Tj ET"]),
    );
    assert_eq!(text(&p), "中文1");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn gbk_euc_and_identity_gb1_without_tounicode() {
    let mut b = Builder::new();
    let gbk = type0(&mut b, "GBK-EUC-H", "GB1", None);
    let ident = type0(&mut b, "Identity-H", "GB1", None);
    // 中 = D6D0 in GBK; ASCII digits are single bytes; Adobe-GB1 CID 17 is 0.
    let p = one_page(
        &b.font("F1", gbk)
            .font("F2", ident)
            .build(&[b"BT /F1 10 Tf 100 700 Td <D6D0> Tj (12) Tj /F2 10 Tf <0011> Tj ET"]),
    );
    assert_eq!(text(&p), "中120");
}

#[test]
fn winansi_with_differences_and_unmapped_warning() {
    let mut b = Builder::new();
    let enc = b.doc.add_object(dictionary! {
        "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
        "Differences" => vec![65.into(), Object::Name(b"Euro".to_vec()), Object::Name(b"uni4E2D".to_vec()),
            Object::Name(b"g12".to_vec()), Object::Name(b"xyzzy".to_vec())],
    });
    let f = dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "SomeFont",
        "Encoding" => enc, "FirstChar" => 65, "LastChar" => 69,
        "Widths" => vec![600.into(), 700.into(), 800.into(), 900.into(), 1000.into()],
    };
    let p = one_page(
        &b.font("F1", f)
            .build(&[b"BT /F1 10 Tf 100 700 Td (ABCDE\x80) Tj ET"]),
    );
    // A→€, B→中, C (index name) keeps WinAnsi 'C', D unknown name → U+FFFD, E, 0x80 = €.
    assert_eq!(text(&p), "€中C\u{FFFD}E€");
    assert!(close(
        glyph(&p, '中').bbox.x1 - glyph(&p, '中').bbox.x0,
        7.0
    ));
    let warns: Vec<_> = p
        .warnings
        .iter()
        .filter(|w| w.code == "unmapped_glyph")
        .collect();
    assert_eq!(warns.len(), 1, "{:?}", p.warnings);
}

#[test]
fn missing_font_is_reported_not_silent() {
    let pdf = Builder::new().build(&[b"BT /Nope 10 Tf 100 700 Td <0001> Tj ET"]);
    let p = one_page(&pdf);
    assert_eq!(text(&p), "\u{FFFD}");
    assert!(p.warnings.iter().any(|w| w.code == "pdf_font_missing"));
}

// ---------------------------------------------------------------------------
// Loading

fn simple_pdf() -> Vec<u8> {
    Builder::new()
        .helvetica("F1")
        .build(&[b"BT /F1 10 Tf 100 700 Td (Hello) Tj ET"])
}

#[test]
fn truncated_and_garbage_files_error_without_panicking() {
    let pdf = simple_pdf();
    for cut in [10, pdf.len() / 4, pdf.len() / 2] {
        match pages(&pdf[..cut]) {
            Err(Error::Corrupt(_) | Error::Pdf(_)) => {}
            Ok(doc) => assert!(doc.pages.iter().all(|p| text(p).len() <= 5)),
            Err(e) => panic!("unexpected error {e:?}"),
        }
    }
    assert!(matches!(pages(b"GIF89a not a pdf"), Err(Error::Pdf(_))));
    assert_eq!(pages(b""), Err(Error::Empty));
}

#[test]
fn broken_xref_offsets_are_rebuilt() {
    let mut pdf = simple_pdf();
    // Point startxref at garbage.
    let pos = pdf
        .windows(9)
        .rposition(|w| w == b"startxref")
        .expect("startxref");
    let tail = b"startxref\n12\n%%EOF\n";
    pdf.truncate(pos);
    pdf.extend_from_slice(tail);
    let doc = pages(&pdf).expect("rebuilt");
    assert_eq!(text(&doc.pages[0]), "Hello");
    // Shift every object by inserting bytes after the header: all xref
    // offsets are now wrong.
    let mut shifted = simple_pdf();
    let nl = shifted.iter().position(|&b| b == b'\n').expect("header") + 1;
    shifted.splice(
        nl..nl,
        b"%padding padding padding padding\n".iter().copied(),
    );
    let doc = pages(&shifted).expect("shifted loads");
    assert_eq!(text(&doc.pages[0]), "Hello");
}

fn data_file(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn empty_user_password_is_decrypted() {
    // Made with: qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=n -- plain.pdf enc-empty-user.pdf (RC4)
    let doc = pages(&data_file("enc-empty-user.pdf")).expect("decrypts");
    assert_eq!(text(&doc.pages[0]), "Hello");
    assert!(doc.warnings.iter().any(|w| w.code == "pdf_decrypted"));
    // AES-256 (qpdf --encrypt "" owner 256).
    let doc = pages(&data_file("enc-empty-user-aes256.pdf")).expect("decrypts");
    assert_eq!(text(&doc.pages[0]), "Hello");
}

#[test]
fn real_password_is_reported_as_encrypted() {
    // Made with: qpdf --encrypt secret owner 256 -- plain.pdf enc-secret.pdf
    assert_eq!(pages(&data_file("enc-secret.pdf")), Err(Error::Encrypted));
}

// ---------------------------------------------------------------------------
// Real documents

fn real_dir() -> Option<std::path::PathBuf> {
    Some(support::real::real_dir()).filter(|p| p.join("SOURCES.tsv").exists())
}

#[test]
fn real_pdfs_load_with_text() {
    let Some(dir) = real_dir() else {
        eprintln!("skipped: no shared/real folder");
        return;
    };
    let sources = std::fs::read_to_string(dir.join("SOURCES.tsv")).expect("SOURCES.tsv");
    let mut checked = 0;
    for line in sources.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 || !cols[0].ends_with(".pdf") {
            continue;
        }
        let bytes = std::fs::read(dir.join(cols[0])).expect("read pdf");
        let doc = pages(&bytes).unwrap_or_else(|e| panic!("{}: {e}", cols[0]));
        let expected_pages: usize = cols[3].parse().expect("page count");
        assert_eq!(doc.pages.len(), expected_pages, "{}", cols[0]);
        let all: String = doc.pages.iter().map(text).collect();
        assert!(!all.contains('\u{FFFD}'), "{}: unmapped glyphs", cols[0]);
        assert!(
            doc.pages.iter().filter(|p| !p.glyphs.is_empty()).count() >= expected_pages - 1,
            "{}",
            cols[0]
        );
        // The body named in SOURCES.tsv, e.g. "上海市普陀区财政局 (部门)".
        let body = cols[4].split(" (").next().expect("body");
        assert!(all.contains(body), "{}: {body} not found", cols[0]);
        // Glyphs are inside their page.
        for p in &doc.pages {
            for g in &p.glyphs {
                let (cx, cy) = ((g.bbox.x0 + g.bbox.x1) / 2.0, (g.bbox.y0 + g.bbox.y1) / 2.0);
                assert!(cx >= 0.0 && cx <= p.width && cy >= 0.0 && cy <= p.height);
            }
        }
        // Producer from Creator when Producer is empty.
        let want = cols[2]
            .split("; ")
            .find_map(|kv| kv.strip_prefix("Producer="))
            .filter(|s| !s.is_empty())
            .or_else(|| {
                cols[2]
                    .split("; ")
                    .find_map(|kv| kv.strip_prefix("Creator="))
            });
        assert_eq!(doc.producer.as_deref(), want, "{}", cols[0]);
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} PDFs checked");
}

#[test]
fn real_wps_table_has_rulings_and_amounts() {
    let Some(dir) = real_dir() else {
        eprintln!("skipped: no shared/real folder");
        return;
    };
    let bytes = std::fs::read(dir.join("中共上海市普陀区委社会工作部 2024 年度部门决算.pdf"))
        .expect("read");
    let doc = pages(&bytes).expect("loads");
    let with_rulings = doc.pages.iter().filter(|p| p.rulings.len() >= 8).count();
    assert!(
        with_rulings >= 5,
        "only {with_rulings} pages with table rulings"
    );
    // Rulings are thin and axis-aligned.
    for p in &doc.pages {
        for r in &p.rulings {
            assert!((r.x1 - r.x0).min(r.y1 - r.y0) <= 3.0, "{r:?}");
        }
    }
}

#[test]
fn mutated_files_never_panic() {
    // Deterministic byte flips, insertions and cuts over a PDF with an
    // uncompressed content stream, a Type0 font with ToUnicode and a form.
    let mut b = Builder::new().helvetica("F1");
    let tu = tounicode_stream(
        &mut b,
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
         1 beginbfrange <0001> <0009> <4E00> endbfrange",
    );
    let f = type0(&mut b, "Identity-H", "GB1", Some(tu));
    let base = b
        .font("F2", f)
        .form(
            "Fm1",
            [1.0, 0.0, 0.0, 1.0, 5.0, 5.0],
            b"BT /F2 9 Tf 1 2 Td <00010002> Tj ET",
        )
        .build(&[
            b"q 1 0 0 -1 0 842 cm 0 0 500 500 re W n BT /F1 10 Tf 1 0 0 -1 50 100 Tm \
             [(Hello) -200 (World)] TJ /F2 12 Tf <000300040005> Tj ET 10 10 m 200 10 l S \
             /Fm1 Do Q BI /W 1 /H 1 ID x EI",
        ]);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let tokens: [&[u8]; 8] = [b"(", b"<", b"[", b"]", b"q", b"Q", b" 1e9 ", b"/F2"];
    for _ in 0..300 {
        let mut m = base.clone();
        for _ in 0..1 + next() % 4 {
            let pos = (next() % m.len() as u64) as usize;
            match next() % 4 {
                0 => m[pos] = next() as u8,
                1 => {
                    let t = tokens[(next() % tokens.len() as u64) as usize];
                    m.splice(pos..pos, t.iter().copied());
                }
                2 => m.truncate(pos.max(1)),
                _ => {
                    m.remove(pos);
                }
            }
        }
        // Any Ok or Err is fine; a panic fails the test.
        let _ = pages(&m);
    }
}

/// Drop every /ToUnicode from a real file: text must then come from the
/// embedded fonts' own cmap tables (or show as U+FFFD with a warning,
/// never as wrong characters).
#[test]
fn real_pdf_without_tounicode_falls_back_to_font_cmap() {
    let Some(dir) = real_dir() else {
        eprintln!("skipped: no shared/real folder");
        return;
    };
    for name in [
        "上海市普陀区人民政府办公室25年预算.pdf",
        "上海市普陀区财政局2024年度部门决算.pdf",
    ] {
        let bytes = std::fs::read(dir.join(name)).expect("read");
        let original = pages(&bytes).expect("loads");
        let mut doc = Document::load_mem(&bytes).expect("lopdf loads");
        for obj in doc.objects.values_mut() {
            if let Object::Dictionary(d) = obj {
                d.remove(b"ToUnicode");
            }
        }
        let mut stripped = Vec::new();
        doc.save_to(&mut stripped).expect("save");
        let fallback = pages(&stripped).expect("stripped loads");
        let (mut same, mut fffd, mut wrong) = (0, 0, 0);
        let mut extra = String::new();
        for (a, b) in original.pages.iter().zip(&fallback.pages) {
            // Match glyphs by position (the fallback may also turn glyphs
            // the original dropped as spaces into U+FFFD).
            let key = |g: &Glyph| ((g.bbox.x0 * 10.0) as i64, (g.bbox.y1 * 10.0) as i64);
            let by_pos: std::collections::BTreeMap<_, char> =
                a.glyphs.iter().map(|g| (key(g), g.ch)).collect();
            for gb in &b.glyphs {
                match by_pos.get(&key(gb)) {
                    Some(&c) if c == gb.ch => same += 1,
                    Some(_) | None if gb.ch == '\u{FFFD}' => fffd += 1,
                    Some(_) => wrong += 1,
                    None => extra.push(gb.ch),
                }
            }
        }
        eprintln!(
            "{name}: glyphs only in the fallback: {:?}",
            extra.chars().take(40).collect::<String>()
        );
        eprintln!("{name}: {same} same, {fffd} unmapped, {wrong} different");
        // WPS subsets drop the fonts' cmap tables: then everything is
        // U+FFFD with a warning. Never a wrong character.
        assert_eq!(wrong, 0, "{name}: {wrong} wrong characters");
        assert!(extra.chars().all(|c| c == '\u{FFFD}'), "{name}: {extra}");
        if fffd > 0 {
            assert!(
                fallback
                    .pages
                    .iter()
                    .flat_map(|p| &p.warnings)
                    .any(|w| w.code == "unmapped_glyph"),
                "{name}: no unmapped_glyph warning"
            );
        }
    }
}

#[test]
fn diagonal_watermark_is_left_out_with_a_note() {
    let pdf = Builder::new().helvetica("F1").build(&[
        b"BT /F1 40 Tf 0.7071 0.7071 -0.7071 0.7071 200 400 Tm (DRAFT) Tj ET \
          BT /F1 10 Tf 100 700 Td (Body) Tj ET",
    ]);
    let p = one_page(&pdf);
    assert_eq!(text(&p), "Body");
    assert!(p.warnings.iter().any(|w| w.code == "skewed_text_skipped"));
}

#[test]
fn optional_content_that_is_off_is_hidden() {
    let mut b = Builder::new().helvetica("F1");
    let off = b
        .doc
        .add_object(dictionary! { "Type" => "OCG", "Name" => Object::string_literal("wm") });
    let on = b
        .doc
        .add_object(dictionary! { "Type" => "OCG", "Name" => Object::string_literal("body") });
    let mut pdf_doc = {
        let bytes = b.build(&[
            b"/OC /Off BDC BT /F1 10 Tf 100 700 Td (Hidden) Tj ET 0 0 0 rg 10 10 200 1 re f EMC \
              /OC /On BDC BT /F1 10 Tf 100 600 Td (Shown) Tj ET EMC",
        ]);
        Document::load_mem(&bytes).expect("reload")
    };
    // Wire up /Properties and /OCProperties after the fact.
    let pages_id = pdf_doc
        .catalog()
        .expect("catalog")
        .get(b"Pages")
        .and_then(Object::as_reference)
        .expect("pages");
    if let Ok(Object::Dictionary(pages_dict)) = pdf_doc.get_object_mut(pages_id)
        && let Ok(Object::Dictionary(res)) = pages_dict.get_mut(b"Resources")
    {
        res.set("Properties", dictionary! { "Off" => off, "On" => on });
    }
    let root = pdf_doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("root");
    if let Ok(Object::Dictionary(cat)) = pdf_doc.get_object_mut(root) {
        cat.set(
            "OCProperties",
            dictionary! {
                "OCGs" => vec![off.into(), on.into()],
                "D" => dictionary! { "OFF" => vec![off.into()] },
            },
        );
    }
    let mut bytes = Vec::new();
    pdf_doc.save_to(&mut bytes).expect("save");
    let p = one_page(&bytes);
    assert_eq!(text(&p), "Shown");
    assert!(p.rulings.is_empty(), "{:?}", p.rulings);
}

#[test]
fn simulated_bold_duplicates_are_counted_once() {
    let pdf = Builder::new().helvetica("F1").build(&[
        b"BT /F1 10 Tf 100 700 Td (1100) Tj ET BT /F1 10 Tf 100.3 700.2 Td (1100) Tj ET \
          BT /F1 10 Tf 100 680 Td (1100) Tj ET",
    ]);
    let p = one_page(&pdf);
    assert_eq!(text(&p), "11001100");
    assert!(
        p.warnings
            .iter()
            .any(|w| w.code == "duplicate_glyphs_removed")
    );
}

#[test]
fn random_operator_soup_never_panics() {
    let vocab: [&[u8]; 40] = [
        b"q", b"Q", b"cm", b"BT", b"ET", b"Tf", b"Tj", b"TJ", b"'", b"\"", b"Td", b"TD", b"Tm",
        b"T*", b"Tc", b"Tw", b"Tz", b"TL", b"Ts", b"Tr", b"re", b"m", b"l", b"c", b"h", b"S", b"f",
        b"W", b"n", b"Do", b"BI", b"ID", b"EI", b"BDC", b"EMC", b"/F1", b"/F2", b"/Fm1", b"/OC",
        b"[",
    ];
    let nums: [&[u8]; 8] = [
        b"0", b"1", b"-1", b"1e30", b"700", b"0.001", b"-99999", b"3.5",
    ];
    let strs: [&[u8]; 6] = [b"(Hi)", b"<0001FFFF>", b"(\\", b"<", b"]", b"(Hi) Tj"];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut total = 0;
    for _ in 0..400 {
        let mut content = b"BT /F1 12 Tf 100 700 Td ".to_vec();
        for _ in 0..(next() % 60) {
            let pick = next() % 10;
            let tok = if pick < 5 {
                nums[(next() % 8) as usize]
            } else if pick < 7 {
                strs[(next() % 6) as usize]
            } else {
                vocab[(next() % 40) as usize]
            };
            content.extend_from_slice(tok);
            content.push(b' ');
        }
        let mut b = Builder::new().helvetica("F1");
        let f = type0(&mut b, "UniGB-UCS2-H", "GB1", None);
        let pdf = b
            .font("F2", f)
            .form("Fm1", [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], &content)
            .build(&[&content]);
        let doc = pages(&pdf).expect("structure is intact");
        total += doc.pages[0].glyphs.len();
        for g in doc.pages.iter().flat_map(|p| &p.glyphs) {
            assert!(g.bbox.x0.is_finite() && g.bbox.y1.is_finite());
        }
    }
    // The soup does reach the text operators now and then.
    assert!(total > 0);
}

/// Regression (issue 7): a PDF whose content stream inflates past the stream cap (a
/// decompression bomb: 80 MiB of content in a few hundred KB) failed as "damaged or
/// truncated"; it is "too large when decompressed".
#[test]
fn a_content_stream_inflating_past_the_cap_is_too_large_when_decompressed() {
    let mut content = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n".to_vec();
    content.resize(80 << 20, b' ');
    let plain = Builder::new().helvetica("F1").build(&[&content]);
    let mut doc = Document::load_mem(&plain).expect("reload");
    doc.compress();
    let mut bomb = Vec::new();
    doc.save_to(&mut bomb).expect("save");
    assert!(
        bomb.len() < 1 << 20,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let err = gongkai::extract(&bomb, "bomb.pdf").expect_err("a bomb has no readable text");
    let msg = err.to_string();
    assert!(msg.contains("too large when decompressed"), "{msg}");
}
