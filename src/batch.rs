//! `batch`: discovery, rayon, progress, isolation, atomic writes.
