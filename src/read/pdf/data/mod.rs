//! Generated tables (see `scripts/gen-cmaps`): the predefined Adobe-GB1
//! CMaps and CID → Unicode table are `.bin` files read by `cmap.rs`.

#[rustfmt::skip]
pub mod glyphs;
