//! The table catalog: kinds, title aliases and column-key aliases, as data.
