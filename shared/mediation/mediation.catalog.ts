/**
 * Mediation (调解) as data, from the town's account: what disputes there are, which rooms
 * take them and where those rooms sit (自然村 village / 新村 community / 镇 town), who hosts
 * them, the mediation ladder, the routes left when mediation fails, and which disputes can
 * never get judicial confirmation (司法确认). Routing and the booking screens read this;
 * nothing here is a rule in code.
 */
import type { DepartmentCode } from '../grid/departments.catalog';
import { DEPARTMENTS } from '../grid/departments.catalog';

// ---------------------------------------------------------------------------------------
// Dispute types (纠纷类型): what a villager picks, in their words.

export const DISPUTE_TYPES = [
  { code: 'neighbour', label: '邻里纠纷', hint: '宅基地边界、排水、噪音、牲畜等邻居之间的事' },
  { code: 'land', label: '土地纠纷', hint: '承包地、宅基地、林地的界线和使用' },
  { code: 'village_affairs', label: '村务纠纷', hint: '村集体“三资”、村务公开、村规民约' },
  { code: 'elderly_support', label: '赡养纠纷', hint: '子女赡养老人' },
  { code: 'child_support', label: '抚养纠纷', hint: '抚养孩子、抚养费' },
  { code: 'inheritance', label: '继承纠纷', hint: '分家、遗产、房屋继承' },
  { code: 'marriage', label: '婚姻纠纷', hint: '夫妻矛盾、离婚' },
  { code: 'adoption', label: '收养关系', hint: '收养孩子的关系' },
  { code: 'personal_status', label: '身份关系', hint: '亲子关系等身份的确认' },
  { code: 'debt', label: '借贷纠纷', hint: '借钱不还、欠款' },
  { code: 'fire_safety', label: '消防纠纷', hint: '失火赔偿、消防通道、消防隐患引起的矛盾' },
  { code: 'police_call', label: '警情纠纷', hint: '报了警的争吵、打架等' },
  { code: 'domestic_violence', label: '家庭暴力', hint: '打骂、威胁家里人' },
  { code: 'cadre_masses', label: '干群矛盾', hint: '群众和村干部、镇干部之间的矛盾' },
  { code: 'veterans', label: '退役军人事务', hint: '退役军人的待遇和权益' },
  { code: 'elderly_rights', label: '老年人权益', hint: '老人的生活、财产、居住等权益' },
  { code: 'medical', label: '医疗纠纷', hint: '看病、医疗事故' },
  { code: 'property_management', label: '物业纠纷', hint: '小区物业服务和收费' },
  { code: 'environment', label: '环境纠纷', hint: '污染、异味、噪声' },
  { code: 'school', label: '校园纠纷', hint: '学生在学校受伤、学生之间的矛盾' },
  { code: 'traffic', label: '交通事故纠纷', hint: '交通事故赔偿' },
  { code: 'commercial', label: '商事纠纷', hint: '买卖、合同、生意往来' },
  { code: 'labour', label: '劳动纠纷', hint: '拖欠工资、工伤、劳动合同' },
  { code: 'social_assistance', label: '社会救助', hint: '低保、救助、补贴' },
  { code: 'petition', label: '信访事项', hint: '已经或准备去信访的问题' },
  { code: 'other', label: '其他纠纷', hint: '不知道选哪个就选这个' },
] as const satisfies readonly { code: string; label: string; hint: string }[];

export type DisputeType = (typeof DISPUTE_TYPES)[number]['code'];
export const DISPUTE_TYPE_CODES = DISPUTE_TYPES.map((d) => d.code) as [
  DisputeType,
  ...DisputeType[],
];
export const DISPUTE_TYPE_LABELS = Object.fromEntries(
  DISPUTE_TYPES.map((d) => [d.code, d.label]),
) as Readonly<Record<DisputeType, string>>;

// ---------------------------------------------------------------------------------------
// Judicial confirmation (司法确认): not available for these (最高人民法院 rule on the
// special procedure). The parties must be told before they go to court.

export const JUDICIAL_CONFIRMATION_INELIGIBLE: readonly DisputeType[] = [
  'personal_status', // 确认身份关系
  'adoption', // 确认收养关系
  'marriage', // 确认婚姻关系
];

/** Why confirmation is refused, in words for the parties. */
export const JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE =
  '这类纠纷涉及身份关系、收养关系或婚姻关系，法院不能对调解协议作司法确认。' +
  '协议签字后双方应当自觉履行；如果需要法院处理，请到法庭起诉，也可以先问问法律顾问。';

/** Whether the parties may jointly apply for judicial confirmation of an agreement on this dispute. */
export function isJudicialConfirmationAvailable(disputeType: DisputeType): boolean {
  return !JUDICIAL_CONFIRMATION_INELIGIBLE.includes(disputeType);
}

// ---------------------------------------------------------------------------------------
// Hosts: the departments of docs/domain.md §1 plus the other bodies the account names.

export const OTHER_HOST_BODIES = [
  { code: 'court', label: '人民法庭' },
  { code: 'mediation_committee', label: '人民调解委员会' },
  { code: 'womens_federation', label: '妇联' },
  { code: 'veterans_station', label: '退役军人服务站' },
  { code: 'public_legal_service', label: '公共法律服务站（点）' },
  { code: 'village_committee', label: '村（居）民委员会' },
  { code: 'representatives', label: '党代表、人大代表、政协委员' },
  { code: 'health', label: '卫生院' },
  { code: 'education', label: '学校' },
  { code: 'market_supervision', label: '市场监管所' },
  { code: 'eco_environment', label: '生态环境部门' },
  { code: 'legal_aid', label: '法律援助中心' },
  { code: 'labour_arbitration', label: '劳动人事争议仲裁委员会' },
] as const satisfies readonly { code: string; label: string }[];

export type HostCode = DepartmentCode | (typeof OTHER_HOST_BODIES)[number]['code'];

/** Chinese name of every host (departments and other bodies). */
export const HOST_LABELS = Object.fromEntries([
  ...DEPARTMENTS.map((d) => [d.code, d.label] as const),
  ...OTHER_HOST_BODIES.map((b) => [b.code, b.label] as const),
]) as Readonly<Record<HostCode, string>>;

// ---------------------------------------------------------------------------------------
// Room kinds (调解室): every room, link and consultation the account names.

export const MEDIATION_LEVELS = ['village', 'community', 'town'] as const;
export type MediationLevel = (typeof MEDIATION_LEVELS)[number];
export const MEDIATION_LEVEL_LABELS: Readonly<Record<MediationLevel, string>> = {
  village: '自然村',
  community: '新村',
  town: '镇',
};

export const ROOM_CATEGORIES = ['ladder', 'special', 'link', 'consultation'] as const;
export type RoomCategory = (typeof ROOM_CATEGORIES)[number];

export interface RoomKind {
  readonly code: string;
  readonly name: string;
  /** ladder: the general people's mediation bodies; special: a named room; link: 多调链接; consultation: 法律顾问. */
  readonly category: RoomCategory;
  readonly disputeTypes: readonly DisputeType[];
  /** Where rooms of this kind sit; a villager is offered the nearest first (village → community → town). */
  readonly levels: readonly MediationLevel[];
  readonly hosts: readonly HostCode[];
  /** One line for the villager choosing a room. */
  readonly description: string;
}

/** Civil disputes any people's mediation body takes. */
const GENERAL_CIVIL: readonly DisputeType[] = [
  'neighbour',
  'land',
  'village_affairs',
  'elderly_support',
  'child_support',
  'inheritance',
  'marriage',
  'debt',
  'commercial',
  'traffic',
  'property_management',
  'other',
];

const FAMILY: readonly DisputeType[] = [
  'elderly_support',
  'child_support',
  'inheritance',
  'marriage',
  'adoption',
  'personal_status',
];

export const ROOM_KINDS = [
  {
    code: 'village_group',
    name: '自然村调解小组',
    category: 'ladder',
    disputeTypes: GENERAL_CIVIL,
    levels: ['village'],
    hosts: ['mediation_committee', 'village_committee'],
    description: '本村的调解员就近调解，调不成的交新村调委会',
  },
  {
    code: 'community_committee',
    name: '新村调委会',
    category: 'ladder',
    disputeTypes: GENERAL_CIVIL,
    levels: ['community'],
    hosts: ['mediation_committee'],
    description: '新村人民调解委员会，调不成的交镇调委会',
  },
  {
    code: 'town_committee',
    name: '镇调委会',
    category: 'ladder',
    disputeTypes: [...GENERAL_CIVIL, 'cadre_masses', 'labour', 'petition'],
    levels: ['town'],
    hosts: ['mediation_committee', 'judicial_office'],
    description: '镇人民调解委员会，调不成的由司法所移交法庭',
  },
  {
    code: 'old_secretary',
    name: '老支书调解室',
    category: 'special',
    disputeTypes: ['neighbour', 'land', 'village_affairs'],
    levels: ['community'],
    hosts: ['mediation_committee', 'village_committee'],
    description: '9 个新村都有，老支书当“和事佬”，调邻里、土地、村务纠纷',
  },
  {
    code: 'family_mediation',
    name: '家事调解室（大嫂调解）',
    category: 'special',
    disputeTypes: FAMILY,
    levels: ['town', 'community'],
    hosts: ['womens_federation', 'mediation_committee'],
    description: '大嫂调解员调解赡养、抚养、继承、婚姻等家庭矛盾',
  },
  {
    code: 'talk_room',
    name: '群众说话室',
    category: 'special',
    disputeTypes: [...FAMILY, 'neighbour'],
    levels: ['village'],
    hosts: ['womens_federation', 'public_legal_service'],
    description: '62 个自然村的公共法律服务点，大嫂调解员和您拉家常、解疙瘩',
  },
  {
    code: 'fire_mediation',
    name: '涉消调委会',
    category: 'special',
    disputeTypes: ['fire_safety'],
    levels: ['town'],
    hosts: ['fire_station', 'judicial_office', 'emergency_office'],
    description: '设在消防站，消防、司法所、应急办一起调解涉及消防的纠纷',
  },
  {
    code: 'pre_litigation',
    name: '诉前调解室',
    category: 'special',
    disputeTypes: GENERAL_CIVIL,
    levels: ['town'],
    hosts: ['judicial_office', 'court'],
    description: '司法所设在法庭的调解室，立案前先调解，调不成再打官司',
  },
  {
    code: 'police_judicial',
    name: '警司联调',
    category: 'special',
    disputeTypes: ['police_call', 'domestic_violence', 'neighbour'],
    levels: ['town', 'community'],
    hosts: ['police_station', 'judicial_office'],
    description: '派出所和司法所一起调解报警引起的纠纷；镇里一个中心，每个新村一个工作站',
  },
  {
    code: 'petition_mediation',
    name: '访调对接',
    category: 'special',
    disputeTypes: ['petition'],
    levels: ['town'],
    hosts: ['petition_office', 'mediation_committee'],
    description: '信访办和镇调委会互相转交，能调解的信访事项先调解',
  },
  {
    code: 'representatives',
    name: '两代表一委员调解室',
    category: 'special',
    disputeTypes: ['cadre_masses'],
    levels: ['town'],
    hosts: ['representatives', 'public_legal_service'],
    description: '党代表、人大代表、政协委员调解群众和干部之间的矛盾',
  },
  {
    code: 'veterans',
    name: '老兵调解室',
    category: 'special',
    disputeTypes: ['veterans', 'neighbour'],
    levels: ['town'],
    hosts: ['judicial_office', 'veterans_station'],
    description: '设在司法所，老兵调解员调解纠纷，也是退役军人的“维权之家”',
  },
  {
    code: 'administrative',
    name: '行政调解',
    category: 'special',
    disputeTypes: ['land', 'environment', 'labour', 'social_assistance'],
    levels: ['town'],
    hosts: [
      'law_enforcement',
      'emergency_office',
      'natural_resources',
      'civil_affairs',
      'human_resources',
    ],
    description: '执法中队、应急办、资源办、民政、人社等部门一起主持调解',
  },
  {
    code: 'sunset',
    name: '夕阳红调解室',
    category: 'special',
    disputeTypes: ['elderly_rights', 'elderly_support'],
    levels: ['village'],
    hosts: ['public_legal_service', 'village_committee'],
    description: '退休老干部调解涉及老年人权益的事，说事、调事、以案释法',
  },
  {
    code: 'link_medical',
    name: '医调',
    category: 'link',
    disputeTypes: ['medical'],
    levels: ['town'],
    hosts: ['health', 'mediation_committee'],
    description: '医疗纠纷调解',
  },
  {
    code: 'link_property',
    name: '物调',
    category: 'link',
    disputeTypes: ['property_management'],
    levels: ['town'],
    hosts: ['mediation_committee'],
    description: '物业纠纷调解',
  },
  {
    code: 'link_environment',
    name: '环调',
    category: 'link',
    disputeTypes: ['environment'],
    levels: ['town'],
    hosts: ['eco_environment', 'sanitation'],
    description: '环境纠纷调解',
  },
  {
    code: 'link_school',
    name: '校调',
    category: 'link',
    disputeTypes: ['school'],
    levels: ['town'],
    hosts: ['education', 'mediation_committee'],
    description: '校园纠纷调解',
  },
  {
    code: 'link_traffic',
    name: '交调',
    category: 'link',
    disputeTypes: ['traffic'],
    levels: ['town'],
    hosts: ['traffic_police', 'mediation_committee'],
    description: '交通事故赔偿调解',
  },
  {
    code: 'link_commercial',
    name: '商调',
    category: 'link',
    disputeTypes: ['commercial', 'debt'],
    levels: ['town'],
    hosts: ['market_supervision', 'mediation_committee'],
    description: '买卖、合同等商事纠纷调解',
  },
  {
    code: 'link_legal_aid',
    name: '援调',
    category: 'link',
    disputeTypes: ['labour', 'elderly_support', 'child_support', 'elderly_rights'],
    levels: ['town'],
    hosts: ['legal_aid', 'judicial_office'],
    description: '法律援助和调解衔接，帮困难群众讨薪、要赡养费抚养费',
  },
  {
    // 裁调: named in the account's list of links beside the ones docs/domain.md §2 lists.
    code: 'link_arbitration',
    name: '裁调',
    category: 'link',
    disputeTypes: ['labour'],
    levels: ['town'],
    hosts: ['labour_arbitration', 'human_resources'],
    description: '劳动争议仲裁和调解衔接',
  },
  {
    code: 'legal_adviser',
    name: '法律顾问咨询',
    category: 'consultation',
    disputeTypes: DISPUTE_TYPE_CODES,
    levels: ['village', 'community'],
    hosts: ['public_legal_service', 'judicial_office'],
    description: '全镇 10 名法律顾问分片包村，免费解答法律问题',
  },
] as const satisfies readonly RoomKind[];

export type RoomKindCode = (typeof ROOM_KINDS)[number]['code'];
export const ROOM_KIND_CODES = ROOM_KINDS.map((k) => k.code) as [RoomKindCode, ...RoomKindCode[]];

/** The room kind with this code. */
export function roomKind(code: RoomKindCode): RoomKind {
  return ROOM_KINDS.find((k) => k.code === code) as RoomKind;
}

/** Room kinds that take a dispute type, ladder bodies last so a named room is offered first. */
export function roomKindsFor(disputeType: DisputeType): RoomKind[] {
  const taking = (ROOM_KINDS as readonly RoomKind[]).filter(
    (k) => k.category !== 'consultation' && k.disputeTypes.includes(disputeType),
  );
  return [
    ...taking.filter((k) => k.category !== 'ladder'),
    ...taking.filter((k) => k.category === 'ladder'),
  ];
}

/**
 * Disputes likely to escalate go to the police at once (警司联调), whatever room the
 * villager would otherwise be offered.
 */
export const ESCALATION_ROOM_KIND: RoomKindCode = 'police_judicial';

/** Dispute types that go to the police at once (room-suggest.ts takes this list). */
export const URGENT_TO_POLICE_DISPUTE_TYPES: readonly DisputeType[] = [
  'police_call',
  'domestic_violence',
];

// ---------------------------------------------------------------------------------------
// The ladder (调解层级) and where a failed mediation goes.

export const MEDIATION_LADDER = [
  { code: 'village_group', label: '自然村调解小组', level: 'village' },
  { code: 'community_committee', label: '新村调委会', level: 'community' },
  { code: 'town_committee', label: '镇调委会', level: 'town' },
  { code: 'judicial_office', label: '司法所', level: 'town' },
  { code: 'court', label: '法庭', level: 'court' },
] as const;
export type LadderStep = (typeof MEDIATION_LADDER)[number]['code'];

/** The next rung above `step`, or undefined at the court (诉讼 closes the loop, 闭环). */
export function nextLadderStep(step: LadderStep): LadderStep | undefined {
  const i = MEDIATION_LADDER.findIndex((s) => s.code === step);
  return MEDIATION_LADDER[i + 1]?.code;
}

/** Routes the parties are told about when mediation fails (人民调解法 第26条). */
export const OTHER_ROUTES = [
  {
    code: 'next_level',
    label: '上一级调解',
    explanation: '请上一级调解组织（新村调委会、镇调委会、司法所）再调解',
  },
  { code: 'litigation', label: '到法院起诉', explanation: '向人民法庭起诉，由法院判决' },
  { code: 'arbitration', label: '申请仲裁', explanation: '劳动争议等可以申请仲裁' },
  {
    code: 'administrative',
    label: '找有关部门处理',
    explanation: '请有关行政部门调解、裁决，或者申请行政复议',
  },
  {
    code: 'legal_aid',
    label: '申请法律援助',
    explanation: '生活困难的，可以申请免费的法律援助',
  },
  { code: 'petition', label: '信访', explanation: '依照《信访工作条例》反映问题' },
] as const;
export type OtherRoute = (typeof OTHER_ROUTES)[number]['code'];
export const OTHER_ROUTE_CODES = OTHER_ROUTES.map((r) => r.code) as [OtherRoute, ...OtherRoute[]];
