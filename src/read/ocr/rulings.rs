//! A simple morphological ruling finder for ruled tables in page images:
//! long runs of ink along a row (horizontal rulings) or a column (vertical),
//! stacked into thin segments; short vertical runs count only when both
//! their ends meet a horizontal ruling (the cell walls of a one-row header),
//! so the strokes of characters are never rulings.

use super::image::Gray;

/// Tolerances in pixels at the rendering resolution, scaled from 200 dpi.
#[derive(Debug, Clone, Copy)]
pub struct RulingTolerances {
    /// A horizontal run at least this long is a ruling (longer than any
    /// character stroke of body or title text).
    pub min_h: usize,
    /// A vertical run at least this long is a ruling on its own.
    pub min_v: usize,
    /// A shorter vertical run (down to this) is one when both ends meet a
    /// horizontal ruling.
    pub min_v_short: usize,
    /// Gaps of ink this short inside a run are bridged (JPEG, noise).
    pub gap: usize,
    /// A stack of runs thicker than this is a filled area, not a line.
    pub max_thick: usize,
    /// How close an end of a short vertical run must come to a horizontal ruling.
    pub touch: usize,
}

impl RulingTolerances {
    /// The tolerances for an image rendered at `dpi`.
    pub fn at_dpi(dpi: u32) -> RulingTolerances {
        let s = |px200: usize| (px200 * dpi as usize).div_ceil(200).max(1);
        RulingTolerances {
            min_h: s(70),
            min_v: s(70),
            min_v_short: s(24),
            gap: s(2),
            max_thick: s(8),
            touch: s(4),
        }
    }
}

/// A ruling in pixel space: `[x0, x1) × [y0, y1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PxRect {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

/// A run along the major axis at minor position `at`: `[a, b)`.
#[derive(Debug, Clone, Copy)]
struct Run {
    at: usize,
    a: usize,
    b: usize,
}

/// The runs of ink at least `min` long along every line of the major axis
/// (`lines` lines of `len` pixels; `ink(line, i)`), gaps up to `gap` bridged.
fn runs(
    lines: usize,
    len: usize,
    min: usize,
    gap: usize,
    ink: impl Fn(usize, usize) -> bool,
) -> Vec<Run> {
    let mut out = Vec::new();
    for at in 0..lines {
        let mut i = 0;
        while i < len {
            if !ink(at, i) {
                i += 1;
                continue;
            }
            let a = i;
            let mut last = i; // last ink pixel of the run
            while i < len && i <= last + gap + 1 {
                if ink(at, i) {
                    last = i;
                }
                i += 1;
            }
            if last + 1 - a >= min {
                out.push(Run { at, a, b: last + 1 });
            }
            i = last + 1;
        }
    }
    out
}

/// Stack runs on neighbouring lines that overlap into segments
/// `(at0, at1, a, b)`; stacks thicker than `max_thick` are dropped.
fn stack(runs: &[Run], max_thick: usize) -> Vec<(usize, usize, usize, usize)> {
    // open stacks: (at0, last at, a, b)
    let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut done = Vec::new();
    for r in runs {
        let hit = open
            .iter_mut()
            .find(|s| s.1 + 1 == r.at && r.a < s.3 && s.2 < r.b);
        match hit {
            Some(s) => {
                s.1 = r.at;
                s.2 = s.2.min(r.a);
                s.3 = s.3.max(r.b);
            }
            None => open.push((r.at, r.at, r.a, r.b)),
        }
        // close the stacks this line cannot continue
        let mut k = 0;
        while k < open.len() {
            if open[k].1 + 1 < r.at {
                done.push(open.swap_remove(k));
            } else {
                k += 1;
            }
        }
    }
    done.extend(open);
    done.retain(|s| s.1 + 1 - s.0 <= max_thick);
    done.sort_unstable();
    done
}

/// The horizontal and vertical rulings of a page image.
pub fn find(img: &Gray, tol: &RulingTolerances) -> Vec<PxRect> {
    let (w, h) = (img.width, img.height);
    let hs: Vec<PxRect> = stack(
        &runs(h, w, tol.min_h, tol.gap, |y, x| img.ink(x, y)),
        tol.max_thick,
    )
    .into_iter()
    .map(|(y0, y1, x0, x1)| PxRect {
        x0,
        y0,
        x1,
        y1: y1 + 1,
    })
    .collect();
    let meets = |x: usize, y: usize| {
        hs.iter().any(|r| {
            x + tol.touch >= r.x0
                && x < r.x1 + tol.touch
                && y + tol.touch >= r.y0
                && y < r.y1 + tol.touch
        })
    };
    let vs = stack(
        &runs(w, h, tol.min_v_short, tol.gap, |x, y| img.ink(x, y)),
        tol.max_thick,
    )
    .into_iter()
    .map(|(x0, x1, y0, y1)| PxRect {
        x0,
        y0,
        x1: x1 + 1,
        y1,
    })
    .filter(|r| {
        let mid = (r.x0 + r.x1) / 2;
        r.y1 - r.y0 >= tol.min_v || (meets(mid, r.y0) && meets(mid, r.y1.saturating_sub(1)))
    });
    let mut out = hs.clone();
    out.extend(vs);
    out
}

/// Paint the rulings white (with a margin of `pad` pixels), so the OCR engine
/// reads the cells' text without the lines around it.
pub fn erase(img: &mut Gray, rulings: &[PxRect], pad: usize) {
    for r in rulings {
        let (x0, y0) = (r.x0.saturating_sub(pad), r.y0.saturating_sub(pad));
        let (x1, y1) = ((r.x1 + pad).min(img.width), (r.y1 + pad).min(img.height));
        for y in y0..y1 {
            img.pixels[y * img.width + x0..y * img.width + x1].fill(255);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(g: &mut Gray, x0: usize, y0: usize, x1: usize, y1: usize) {
        for y in y0..y1 {
            for x in x0..x1 {
                g.pixels[y * g.width + x] = 0;
            }
        }
    }

    #[test]
    fn grid_lines_are_found_and_strokes_are_not() {
        let mut g = Gray::new(600, 400, 255);
        // a 2-row, 3-column grid: rows 100..140..180, columns 100..250..400..500
        for y in [100, 140, 180] {
            fill(&mut g, 100, y, 502, y + 2);
        }
        for x in [100, 250, 400, 500] {
            fill(&mut g, x, 100, x + 2, 182);
        }
        // a wall of one cell only (40 px: short, but meets rulings at both ends)
        fill(&mut g, 175, 140, 177, 182);
        // a character-like vertical stroke (30 px, touching nothing) and a
        // horizontal one (50 px): not rulings
        fill(&mut g, 30, 20, 32, 50);
        fill(&mut g, 20, 60, 70, 62);
        // a filled block (a logo): too thick for a line
        fill(&mut g, 20, 300, 200, 340);
        // a ruling broken by JPEG: a one-pixel gap is bridged
        fill(&mut g, 100, 250, 300, 252);
        g.pixels[250 * 600 + 200] = 255;
        g.pixels[251 * 600 + 200] = 255;
        let r = find(&g, &RulingTolerances::at_dpi(200));
        let hs: Vec<_> = r.iter().filter(|r| r.x1 - r.x0 > r.y1 - r.y0).collect();
        let vs: Vec<_> = r.iter().filter(|r| r.x1 - r.x0 <= r.y1 - r.y0).collect();
        assert_eq!(hs.len(), 4, "{hs:?}");
        assert!(hs.iter().any(|r| r.y0 == 250 && r.x0 == 100 && r.x1 == 300));
        assert_eq!(vs.len(), 5, "{vs:?}");
        assert!(vs.iter().any(|r| r.x0 == 175 && r.y0 == 140));
        assert!(r.iter().all(|r| r.y1 - r.y0 <= 2 || r.x1 - r.x0 <= 2));
        let mut e = g.clone();
        erase(&mut e, &r, 1);
        assert_eq!(e.get(300, 100), 255);
        assert_eq!(e.get(30, 30), 0, "the stroke stays");
    }
}

/// How many ink pixels `r` holds.
fn ink_in(img: &Gray, r: &PxRect) -> usize {
    (r.y0..r.y1)
        .map(|y| (r.x0..r.x1).filter(|&x| img.ink(x, y)).count())
        .sum()
}

/// Short isolated bars: a dash printed alone in a cell (`-` for zero), which
/// the OCR engine passes over as a speck. A solid blob at most `max_h` high,
/// `min_w..=max_w` wide and at least twice as wide as high, with no ink
/// (beyond two noise pixels) within `margin` around it. Tolerances in pixels
/// at 200 dpi, scaled to `dpi`; a body-text 一 is wider than `max_w`.
pub fn find_dashes(img: &Gray, dpi: u32) -> Vec<PxRect> {
    let s = |px200: usize| (px200 * dpi as usize).div_ceil(200).max(1);
    let (min_w, max_w, max_h, margin) = (s(4), s(20), s(5), s(8));
    let (w, h) = (img.width, img.height);
    let mut found: Vec<PxRect> = Vec::new();
    for y in 0..h {
        let mut x = 0;
        while x < w {
            if !img.ink(x, y) {
                x += 1;
                continue;
            }
            let a = x;
            while x < w && img.ink(x, y) {
                x += 1;
            }
            let b = x;
            if b - a < min_w || b - a > max_w {
                continue;
            }
            // the top row of a blob: nothing above it
            if y > 0 && (a..b).any(|xx| img.ink(xx, y - 1)) {
                continue;
            }
            // grow down while the rows below carry ink under the run
            let (mut x0, mut x1, mut y1) = (a, b, y + 1);
            while y1 < h && y1 - y <= max_h && (a..b).any(|xx| img.ink(xx, y1)) {
                let row: Vec<usize> = (a.saturating_sub(2)..(b + 2).min(w))
                    .filter(|&xx| img.ink(xx, y1))
                    .collect();
                x0 = x0.min(row[0]);
                x1 = x1.max(row[row.len() - 1] + 1);
                y1 += 1;
            }
            let (bw, bh) = (x1 - x0, y1 - y);
            if bh > max_h || bw > max_w || bw < bh * 2 {
                continue;
            }
            let blob = PxRect { x0, y0: y, x1, y1 };
            if ink_in(img, &blob) * 10 < bw * bh * 6 {
                continue;
            }
            let around = PxRect {
                x0: x0.saturating_sub(margin),
                y0: y.saturating_sub(margin),
                x1: (x1 + margin).min(w),
                y1: (y1 + margin).min(h),
            };
            if ink_in(img, &around) - ink_in(img, &blob) <= 2 {
                found.push(blob);
            }
        }
    }
    found
}

#[cfg(test)]
mod dash_tests {
    use super::*;

    #[test]
    fn lone_dashes_are_found_and_text_bars_are_not() {
        let mut g = Gray::new(300, 100, 255);
        let mut fill = |x0: usize, y0: usize, x1: usize, y1: usize| {
            for y in y0..y1 {
                for x in x0..x1 {
                    g.pixels[y * 300 + x] = 0;
                }
            }
        };
        fill(20, 20, 32, 23); // a dash, alone
        fill(60, 20, 88, 23); // a wide bar (a text 一): too wide
        fill(120, 20, 132, 23); // a dash with a neighbour stroke close by
        fill(136, 14, 138, 30);
        fill(200, 20, 206, 40); // a tall stroke
        fill(250, 50, 253, 53); // a speck: not wide enough
        let d = find_dashes(&g, 200);
        assert_eq!(
            d,
            vec![PxRect {
                x0: 20,
                y0: 20,
                x1: 32,
                y1: 23
            }]
        );
    }
}
