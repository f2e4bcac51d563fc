//! Just enough of the TrueType/OpenType format to read an embedded font's
//! `cmap` table backwards: glyph id → Unicode. Used for CID TrueType fonts
//! that come without a ToUnicode CMap (their CIDs are glyph ids, not
//! Adobe-GB1 CIDs). Every read is bounds-checked; a damaged font yields an
//! empty map.

/// Sorted (glyph id, char); one char per glyph.
pub type GlyphMap = Vec<(u16, char)>;

/// Cap on how many mappings one font may contribute.
const MAX_MAPPINGS: usize = 200_000;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]))
}

fn find_table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = u16_at(font, 4)? as usize;
    for i in 0..n {
        let rec = 12 + 16 * i;
        if font.get(rec..rec + 4)? == tag {
            let off = u32_at(font, rec + 8)? as usize;
            let len = u32_at(font, rec + 12)? as usize;
            let end = off.checked_add(len)?.min(font.len());
            return font.get(off..end);
        }
    }
    None
}

/// Glyph id → Unicode from the font's Unicode cmap subtable (Windows
/// Unicode BMP or full repertoire, or the Unicode platform).
pub fn glyph_map(font: &[u8]) -> GlyphMap {
    let Some(cmap) = find_table(font, b"cmap") else {
        return Vec::new();
    };
    let n = u16_at(cmap, 2).unwrap_or(0) as usize;
    // Preference: (3,10), (0,4/6), (3,1), (0,any).
    let mut best: Option<(u8, usize)> = None;
    for i in 0..n {
        let rec = 4 + 8 * i;
        let (Some(pid), Some(eid), Some(off)) = (
            u16_at(cmap, rec),
            u16_at(cmap, rec + 2),
            u32_at(cmap, rec + 4),
        ) else {
            break;
        };
        let rank = match (pid, eid) {
            (3, 10) => 4,
            (0, 4) | (0, 6) => 3,
            (3, 1) => 2,
            (0, _) => 1,
            _ => 0,
        };
        if rank > 0 && best.is_none_or(|b| rank > b.0) {
            best = Some((rank, off as usize));
        }
    }
    let Some((_, off)) = best else {
        return Vec::new();
    };
    let Some(sub) = cmap.get(off..) else {
        return Vec::new();
    };
    let mut pairs: Vec<(u16, char)> = Vec::new();
    match u16_at(sub, 0) {
        Some(4) => format4(sub, &mut pairs),
        Some(12) => format12(sub, &mut pairs),
        _ => {}
    }
    // One char per glyph: prefer non-private-use, then the lowest.
    let pua = |c: char| ('\u{E000}'..='\u{F8FF}').contains(&c);
    pairs.sort_by_key(|&(g, c)| (g, pua(c), c));
    pairs.dedup_by_key(|p| p.0);
    pairs.retain(|&(g, _)| g != 0);
    pairs
}

fn format4(sub: &[u8], out: &mut Vec<(u16, char)>) {
    let Some(seg2) = u16_at(sub, 6) else { return };
    let segs = seg2 as usize / 2;
    let ends = 14;
    let starts = ends + seg2 as usize + 2;
    let deltas = starts + seg2 as usize;
    let ranges = deltas + seg2 as usize;
    for s in 0..segs {
        let (Some(end), Some(start), Some(delta), Some(ro)) = (
            u16_at(sub, ends + 2 * s),
            u16_at(sub, starts + 2 * s),
            u16_at(sub, deltas + 2 * s),
            u16_at(sub, ranges + 2 * s),
        ) else {
            return;
        };
        if start > end || start == 0xFFFF {
            continue;
        }
        for c in start..=end {
            let gid = if ro == 0 {
                c.wrapping_add(delta)
            } else {
                let at = ranges + 2 * s + ro as usize + 2 * (c - start) as usize;
                match u16_at(sub, at) {
                    Some(0) | None => continue,
                    Some(g) => g.wrapping_add(delta),
                }
            };
            if let Some(ch) = char::from_u32(c as u32) {
                out.push((gid, ch));
            }
            if out.len() >= MAX_MAPPINGS {
                return;
            }
        }
    }
}

fn format12(sub: &[u8], out: &mut Vec<(u16, char)>) {
    let Some(n) = u32_at(sub, 12) else { return };
    for i in 0..n as usize {
        let at = 16 + 12 * i;
        let (Some(start), Some(end), Some(g0)) =
            (u32_at(sub, at), u32_at(sub, at + 4), u32_at(sub, at + 8))
        else {
            return;
        };
        if end < start || end - start > 0x10FFFF {
            continue;
        }
        for c in start..=end {
            let gid = g0.wrapping_add(c - start);
            if gid > 0xFFFF {
                break;
            }
            if let Some(ch) = char::from_u32(c) {
                out.push((gid as u16, ch));
            }
            if out.len() >= MAX_MAPPINGS {
                return;
            }
        }
    }
}

pub fn lookup(map: &GlyphMap, gid: u16) -> Option<char> {
    map.binary_search_by_key(&gid, |p| p.0)
        .ok()
        .map(|i| map[i].1)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal font: table directory with one `cmap` holding a format-4
    /// subtable mapping U+4E2D..U+4E2E to glyphs 5..6 and 'A' to 9.
    pub fn tiny_font() -> Vec<u8> {
        let mut sub = Vec::new();
        let segs: [(u16, u16, i16); 3] = [
            (0x41, 0x41, 9 - 0x41),
            (0x4E2D, 0x4E2E, 5 - 0x4E2D),
            (0xFFFF, 0xFFFF, 1),
        ];
        let seg2 = (segs.len() * 2) as u16;
        sub.extend_from_slice(&4u16.to_be_bytes());
        sub.extend_from_slice(&0u16.to_be_bytes()); // length (unused here)
        sub.extend_from_slice(&0u16.to_be_bytes());
        sub.extend_from_slice(&seg2.to_be_bytes());
        sub.extend_from_slice(&[0; 6]);
        for s in &segs {
            sub.extend_from_slice(&s.1.to_be_bytes());
        }
        sub.extend_from_slice(&0u16.to_be_bytes());
        for s in &segs {
            sub.extend_from_slice(&s.0.to_be_bytes());
        }
        for s in &segs {
            sub.extend_from_slice(&s.2.to_be_bytes());
        }
        for _ in &segs {
            sub.extend_from_slice(&0u16.to_be_bytes());
        }
        let mut cmap = Vec::new();
        cmap.extend_from_slice(&0u16.to_be_bytes());
        cmap.extend_from_slice(&1u16.to_be_bytes());
        cmap.extend_from_slice(&3u16.to_be_bytes());
        cmap.extend_from_slice(&1u16.to_be_bytes());
        cmap.extend_from_slice(&12u32.to_be_bytes());
        cmap.extend_from_slice(&sub);
        let mut font = Vec::new();
        font.extend_from_slice(&0x0001_0000u32.to_be_bytes());
        font.extend_from_slice(&1u16.to_be_bytes());
        font.extend_from_slice(&[0; 6]);
        font.extend_from_slice(b"cmap");
        font.extend_from_slice(&0u32.to_be_bytes());
        font.extend_from_slice(&28u32.to_be_bytes());
        font.extend_from_slice(&(cmap.len() as u32).to_be_bytes());
        font.extend_from_slice(&cmap);
        font
    }

    #[test]
    fn reverse_cmap_format4() {
        let map = glyph_map(&tiny_font());
        assert_eq!(lookup(&map, 5), Some('中'));
        assert_eq!(lookup(&map, 6), Some('丮'));
        assert_eq!(lookup(&map, 9), Some('A'));
        assert_eq!(lookup(&map, 7), None);
        assert!(glyph_map(b"garbage").is_empty());
        let font = tiny_font();
        for cut in 0..font.len() {
            let _ = glyph_map(&font[..cut]);
        }
    }
}
