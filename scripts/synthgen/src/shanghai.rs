//! Family 2: the Shanghai district budget template (元, 部门/单位 scope).

use crate::Built;
use crate::build::Variation;
use crate::model::Model;
use crate::rng::Rng;

pub fn build(m: &Model, rng: &mut Rng, v: Variation) -> Built {
    crate::national::build(m, rng, v)
}
