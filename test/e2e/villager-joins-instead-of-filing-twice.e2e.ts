/**
 * Helping the villager say it: 王秀英 types what she saw, the form suggests 环境卫生 and says
 * which words made it; with the topic chosen, the form shows that a neighbour already raised
 * the same thing in her village — topic, village and how many people, never his words — and
 * she joins it (我也遇到了) instead of filing it twice; the concern's page then follows it for
 * her, and 我的 lists it under 我关注的.
 */
import { useJourney } from './support/journey';

const j = useJourney();

test('a villager sees 环境卫生 suggested and joins a similar concern instead of filing twice', async () => {
  // 沈桂兰 (another community) reported rubbish in 王家庄 earlier, from his own phone.
  const neighbour = await j.as('沈桂兰');
  const filed = await neighbour.context.request.post(`${j.host.url}/api/fn/concern`, {
    data: {
      action: 'submit',
      requestId: 'e2e-join-neighbour-0001',
      data: {
        kind: 'help',
        topic: 'sanitation',
        text: '王家庄村口的垃圾池满了，好几天没人拉走，招了很多苍蝇',
        place: { gridNodeId: 'grid:xiaodian-sample:XD-01-01' },
      },
    },
  });
  expect(filed.ok()).toBe(true);
  const first = ((await filed.json()) as { data: { id: string } }).data.id;

  const villager = await j.as('王秀英');
  await villager.open('/pages/concern/new');
  await villager.fill('concern-text', '村东头垃圾三天没人清运');
  await villager.byId('concern-suggestion').waitFor({ timeout: 10_000 });
  const suggestion = await villager.byId('concern-suggestion').innerText();
  expect(suggestion).toContain('环境卫生');
  expect(suggestion).toContain('因为提到了「垃圾」「清运」');
  await villager.tap('concern-suggestion-use');
  await villager.byId('topic-sanitation').waitFor();

  await villager.byId('concern-similar').waitFor({ timeout: 10_000 });
  const similar = await villager.byId('concern-similar').innerText();
  expect(similar).toContain('环境卫生');
  expect(similar).toContain('1人反映');
  expect(similar).not.toContain('苍蝇');
  await villager.shot('join-suggested-and-similar.png');
  await villager.tap(`similar-join-${first}`);
  await villager.page.waitForURL(/pages\/concern\/detail/);
  await villager.byId('concern-following').waitFor();
  await expect(villager.byId('concern-following').innerText()).resolves.toContain('2人反映');
  await expect(
    villager.page.locator('.screen >> visible=true').first().innerText(),
  ).resolves.not.toContain('苍蝇');
  await villager.shot('join-following.png');

  await villager.open('/pages/mine/index');
  await villager.byId(`mine-followed-${first}`).waitFor();
});
