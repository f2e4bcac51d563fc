//! The accounting model of one department's budget: every amount is an exact
//! decimal with 2 places, parents are sums of children, totals agree across tables.

use crate::rng::Rng;
use rust_decimal::Decimal;

/// Revenue sources (column order of the revenue table).
pub const SOURCES: [&str; 7] = [
    "general_budget",
    "gov_fund",
    "state_capital",
    "special_account",
    "business",
    "operating",
    "other",
];
pub const GB: usize = 0;
pub const GF: usize = 1;
pub const SC: usize = 2;

/// Functional classes (类) as printed in the summary tables.
pub const CLASSES: &[(&str, &str)] = &[
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债还本支出"),
];

pub fn class_name(code: &str) -> &'static str {
    CLASSES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or("")
}

/// 款 names.
pub const KUANS: &[(&str, &str)] = &[
    ("20103", "政府办公厅（室）及相关机构事务"),
    ("20105", "统计信息事务"),
    ("20106", "财政事务"),
    ("20108", "审计事务"),
    ("20138", "市场监督管理事务"),
    ("20406", "司法"),
    ("20501", "教育管理事务"),
    ("20502", "普通教育"),
    ("20601", "科学技术管理事务"),
    ("20604", "技术研究与开发"),
    ("20701", "文化和旅游"),
    ("20801", "人力资源和社会保障管理事务"),
    ("20802", "民政管理事务"),
    ("20805", "行政事业单位养老支出"),
    ("20807", "就业补助"),
    ("20810", "社会福利"),
    ("21001", "卫生健康管理事务"),
    ("21004", "公共卫生"),
    ("21011", "行政事业单位医疗"),
    ("21101", "环境保护管理事务"),
    ("21103", "污染防治"),
    ("21201", "城乡社区管理事务"),
    ("21203", "城乡社区公共设施"),
    ("21205", "城乡社区环境卫生"),
    ("21208", "国有土地使用权出让收入安排的支出"),
    ("21301", "农业农村"),
    ("21401", "公路水路运输"),
    ("22102", "住房改革支出"),
    ("22301", "解决历史遗留问题及改革成本支出"),
    ("22960", "彩票公益金安排的支出"),
];

pub fn kuan_name(code: &str) -> &'static str {
    KUANS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or("")
}

/// A body type: its name, its own 项 (code, name, is_project_heavy) and project names.
pub struct BodyType {
    pub name: &'static str,
    pub items: &'static [(&'static str, &'static str)],
    pub projects: &'static [&'static str],
    /// Whether it has 事业单位 with non-fiscal revenue.
    pub nonfiscal: bool,
    /// Government-fund 项, if any.
    pub gov_fund: &'static [(&'static str, &'static str)],
}

pub const BODIES: &[BodyType] = &[
    BodyType {
        name: "教育局",
        items: &[
            ("2050101", "行政运行"),
            ("2050102", "一般行政管理事务"),
            ("2050201", "学前教育"),
            ("2050202", "小学教育"),
            ("2050203", "初中教育"),
        ],
        projects: &[
            "校舍维修改造专项经费",
            "教师培训专项经费",
            "学生资助补助经费",
            "教育信息化建设经费",
        ],
        nonfiscal: true,
        gov_fund: &[],
    },
    BodyType {
        name: "卫生健康委员会",
        items: &[
            ("2100101", "行政运行"),
            ("2100102", "一般行政管理事务"),
            ("2100401", "疾病预防控制机构"),
            ("2100408", "基本公共卫生服务"),
        ],
        projects: &[
            "基本公共卫生服务项目经费",
            "疾病预防控制专项经费",
            "卫生监督执法专项经费",
        ],
        nonfiscal: true,
        gov_fund: &[],
    },
    BodyType {
        name: "财政局",
        items: &[
            ("2010601", "行政运行"),
            ("2010602", "一般行政管理事务"),
            ("2010607", "信息化建设"),
            ("2010608", "财政委托业务支出"),
        ],
        projects: &["中介机构服务费", "财政业务费", "信息化系统日常维护费"],
        nonfiscal: false,
        gov_fund: &[],
    },
    BodyType {
        name: "街道办事处",
        items: &[
            ("2010301", "行政运行"),
            ("2010302", "一般行政管理事务"),
            ("2120101", "行政运行"),
            ("2120501", "城乡社区环境卫生"),
        ],
        projects: &[
            "社区治理专项经费",
            "城市网格化管理经费",
            "环境卫生保洁经费",
            "社区文化活动经费",
        ],
        nonfiscal: false,
        gov_fund: &[("2120803", "城市建设支出")],
    },
    BodyType {
        name: "民政局",
        items: &[
            ("2080201", "行政运行"),
            ("2080208", "基层政权建设和社区治理"),
            ("2081002", "老年福利"),
        ],
        projects: &[
            "养老服务补贴经费",
            "社区治理专项经费",
            "困难群众救助工作经费",
        ],
        nonfiscal: false,
        gov_fund: &[("2296002", "用于社会福利的彩票公益金支出")],
    },
    BodyType {
        name: "农业农村局",
        items: &[
            ("2130101", "行政运行"),
            ("2130104", "事业运行"),
            ("2130108", "病虫害控制"),
        ],
        projects: &[
            "农作物病虫害防控经费",
            "高标准农田建设管理经费",
            "农业技术推广经费",
        ],
        nonfiscal: true,
        gov_fund: &[],
    },
    BodyType {
        name: "司法局",
        items: &[
            ("2040601", "行政运行"),
            ("2040604", "基层司法业务"),
            ("2040610", "社区矫正"),
        ],
        projects: &["人民调解工作经费", "社区矫正工作经费", "法治宣传教育经费"],
        nonfiscal: false,
        gov_fund: &[],
    },
    BodyType {
        name: "文化和旅游局",
        items: &[("2070101", "行政运行"), ("2070109", "群众文化")],
        projects: &["群众文化活动经费", "文物保护专项经费", "旅游宣传推广经费"],
        nonfiscal: true,
        gov_fund: &[],
    },
    BodyType {
        name: "住房和城乡建设局",
        items: &[
            ("2120101", "行政运行"),
            ("2120102", "一般行政管理事务"),
            ("2120399", "其他城乡社区公共设施支出"),
        ],
        projects: &[
            "建筑市场监管经费",
            "城市道路设施维护经费",
            "老旧小区改造前期经费",
        ],
        nonfiscal: false,
        gov_fund: &[("2120803", "城市建设支出")],
    },
    BodyType {
        name: "生态环境局",
        items: &[
            ("2110101", "行政运行"),
            ("2110104", "生态环境保护宣传"),
            ("2110301", "大气"),
        ],
        projects: &[
            "大气污染防治专项经费",
            "环境监测运维经费",
            "生态环境宣传经费",
        ],
        nonfiscal: false,
        gov_fund: &[],
    },
    BodyType {
        name: "科学技术局",
        items: &[
            ("2060101", "行政运行"),
            ("2060499", "其他技术研究与开发支出"),
        ],
        projects: &["科技创新券补助经费", "科技计划项目管理经费"],
        nonfiscal: false,
        gov_fund: &[],
    },
    BodyType {
        name: "交通运输局",
        items: &[("2140101", "行政运行"), ("2140106", "公路养护")],
        projects: &["农村公路养护经费", "交通安全宣传经费"],
        nonfiscal: false,
        gov_fund: &[],
    },
    BodyType {
        name: "市场监督管理局",
        items: &[
            ("2013801", "行政运行"),
            ("2013804", "市场主体管理"),
            ("2013812", "药品事务"),
        ],
        projects: &[
            "食品安全抽检经费",
            "市场主体登记管理经费",
            "药品监管专项经费",
        ],
        nonfiscal: false,
        gov_fund: &[],
    },
    BodyType {
        name: "人力资源和社会保障局",
        items: &[
            ("2080101", "行政运行"),
            ("2080109", "社会保险经办机构"),
            ("2080799", "其他就业补助支出"),
        ],
        projects: &[
            "职业技能培训补贴经费",
            "劳动保障监察经费",
            "就业服务专项经费",
        ],
        nonfiscal: false,
        gov_fund: &[],
    },
    BodyType {
        name: "统计局",
        items: &[
            ("2010501", "行政运行"),
            ("2010502", "一般行政管理事务"),
            ("2010507", "专项普查活动"),
        ],
        projects: &["经济普查专项经费", "统计调查业务经费"],
        nonfiscal: false,
        gov_fund: &[],
    },
    BodyType {
        name: "审计局",
        items: &[("2010801", "行政运行"), ("2010804", "审计业务")],
        projects: &["审计业务专项经费", "聘请中介机构审计费"],
        nonfiscal: false,
        gov_fund: &[],
    },
];

pub const PLACES: &[&str] = &[
    "某市",
    "某县",
    "某区",
    "某市某区",
    "某州",
    "某市某县",
    "某自治县",
];

/// Common personnel-related 项 every body has.
pub const COMMON_ITEMS: &[(&str, &str)] = &[
    ("2080501", "行政单位离退休"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "机关事业单位职业年金缴费支出"),
    ("2101101", "行政单位医疗"),
    ("2101102", "事业单位医疗"),
    ("2101103", "公务员医疗补助"),
    ("2210201", "住房公积金"),
    ("2210203", "购房补贴"),
];

pub const STATE_CAPITAL_ITEM: (&str, &str) = ("2230199", "其他解决历史遗留问题及改革成本支出");

/// Economic classes of basic expenditure: (code, name, personnel?).
pub const ECON: &[(&str, &str, bool)] = &[
    ("30101", "基本工资", true),
    ("30102", "津贴补贴", true),
    ("30103", "奖金", true),
    ("30107", "绩效工资", true),
    ("30108", "机关事业单位基本养老保险缴费", true),
    ("30109", "职业年金缴费", true),
    ("30110", "职工基本医疗保险缴费", true),
    ("30112", "其他社会保障缴费", true),
    ("30113", "住房公积金", true),
    ("30199", "其他工资福利支出", true),
    ("30201", "办公费", false),
    ("30202", "印刷费", false),
    ("30207", "邮电费", false),
    ("30211", "差旅费", false),
    ("30212", "因公出国（境）费用", false),
    ("30213", "维修（护）费", false),
    ("30215", "会议费", false),
    ("30216", "培训费", false),
    ("30217", "公务接待费", false),
    ("30228", "工会经费", false),
    ("30229", "福利费", false),
    ("30231", "公务用车运行维护费", false),
    ("30299", "其他商品和服务支出", false),
    ("30302", "退休费", true),
    ("30305", "生活补助", true),
    ("31002", "办公设备购置", false),
];

pub fn econ_class_name(code: &str) -> &'static str {
    match code {
        "301" => "工资福利支出",
        "302" => "商品和服务支出",
        "303" => "对个人和家庭的补助",
        "310" => "资本性支出",
        _ => "",
    }
}

/// Project-table economic columns: (key, header).
pub const PROJECT_ECON: &[(&str, &str)] = &[
    ("wages", "工资福利支出"),
    ("goods_services", "商品和服务支出"),
    ("household_subsidy", "对个人和家庭的补助"),
    ("debt_interest", "债务利息及费用支出"),
    ("capital_construction", "资本性支出（基本建设）"),
    ("capital", "资本性支出"),
    ("enterprise_subsidy_construction", "对企业补助（基本建设）"),
    ("enterprise_subsidy", "对企业补助"),
    ("social_security_subsidy", "对社会保障基金补助"),
    ("other_expenditure", "其他支出"),
];

pub const ALLOCATION_ITEMS: &[&str] = &[
    "会议费",
    "培训费",
    "印刷费",
    "委托业务费",
    "劳务费",
    "专用材料费",
    "设备购置费",
    "宣传费",
    "差旅费",
    "咨询费",
    "维修（护）费",
    "信息系统运维费",
];

/// One 项 of the functional classification with its amounts by source.
#[derive(Clone, Debug)]
pub struct Item {
    pub code: String,
    pub name: String,
    /// (basic, project) per source, index = SOURCES.
    pub amounts: [(Decimal, Decimal); 7],
    /// Previous-year total (all sources), for the narrative.
    pub prev_total: Decimal,
}

impl Item {
    pub fn total(&self) -> Decimal {
        self.amounts.iter().map(|(b, p)| *b + *p).sum()
    }
    pub fn source_total(&self, s: usize) -> Decimal {
        self.amounts[s].0 + self.amounts[s].1
    }
    pub fn basic(&self) -> Decimal {
        self.amounts.iter().map(|(b, _)| *b).sum()
    }
    pub fn project(&self) -> Decimal {
        self.amounts.iter().map(|(_, p)| *p).sum()
    }
}

#[derive(Clone, Debug)]
pub struct Econ {
    pub code: String,
    pub name: String,
    pub personnel: Decimal,
    pub public: Decimal,
}

#[derive(Clone, Debug)]
pub struct Project {
    pub name: String,
    pub item: usize,
    pub amount: Decimal,
    /// Amounts per PROJECT_ECON column.
    pub econ: [Decimal; 10],
    pub allocations: Vec<(String, Decimal)>,
    pub prev: Decimal,
}

#[derive(Clone, Debug, Default)]
pub struct ThreePublic {
    pub outbound: Decimal,
    pub vehicle_purchase: Decimal,
    pub vehicle_operation: Decimal,
    pub reception: Decimal,
}

impl ThreePublic {
    pub fn vehicle(&self) -> Decimal {
        self.vehicle_purchase + self.vehicle_operation
    }
    pub fn total(&self) -> Decimal {
        self.outbound + self.vehicle() + self.reception
    }
}

#[derive(Clone, Debug)]
pub struct Model {
    pub department: String,
    pub body: &'static str,
    pub year: i32,
    pub staff_authorized: u32,
    pub staff_actual: u32,
    pub staff_in_service: u32,
    pub retired: u32,
    pub divisions: u32,
    pub division_names: Vec<String>,
    pub subordinate_units: u32,
    pub items: Vec<Item>,
    pub econ: Vec<Econ>,
    pub projects: Vec<Project>,
    pub three: ThreePublic,
    pub three_prev: ThreePublic,
    pub prev_revenue: Decimal,
    pub prev_basic: Decimal,
    pub prev_project: Decimal,
    pub prev_operating: Decimal,
    pub procurement: [Decimal; 3],
    pub sme: Decimal,
    pub small_micro: Decimal,
    pub vehicles: u32,
    /// 万元 (false: 元, amounts are larger and public items whole hundreds).
    pub wan: bool,
    /// Final-account extras: carry-over at year start and end (fiscal).
    pub carry_start: Decimal,
    pub carry_end: Decimal,
}

pub fn dec(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

const DIVISIONS: &[&str] = &[
    "办公室",
    "综合科",
    "财务科",
    "人事科",
    "法规科",
    "业务一科",
    "业务二科",
    "监督科",
    "规划科",
    "信息中心",
];

impl Model {
    pub fn generate(rng: &mut Rng, wan: bool) -> Model {
        let body = &BODIES[rng.index(BODIES.len())];
        let place = *rng.pick(PLACES);
        let department = format!("{place}{}", body.name);
        let year = rng.range(2021, 2025) as i32;
        let staff_authorized = rng.range(8, 160) as u32;
        let staff_actual = (staff_authorized as i64 + rng.range(-5, 3)).max(3) as u32;
        let retired = rng.range(0, staff_actual as i64 / 2) as u32;
        let staff_in_service = staff_actual;
        let divisions = rng.range(2, 8) as u32;
        let mut division_names: Vec<String> = Vec::new();
        let start = rng.index(DIVISIONS.len());
        for k in 0..divisions as usize {
            division_names.push(DIVISIONS[(start + k) % DIVISIONS.len()].to_string());
        }
        let subordinate_units = if body.nonfiscal {
            rng.range(1, 6) as u32
        } else {
            0
        };
        // unit: 万元 amounts in cents of 万元; 元 amounts in cents of 元 (x10000 scale)
        let scale: i64 = if wan { 1 } else { 10_000 };
        let staff = staff_actual as i64;
        let mut items: Vec<Item> = Vec::new();
        let zero = [(Decimal::ZERO, Decimal::ZERO); 7];
        // the body's own items: first is 行政运行 (basic), the others mostly project
        for (k, (code, name)) in body.items.iter().enumerate() {
            if k > 1 && rng.chance(25) {
                continue;
            }
            let mut a = zero;
            if k == 0 {
                a[GB].0 = cents(rng, staff * 1_500, staff * 3_000, scale);
                if rng.chance(30) {
                    a[GB].1 = cents(rng, 500, 20_000, scale);
                }
            } else {
                a[GB].1 = cents(rng, 1_000, 150_000, scale);
                if rng.chance(30) {
                    a[GB].0 = cents(rng, 500, 50_000, scale);
                }
            }
            if body.nonfiscal && k >= 1 && rng.chance(50) {
                let s = 3 + rng.index(4);
                a[s].0 = cents(rng, 1_000, 80_000, scale);
                if rng.chance(30) {
                    a[s].1 = cents(rng, 1_000, 30_000, scale);
                }
            }
            items.push(Item {
                code: code.to_string(),
                name: name.to_string(),
                amounts: a,
                prev_total: Decimal::ZERO,
            });
        }
        for (code, name) in body.gov_fund.iter() {
            if rng.chance(60) {
                let mut a = zero;
                a[GF].1 = cents(rng, 5_000, 400_000, scale);
                items.push(Item {
                    code: code.to_string(),
                    name: name.to_string(),
                    amounts: a,
                    prev_total: Decimal::ZERO,
                });
            }
        }
        if rng.chance(12) {
            let mut a = zero;
            a[SC].1 = cents(rng, 2_000, 90_000, scale);
            items.push(Item {
                code: STATE_CAPITAL_ITEM.0.into(),
                name: STATE_CAPITAL_ITEM.1.into(),
                amounts: a,
                prev_total: Decimal::ZERO,
            });
        }
        for (code, name) in COMMON_ITEMS {
            let skip = match *code {
                "2080501" | "2210203" => rng.chance(50),
                "2101102" => !body.nonfiscal && rng.chance(70),
                "2080506" | "2101103" => rng.chance(30),
                _ => false,
            };
            if skip {
                continue;
            }
            let mut a = zero;
            a[GB].0 = cents(rng, staff * 40, staff * 200, scale);
            items.push(Item {
                code: code.to_string(),
                name: name.to_string(),
                amounts: a,
                prev_total: Decimal::ZERO,
            });
        }
        items.sort_by(|x, y| x.code.cmp(&y.code));
        for it in items.iter_mut() {
            let t = it.total();
            it.prev_total = prev_of(rng, t, scale);
        }

        // three public + basic economic classes (general budget basic)
        let gb_basic: Decimal = items.iter().map(|i| i.amounts[GB].0).sum();
        let gb_basic_c = to_cents(gb_basic);
        // public part: 8..20 %, whole hundreds of 元 in the 元 model
        let mut public_c = gb_basic_c * rng.range(8, 20) / 100;
        if !wan {
            public_c -= public_c % 10_000;
        }
        let personnel_c = gb_basic_c - public_c;
        let unit_c: i64 = if wan { 1 } else { 10_000 }; // public items: multiples of 100 元
        let three = ThreePublic {
            outbound: if rng.chance(20) {
                dec(rng.range(1, 300) * 100 / 100 * unit_c)
            } else {
                Decimal::ZERO
            },
            vehicle_purchase: Decimal::ZERO,
            vehicle_operation: if rng.chance(60) {
                dec(rng.range(50, 800) * unit_c)
            } else {
                Decimal::ZERO
            },
            reception: if rng.chance(80) {
                dec(rng.range(5, 300) * unit_c)
            } else {
                Decimal::ZERO
            },
        };
        let mut three = three;
        // keep the three public items well inside the public part
        let fixed_c = to_cents(three.outbound + three.vehicle_operation + three.reception);
        if fixed_c * 2 > public_c {
            three = ThreePublic::default();
        }
        if rng.chance(10) {
            three.vehicle_purchase = dec(rng.range(800, 2500) * unit_c);
        }
        let fixed_c = to_cents(three.outbound + three.vehicle_operation + three.reception);
        let pers_codes: Vec<&(&str, &str, bool)> = ECON.iter().filter(|e| e.2).collect();
        let pub_codes: Vec<&(&str, &str, bool)> = ECON
            .iter()
            .filter(|e| !e.2 && !matches!(e.0, "30212" | "30217" | "30231"))
            .collect();
        let mut econ: Vec<Econ> = Vec::new();
        let n_pers = pers_codes.len().min(rng.range(5, 12) as usize);
        let pers_parts = rng.split(personnel_c, n_pers);
        for (k, e) in pers_codes.iter().take(n_pers).enumerate() {
            econ.push(Econ {
                code: e.0.into(),
                name: e.1.into(),
                personnel: dec(pers_parts[k]),
                public: Decimal::ZERO,
            });
        }
        let n_pub = pub_codes.len().min(rng.range(4, 12) as usize);
        let rest_units = (public_c - fixed_c) / unit_c;
        let pub_parts = rng.split(rest_units, n_pub);
        let mut chosen: Vec<(&str, &str, Decimal)> = Vec::new();
        for (k, e) in pub_codes.iter().take(n_pub).enumerate() {
            chosen.push((e.0, e.1, dec(pub_parts[k] * unit_c)));
        }
        if !three.outbound.is_zero() {
            chosen.push(("30212", "因公出国（境）费用", three.outbound));
        }
        if !three.reception.is_zero() {
            chosen.push(("30217", "公务接待费", three.reception));
        }
        if !three.vehicle_operation.is_zero() {
            chosen.push(("30231", "公务用车运行维护费", three.vehicle_operation));
        }
        for (c, n, v) in chosen {
            econ.push(Econ {
                code: c.into(),
                name: n.into(),
                personnel: Decimal::ZERO,
                public: v,
            });
        }
        econ.sort_by(|a, b| a.code.cmp(&b.code));

        // projects: general-budget project amounts of each item, 1..2 projects each
        let mut projects: Vec<Project> = Vec::new();
        let mut used_names: Vec<String> = Vec::new();
        for (idx, it) in items.iter().enumerate() {
            let p = it.amounts[GB].1;
            if p.is_zero() {
                continue;
            }
            let n = if to_cents(p) > 2000 * scale && rng.chance(40) {
                2
            } else {
                1
            };
            let parts = rng.split(to_cents(p), n);
            for part in parts {
                let mut name = body.projects[rng.index(body.projects.len())].to_string();
                let mut k = 2;
                while used_names.contains(&name) {
                    name = format!("{}（{}）", body.projects[rng.index(body.projects.len())], k);
                    k += 1;
                }
                used_names.push(name.clone());
                let amount = dec(part);
                let mut econ_p = [Decimal::ZERO; 10];
                if rng.chance(25) {
                    let cap = rng.split(part, 2);
                    econ_p[1] = dec(cap[0]);
                    econ_p[5] = dec(cap[1]);
                } else {
                    econ_p[1] = amount;
                }
                let n_alloc = rng.range(1, 4) as usize;
                let al = rng.split(part, n_alloc);
                let mut allocations = Vec::new();
                let start = rng.index(ALLOCATION_ITEMS.len());
                for (k, a) in al.iter().enumerate() {
                    allocations.push((
                        ALLOCATION_ITEMS[(start + k) % ALLOCATION_ITEMS.len()].to_string(),
                        dec(*a),
                    ));
                }
                let prev = prev_of(rng, amount, scale);
                projects.push(Project {
                    name,
                    item: idx,
                    amount,
                    econ: econ_p,
                    allocations,
                    prev,
                });
            }
        }
        let total: Decimal = items.iter().map(|i| i.total()).sum();
        let basic: Decimal = items.iter().map(|i| i.basic()).sum();
        let project: Decimal = items.iter().map(|i| i.project()).sum();
        let public: Decimal = econ.iter().map(|e| e.public).sum();
        let three_prev = ThreePublic {
            outbound: prev_of_small(rng, three.outbound, unit_c),
            vehicle_purchase: prev_of_small(rng, three.vehicle_purchase, unit_c),
            vehicle_operation: prev_of_small(rng, three.vehicle_operation, unit_c),
            reception: prev_of_small(rng, three.reception, unit_c),
        };
        let proc_total_c = to_cents(project) * rng.range(10, 60) / 100;
        let proc = rng.split(proc_total_c, 3);
        let proc_works = if rng.chance(70) { 0 } else { proc[2] / 3 };
        let procurement = [
            dec(proc[0]),
            dec(proc_works),
            dec(proc[1] + proc[2] - proc_works),
        ];
        let sme_c = proc_total_c * rng.range(30, 90) / 100;
        let small_c = sme_c * rng.range(40, 90) / 100;
        let carry_start = if rng.chance(40) {
            dec(rng.range(10_000, 2_000_000) * scale / 100)
        } else {
            Decimal::ZERO
        };
        let carry_end = if rng.chance(40) {
            dec(rng.range(10_000, 2_000_000) * scale / 100)
        } else {
            Decimal::ZERO
        };
        Model {
            department,
            body: body.name,
            year,
            staff_authorized,
            staff_actual,
            staff_in_service,
            retired,
            divisions,
            division_names,
            subordinate_units,
            items,
            econ,
            projects,
            three,
            three_prev,
            prev_revenue: prev_of(rng, total, scale),
            prev_basic: prev_of(rng, basic, scale),
            prev_project: prev_of(rng, project, scale),
            prev_operating: prev_of(rng, public, scale),
            procurement,
            sme: dec(sme_c),
            small_micro: dec(small_c),
            vehicles: rng.range(0, 6) as u32,
            wan,
            carry_start,
            carry_end,
        }
    }

    pub fn total(&self) -> Decimal {
        self.items.iter().map(|i| i.total()).sum()
    }
    pub fn source_total(&self, s: usize) -> Decimal {
        self.items.iter().map(|i| i.source_total(s)).sum()
    }
    pub fn basic(&self) -> Decimal {
        self.items.iter().map(|i| i.basic()).sum()
    }
    pub fn project(&self) -> Decimal {
        self.items.iter().map(|i| i.project()).sum()
    }
    pub fn fiscal(&self) -> Decimal {
        self.source_total(GB) + self.source_total(GF) + self.source_total(SC)
    }
    pub fn gb_basic(&self) -> Decimal {
        self.items.iter().map(|i| i.amounts[GB].0).sum()
    }
    pub fn gb_project(&self) -> Decimal {
        self.items.iter().map(|i| i.amounts[GB].1).sum()
    }
    pub fn personnel(&self) -> Decimal {
        self.econ.iter().map(|e| e.personnel).sum()
    }
    pub fn public(&self) -> Decimal {
        self.econ.iter().map(|e| e.public).sum()
    }
    /// Items whose amounts in the given sources are not all zero.
    pub fn items_of(&self, sources: &[usize]) -> Vec<&Item> {
        self.items
            .iter()
            .filter(|i| sources.iter().any(|s| !i.source_total(*s).is_zero()))
            .collect()
    }
}

fn to_cents(d: Decimal) -> i64 {
    let s = d.round_dp(2) * Decimal::new(100, 0);
    s.trunc().mantissa() as i64 / 10i64.pow(s.trunc().scale())
}

/// Random amount in cents between lo and hi 万元-cents, times `scale`.
fn cents(rng: &mut Rng, lo: i64, hi: i64, scale: i64) -> Decimal {
    let v = rng.range(lo, hi);
    if scale == 1 {
        dec(v)
    } else {
        // 元: mostly whole 元, sometimes with 角分
        let y = v * scale
            + if rng.chance(30) {
                rng.range(1, 9_999)
            } else {
                0
            };
        dec(y)
    }
}

fn prev_of(rng: &mut Rng, cur: Decimal, scale: i64) -> Decimal {
    let c = to_cents(cur);
    if c == 0 {
        return if rng.chance(30) {
            dec(rng.range(100, 5000) * scale)
        } else {
            Decimal::ZERO
        };
    }
    let pct = rng.range(70, 130);
    let v = c * pct / 100;
    dec(v.max(1))
}

fn prev_of_small(rng: &mut Rng, cur: Decimal, unit_c: i64) -> Decimal {
    if rng.chance(40) {
        return cur;
    }
    let c = to_cents(cur) / unit_c;
    dec((c + rng.range(-c / 3, c / 3 + 20)).max(0) * unit_c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_roundtrip() {
        assert_eq!(to_cents(dec(12345)), 12345);
        assert_eq!(to_cents(Decimal::new(5, 0)), 500);
    }

    #[test]
    fn model_is_consistent() {
        for seed in 0..200u64 {
            let mut rng = Rng::new(seed);
            let m = Model::generate(&mut rng, seed % 2 == 0);
            // econ sums = general budget basic; personnel + public
            let econ_total: Decimal = m.econ.iter().map(|e| e.personnel + e.public).sum();
            assert_eq!(econ_total, m.gb_basic(), "seed {seed}");
            assert_eq!(m.personnel() + m.public(), m.gb_basic());
            // projects = general budget project amounts, per item
            for (i, it) in m.items.iter().enumerate() {
                let p: Decimal = m
                    .projects
                    .iter()
                    .filter(|p| p.item == i)
                    .map(|p| p.amount)
                    .sum();
                assert_eq!(p, it.amounts[GB].1, "seed {seed} item {}", it.code);
            }
            for p in &m.projects {
                let e: Decimal = p.econ.iter().copied().sum();
                assert_eq!(e, p.amount);
                let a: Decimal = p.allocations.iter().map(|(_, v)| *v).sum();
                assert_eq!(a, p.amount);
            }
            // sources add up to the total; basic + project = total
            let by_source: Decimal = (0..7).map(|s| m.source_total(s)).sum();
            assert_eq!(by_source, m.total());
            assert_eq!(m.basic() + m.project(), m.total());
            // three public items sit in the economic table
            let find = |c: &str| {
                m.econ
                    .iter()
                    .find(|e| e.code == c)
                    .map(|e| e.public)
                    .unwrap_or_default()
            };
            assert_eq!(find("30217"), m.three.reception);
            assert_eq!(find("30231"), m.three.vehicle_operation);
            assert_eq!(find("30212"), m.three.outbound);
            assert_eq!(
                m.three.total(),
                m.three.outbound + m.three.vehicle() + m.three.reception
            );
            // all amounts have 2 decimal places and none is negative
            for it in &m.items {
                for (b, p) in it.amounts {
                    assert!(b >= Decimal::ZERO && p >= Decimal::ZERO);
                    if !b.is_zero() {
                        assert_eq!(b.scale(), 2);
                    }
                }
            }
            for e in &m.econ {
                assert!(
                    e.personnel >= Decimal::ZERO && e.public >= Decimal::ZERO,
                    "seed {seed}"
                );
            }
            if !m.wan {
                // 元 model: public items are whole hundreds so the 万元 三公 table is exact
                for e in &m.econ {
                    assert_eq!(
                        (e.public * Decimal::new(100, 0)) % Decimal::new(10000, 0),
                        Decimal::ZERO
                    );
                }
            }
            let proc: Decimal = m.procurement.iter().copied().sum();
            assert!(m.sme <= proc && m.small_micro <= m.sme);
        }
    }
}
