import { CLUE_DOMAIN_CODES, CLUE_DOMAIN_LABELS, CLUE_DOMAINS } from './clue.catalog';

describe('clue domains', () => {
  test('the statutory list has 15 domains with unique codes and labels', () => {
    expect(CLUE_DOMAINS).toHaveLength(15);
    expect(new Set(CLUE_DOMAIN_CODES).size).toBe(15);
    expect(new Set(CLUE_DOMAINS.map((d) => d.label)).size).toBe(15);
  });

  test('they are the fifteen docs/domain.md §2 names', () => {
    expect(Object.values(CLUE_DOMAIN_LABELS).sort()).toEqual(
      [
        '生态环境和资源保护',
        '食品药品安全',
        '国有财产保护',
        '国有土地使用权出让',
        '英雄烈士保护',
        '未成年人保护',
        '安全生产',
        '个人信息保护',
        '军人地位和权益保障',
        '反垄断',
        '反电信网络诈骗',
        '农产品质量安全',
        '妇女权益保障',
        '无障碍环境建设',
        '文物保护',
      ].sort(),
    );
  });

  test('each has a plain hint for villagers', () => {
    for (const d of CLUE_DOMAINS) expect(d.hint).toMatch(/[\u4e00-\u9fff]{4}/);
  });
});
