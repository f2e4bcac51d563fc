//! Why a file could not be extracted. Every variant names a reason a person
//! can act on; the batch prefixes it with the file's path.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The file has zero bytes.
    Empty,
    /// The extension is not one gongkai reads.
    UnsupportedFormat(String),
    /// A legacy binary Word file (OLE2 / .doc) with a .docx name.
    LegacyDoc,
    /// Not a zip archive at all (random bytes named .docx, ...).
    NotZip(String),
    /// A zip archive without `word/document.xml` (an .xlsx, a plain zip, ...).
    MissingDocumentXml,
    /// The zip or XML is damaged or cut short.
    Corrupt(String),
    /// A PDF that cannot be opened without a password.
    Encrypted,
    /// A PDF with no text layer (a scan): nothing to extract.
    NoText,
    /// A password-protected (encrypted) workbook or Word document.
    Protected(&'static str),
    /// Any other PDF failure.
    Pdf(String),
    /// Over a size limit (`--max-file-mb`, or a part that decompresses past the cap).
    TooLarge(String),
    /// The document ran past `--timeout` (its worker was abandoned).
    TimedOut(std::time::Duration),
    /// I/O failure reading or writing.
    Io(String),
    /// A panic inside the pipeline, caught by the batch (a bug; please report).
    Internal(String),
    /// `--ocr` could not read a scanned PDF (a missing program, a failed page).
    Ocr(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => write!(f, "empty file (0 bytes)"),
            Error::UnsupportedFormat(ext) => {
                write!(
                    f,
                    "unsupported format '{ext}' (gongkai reads .docx, .pdf, .xlsx, .xls, .et, .doc and .wps)"
                )
            }
            Error::LegacyDoc => write!(
                f,
                "legacy binary Word document (.doc / OLE2), not .docx: convert it to .docx first"
            ),
            Error::NotZip(why) => write!(f, "not a .docx (not a zip archive: {why})"),
            Error::MissingDocumentXml => {
                write!(f, "not a Word document: the zip has no word/document.xml")
            }
            Error::Corrupt(why) => write!(f, "damaged or truncated file: {why}"),
            Error::Encrypted => write!(f, "encrypted PDF that needs a password"),
            Error::NoText => write!(
                f,
                "PDF has no text layer (a scanned image?): nothing to extract without OCR"
            ),
            Error::Protected(what) => write!(
                f,
                "password-protected (encrypted) {what}: cannot be read without the password"
            ),
            Error::Pdf(why) => write!(f, "unreadable PDF: {why}"),
            Error::TooLarge(why) => write!(f, "too large {why}"),
            Error::TimedOut(d) => write!(f, "timed out after {:.1} s (--timeout)", d.as_secs_f64()),
            Error::Io(why) => write!(f, "I/O error: {why}"),
            Error::Internal(why) => write!(f, "internal error (a bug in gongkai): {why}"),
            Error::Ocr(why) => write!(f, "OCR of a scanned PDF failed: {why}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}
