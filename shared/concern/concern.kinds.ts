/**
 * Concern kinds from the 123 mayor hotline (123镇长热线) plus disputes, and topics from the
 * first paragraph of the town's account. Kept as data so screens, routing rules and
 * deadline rules all name the same codes.
 */

export const CONCERN_KINDS = [
  'consultation', // 咨询
  'help', // 求助
  'suggestion', // 建议
  'criticism', // 批评
  'complaint', // 投诉
  'report', // 举报
  'dispute', // 矛盾纠纷
] as const;
export type ConcernKind = (typeof CONCERN_KINDS)[number];

export const CONCERN_KIND_LABELS: Readonly<Record<ConcernKind, string>> = {
  consultation: '咨询',
  help: '求助',
  suggestion: '建议',
  criticism: '批评',
  complaint: '投诉',
  report: '举报',
  dispute: '矛盾纠纷',
};

export const CONCERN_TOPICS = [
  'party_building', // 党建
  'public_security', // 综治
  'legal_service', // 法律服务
  'mediation', // 调解
  'emergency', // 应急
  'social_security', // 社保
  'environment', // 生态环境
  'market_supervision', // 市场监管
  'epidemic', // 疫情防控
  'land_resources', // 自然资源和规划
  'traffic', // 交通
  'sanitation', // 环卫
  'fire_safety', // 消防
  'civil_affairs', // 民政
  'other', // 其他
] as const;
export type ConcernTopic = (typeof CONCERN_TOPICS)[number];

export const CONCERN_TOPIC_LABELS: Readonly<Record<ConcernTopic, string>> = {
  party_building: '党建',
  public_security: '综治平安',
  legal_service: '法律服务',
  mediation: '调解',
  emergency: '应急',
  social_security: '社会保障',
  environment: '生态环境',
  market_supervision: '市场监管',
  epidemic: '疫情防控',
  land_resources: '自然资源和规划',
  traffic: '交通',
  sanitation: '环境卫生',
  fire_safety: '消防',
  civil_affairs: '民政',
  other: '其他',
};
