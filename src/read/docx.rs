//! DOCX reader: streaming zip + quick-xml over `word/document.xml`.

use crate::error::Error;
use crate::layout::Layout;

/// Read a .docx file's body into a [`Layout`].
pub fn read(_bytes: &[u8]) -> Result<Layout, Error> {
    Err(Error::Internal("docx reader not implemented yet".into()))
}
