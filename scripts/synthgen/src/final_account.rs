//! Family 3: the national final-account template (决算, 万元).

use crate::Built;
use crate::build::Variation;
use crate::model::Model;
use crate::rng::Rng;

pub fn build(m: &Model, rng: &mut Rng, v: Variation) -> Built {
    crate::national::build(m, rng, v)
}
