//! The body's own facts from the unit overview (科室数, 编制数, 实有人数, 退休/离休, 下属单位).

use crate::model::Profile;

pub fn extract(_paragraphs: &[&str]) -> Profile {
    Profile::default()
}
