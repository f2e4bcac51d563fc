//! Grey page images: PGM decoding, skew estimate and deskew.
//!
//! Pure and deterministic (integer pixels, the same float operations in the
//! same order for the same input), so the same scan always gives the same
//! image to the OCR engine.

use crate::error::Error;

/// An 8-bit grey image, row-major, 0 = black, 255 = white.
#[derive(Debug, Clone, PartialEq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// Pixels darker than this are ink (rulings, text) for the skew estimate and
/// the ruling finder.
pub const INK: u8 = 150;

/// Images above this many pixels are refused (a 200 dpi A0 page is ~35 M).
const MAX_PIXELS: usize = 64 << 20;

impl Gray {
    pub fn new(width: usize, height: usize, fill: u8) -> Gray {
        Gray {
            width,
            height,
            pixels: vec![fill; width * height],
        }
    }

    #[inline]
    pub fn get(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }

    #[inline]
    pub fn ink(&self, x: usize, y: usize) -> bool {
        self.get(x, y) < INK
    }

    /// Decode a binary PGM (`P5`, maxval ≤ 255), as `pdftoppm -gray` writes.
    pub fn from_pgm(data: &[u8]) -> Result<Gray, Error> {
        let bad = |why: &str| Error::Ocr(format!("page image is not a readable PGM: {why}"));
        if !data.starts_with(b"P5") {
            return Err(bad("no P5 header"));
        }
        // Header: magic, width, height, maxval, separated by white space
        // (comments start with '#'), then one white-space byte, then pixels.
        let mut fields = Vec::new();
        let mut i = 2;
        while fields.len() < 3 {
            while i < data.len() && (data[i].is_ascii_whitespace() || data[i] == b'#') {
                if data[i] == b'#' {
                    while i < data.len() && data[i] != b'\n' {
                        i += 1;
                    }
                } else {
                    i += 1;
                }
            }
            let start = i;
            while i < data.len() && data[i].is_ascii_digit() {
                i += 1;
            }
            if start == i {
                return Err(bad("truncated header"));
            }
            let v: usize = std::str::from_utf8(&data[start..i])
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad("bad number in header"))?;
            fields.push(v);
        }
        let (width, height, maxval) = (fields[0], fields[1], fields[2]);
        if maxval == 0 || maxval > 255 {
            return Err(bad("only 8-bit images are read"));
        }
        if width == 0 || height == 0 || width.saturating_mul(height) > MAX_PIXELS {
            return Err(bad("image size out of range"));
        }
        i += 1; // the single white-space byte after maxval
        let n = width * height;
        let body = data
            .get(i..i + n)
            .ok_or_else(|| bad("pixel data cut short"))?;
        let pixels = if maxval == 255 {
            body.to_vec()
        } else {
            body.iter()
                .map(|&p| ((p as usize * 255) / maxval).min(255) as u8)
                .collect()
        };
        Ok(Gray {
            width,
            height,
            pixels,
        })
    }

    /// Encode as a binary PGM (what tesseract reads through leptonica).
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }
}

/// The skew of the page in degrees, within ±`max_deg`: the angle whose
/// sheared row projection of the ink is sharpest (sum of squared row counts),
/// searched in 0.05° steps. Positive: the content is turned counter-clockwise
/// as seen (a horizontal line rises to the right).
pub fn skew_degrees(img: &Gray, max_deg: f32) -> f32 {
    // Sample the ink: every second pixel of every row, so a page costs a few
    // hundred thousand points (skipping rows instead would alias: at 0° only
    // every second bin would fill, doubling its score).
    let mut pts: Vec<(f32, f32)> = Vec::new();
    for y in 0..img.height {
        for x in (0..img.width).step_by(2) {
            if img.ink(x, y) {
                pts.push((x as f32, y as f32));
            }
        }
    }
    if pts.len() < 100 {
        return 0.0;
    }
    let cx = img.width as f32 / 2.0;
    let steps = (max_deg / 0.05).round() as i32;
    let rows = img.height + img.width; // room for the shear
    let mut hist = vec![0u32; rows];
    let mut best = (0u64, 0.0f32);
    for k in -steps..=steps {
        let deg = k as f32 * 0.05;
        let t = deg.to_radians().tan();
        hist.iter_mut().for_each(|h| *h = 0);
        for &(x, y) in &pts {
            // A line rising to the right by `deg` has y + (x - cx)·tan(deg) constant.
            let r = y + (x - cx) * t + (img.width / 2) as f32;
            if r >= 0.0 && (r as usize) < rows {
                hist[r as usize] += 1;
            }
        }
        let score: u64 = hist.iter().map(|&h| h as u64 * h as u64).sum();
        // Ties go to the angle nearer zero (k runs from negative to positive).
        if score > best.0 || (score == best.0 && deg.abs() < best.1.abs()) {
            best = (score, deg);
        }
    }
    best.1
}

/// The image turned by `deg` degrees clockwise as seen (undoing a skew of
/// `deg` found by [`skew_degrees`]) around its centre, bilinear, new area white.
pub fn rotate(img: &Gray, deg: f32) -> Gray {
    if deg == 0.0 {
        return img.clone();
    }
    let (w, h) = (img.width, img.height);
    let mut out = Gray::new(w, h, 255);
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    for y in 0..h {
        let dy = y as f32 - cy;
        for x in 0..w {
            let dx = x as f32 - cx;
            // Source of output (x, y): turn it back counter-clockwise as seen
            // (y grows downward, so the signs of a usual rotation flip).
            let sx = cx + dx * c + dy * s;
            let sy = cy - dx * s + dy * c;
            if sx < 0.0 || sy < 0.0 {
                continue;
            }
            let (x0, y0) = (sx as usize, sy as usize);
            if x0 + 1 >= w || y0 + 1 >= h {
                continue;
            }
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let p = |xx: usize, yy: usize| img.get(xx, yy) as f32;
            let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
            let bot = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
            out.pixels[y * w + x] = (top * (1.0 - fy) + bot * fy).round() as u8;
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A white image with a black line from (x0, y0) rising `deg` degrees to
    /// the right (counter-clockwise as seen), `thick` pixels thick.
    pub(crate) fn line_image(w: usize, h: usize, y0: f32, deg: f32, thick: usize) -> Gray {
        let mut g = Gray::new(w, h, 255);
        let t = deg.to_radians().tan();
        for x in w / 10..w * 9 / 10 {
            let y = y0 - (x as f32 - (w / 2) as f32) * t;
            for d in 0..thick {
                let yy = y as usize + d;
                if yy < h {
                    g.pixels[yy * w + x] = 0;
                }
            }
        }
        g
    }

    #[test]
    fn pgm_round_trip_and_bad_headers() {
        let mut g = Gray::new(3, 2, 200);
        g.pixels[4] = 7;
        let back = Gray::from_pgm(&g.to_pgm()).unwrap();
        assert_eq!(back, g);
        // comments and a 4-bit maxval
        let mut data = b"P5\n# made by hand\n2 1\n15\n".to_vec();
        data.extend_from_slice(&[0, 15]);
        assert_eq!(Gray::from_pgm(&data).unwrap().pixels, vec![0, 255]);
        for bad in [
            &b"P6\n1 1\n255\n\0\0\0"[..],
            b"P5\n2 2\n255\n\0",
            b"P5\n",
            b"P5 x",
        ] {
            let e = Gray::from_pgm(bad).unwrap_err();
            assert!(e.to_string().contains("PGM"), "{e}");
        }
        // a huge declared size is refused before allocating
        assert!(Gray::from_pgm(b"P5\n100000 100000\n255\n").is_err());
    }

    #[test]
    fn skew_is_found_and_undone() {
        for deg in [0.0f32, 0.8, -1.2] {
            let mut g = line_image(800, 600, 200.0, deg, 2);
            // a second line and some text-like ink
            let g2 = line_image(800, 600, 400.0, deg, 2);
            for (a, b) in g.pixels.iter_mut().zip(&g2.pixels) {
                *a = (*a).min(*b);
            }
            let found = skew_degrees(&g, 2.0);
            assert!((found - deg).abs() <= 0.1, "{deg}: found {found}");
            let straight = rotate(&g, found);
            assert!(skew_degrees(&straight, 2.0).abs() <= 0.05, "{deg}");
        }
        // a blank page has no skew
        assert_eq!(skew_degrees(&Gray::new(50, 50, 255), 2.0), 0.0);
    }
}
