//! `compare`: golden vs actual JSON, meaningful differences and scores.
