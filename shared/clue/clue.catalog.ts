/**
 * The statutory domains of public-interest litigation (公益诉讼) a clue may concern — 15 today,
 * kept as data because the list grows when a law adds one. Each has a plain hint of what
 * a villager might see, so they can pick without knowing the law's words.
 */

export interface ClueDomain {
  readonly code: string;
  readonly label: string;
  readonly hint: string;
}

export const CLUE_DOMAINS = [
  {
    code: 'ecology_resources',
    label: '生态环境和资源保护',
    hint: '偷排污水、乱倒垃圾、非法采砂、乱砍滥伐、破坏耕地',
  },
  { code: 'food_drug_safety', label: '食品药品安全', hint: '有毒有害食品、假药劣药、无证经营' },
  { code: 'state_property', label: '国有财产保护', hint: '骗取补贴、国有资产流失' },
  {
    code: 'state_land_transfer',
    label: '国有土地使用权出让',
    hint: '拖欠土地出让金、违规出让土地',
  },
  { code: 'heroes_martyrs', label: '英雄烈士保护', hint: '烈士纪念设施破损、侮辱英雄烈士' },
  { code: 'minors', label: '未成年人保护', hint: '向孩子卖烟酒、网吧接纳孩子、校园周边安全' },
  { code: 'work_safety', label: '安全生产', hint: '重大安全隐患、非法生产危险品' },
  { code: 'personal_information', label: '个人信息保护', hint: '倒卖、泄露个人信息' },
  {
    code: 'military_rights',
    label: '军人地位和权益保障',
    hint: '侵害军人荣誉、军人家属权益',
  },
  { code: 'anti_monopoly', label: '反垄断', hint: '强买强卖、垄断价格' },
  { code: 'anti_telecom_fraud', label: '反电信网络诈骗', hint: '电话卡、银行卡被用来诈骗' },
  { code: 'agri_product_quality', label: '农产品质量安全', hint: '违规使用农药兽药、禁用药' },
  { code: 'women_rights', label: '妇女权益保障', hint: '就业歧视、侵害妇女土地权益' },
  {
    code: 'barrier_free',
    label: '无障碍环境建设',
    hint: '盲道被占、缺少无障碍通道',
  },
  { code: 'cultural_relics', label: '文物保护', hint: '文物古迹被破坏、盗掘' },
] as const satisfies readonly ClueDomain[];

export type ClueDomainCode = (typeof CLUE_DOMAINS)[number]['code'];
export const CLUE_DOMAIN_CODES = CLUE_DOMAINS.map((d) => d.code) as [
  ClueDomainCode,
  ...ClueDomainCode[],
];
export const CLUE_DOMAIN_LABELS = Object.fromEntries(
  CLUE_DOMAINS.map((d) => [d.code, d.label]),
) as Readonly<Record<ClueDomainCode, string>>;

/** Tracking codes (查询码): 11 random characters of the unambiguous alphabet plus a check character. */
export const TRACKING_CODE_LENGTH = 12;
