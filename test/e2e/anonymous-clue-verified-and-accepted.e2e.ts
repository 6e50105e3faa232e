/**
 * 公益诉讼线索: an anonymous visitor (not signed in) reports river pollution and gets a
 * tracking code → the prosecutor starts review and asks the grid worker to verify → the grid
 * worker reports from the spot → the prosecutor accepts → the public tracking page shows it.
 * The grid worker never sees who reported it (nobody does: it is anonymous).
 */
import type { Person } from './support/person';
import { useJourney } from './support/journey';

const j = useJourney();
const SEEN = '南河桥下漂着大片死鱼，上游养殖场夜里往河里排黑水，气味很重';
const COMMUNITY = 'grid:xiaodian-sample:XD-09'; // 桃源新村: 彭桂芳 is its grid worker
const VILLAGE = 'grid:xiaodian-sample:XD-09-01';

async function review(prosecutor: Person, action: string, note: string): Promise<void> {
  await prosecutor.tap(`review-${action}`);
  await prosecutor.fill('review-note', note);
  await prosecutor.tap('review-submit');
  await prosecutor.byId('clue-done').waitFor();
}

test('an anonymous clue is verified on the spot, accepted, and the tracking page says so', async () => {
  const visitor = await j.as('匿名群众', null);
  await visitor.open('/pages/clue/new');
  await visitor.tap('domain-ecology_resources');
  await visitor.fill('clue-seen', SEEN);
  await visitor.tap(`clue-community-${COMMUNITY}`);
  await visitor.tap(`place-${VILLAGE}`);
  await visitor.fill('clue-place', '南河桥下');
  await visitor.tap('reporter-anonymous');
  await visitor.tap('clue-submit');
  const codeBox = visitor.byId('tracking-code');
  await codeBox.waitFor();
  const code = (await codeBox.innerText()).trim();
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

  const prosecutor = await j.as('周正义');
  await prosecutor.open('/staff/clues/index');
  const item = prosecutor.page
    .locator('.clue-item >> visible=true', { hasText: '南河桥下' })
    .first();
  await item.waitFor();
  await item.tap();
  await prosecutor.page.waitForURL(/staff\/clue\//);
  await expect(prosecutor.byId('clue-reporter').innerText()).resolves.toContain('匿名');
  await review(prosecutor, 'startReview', '已收到，开始审查');
  await review(prosecutor, 'requestVerification', '请到南河桥下看看有没有死鱼和排污口，拍照');

  const worker = await j.as('彭桂芳');
  await worker.open('/staff/inbox/index');
  const task = worker.page.locator('.task-item >> visible=true', { hasText: '线索' }).first();
  await task.waitFor({ timeout: 15_000 });
  await task.tap();
  await worker.page.waitForURL(/staff\/clue\//);
  // The verifier is told the reporter is kept from them, and no reporter block is shown.
  await expect(worker.byId('clue-reporter').count()).resolves.toBe(0);
  await worker.tap('finding-yes');
  await worker.fill('verify-note', '到现场看了，桥下确有死鱼，岸边有一根排水管在往河里排黑水');
  await worker.tap('verify-submit');
  await worker.byId('clue-done').waitFor();

  await prosecutor.page.reload();
  await review(prosecutor, 'accept', '经核实，线索属实，予以受理');

  await visitor.open(`/pages/clue/track?code=${code}`);
  await visitor.page.locator('[id="track-status"] >> visible=true', { hasText: '受理' }).waitFor();
  await visitor.shot('clue-accepted-tracking.png');
});
