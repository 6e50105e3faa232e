/**
 * The 123 hotline and the phone return visit (电话回访): 李红梅 at the centre records a call from
 * 王长顺, an elderly man with only a landline, on the 热线登记 screen; routing gives it to a
 * grid worker of 王家庄, who resolves it; 李红梅 calls him back and records 部分解决 on the
 * concern's page — the concern goes back to its handler, as if he had tapped it himself.
 */
import { useJourney } from './support/journey';

const j = useJourney();
const VILLAGE = 'grid:xiaodian-sample:XD-01-01'; // 王家庄
const TEXT = '王家庄村西的排水沟堵了，下雨就往院子里倒灌';

test('the centre records a hotline call and the phone return visit, and the concern follows it', async () => {
  const centre = await j.as('李红梅');
  await centre.open('/staff/inbox/index');
  await centre.tap('inbox-hotline');
  await centre.page.waitForURL(/staff\/proxy/);
  await centre.tap('proxy-who-named');
  await centre.fill('proxy-name', '王长顺');
  await centre.tap(`proxy-village-${VILLAGE}`);
  await centre.fill('proxy-phone', '0633-6101234');
  await centre.tap('proxy-named-next');
  await centre.tap('kind-help');
  await centre.tap('topic-other');
  await centre.fill('proxy-text', TEXT);
  await centre.shot('hotline-call.png');
  await centre.tap('proxy-submit');
  await centre.page.waitForURL(/staff\/task/);
  const concernId = new URL(centre.page.url().replace('/#/', '/')).searchParams.get('id');
  expect(concernId).toBeTruthy();

  // Whoever routing chose resolves it (over the API, as their phone would).
  const api = centre.context.request;
  const got = await api.post(`${j.host.url}/api/fn/concern`, {
    data: { action: 'get', data: { concernId } },
  });
  const view = (await got.json()) as { data: { channel: string; assignee: { name: string } } };
  expect(view.data.channel).toBe('hotline');
  const worker = await j.as(view.data.assignee.name);
  for (const [action, extra] of [
    ['accept', {}],
    ['start', {}],
    ['resolve', { note: '已经清掏了排水沟' }],
  ] as const) {
    const step = await worker.context.request.post(`${j.host.url}/api/fn/concern`, {
      data: { action, data: { concernId, ...extra } },
    });
    expect(step.ok()).toBe(true);
  }

  await centre.open(`/staff/task/index?id=${concernId}`);
  await centre.byId('visit-partly').waitFor();
  await centre.tap('visit-partly');
  await centre.fill('visit-comment', '沟通了，但是村口那段还堵着');
  await centre.shot('phone-return-visit.png');
  await centre.tap('visit-submit');
  await centre.byId('task-done').waitFor();
  await expect(centre.byId('task-done').innerText()).resolves.toContain('重新交给承办人');
  await expect(centre.byId('task-status').innerText()).resolves.toContain('重新办理');
});
