//! `show`: a document's tables and figures as aligned text for a terminal.
