/**
 * 节假日安排: on Monday 21 December 2026 the library has no 2027 data. The centre's screen
 * carries the banner, and the village room offers no 2027 session. The admin enters 2027's New
 * Year (test data: 1–3 January) on the screen, previews and saves; the centre's banner goes
 * away, and the room offers 2027 sessions again — but not on 1 January.
 */
import type { Person } from './support/person';
import { useJourney } from './support/journey';

const j = useJourney({ startAt: '2026-12-21T09:00:00+08:00' });

/**
 * The day headings of the slot list the villager sees for the nearest room. On a second visit
 * the booking draft brings the villager back to the slot list, fetched afresh.
 */
async function slotDays(villager: Person): Promise<string[]> {
  await villager.open('/pages/mediation/book');
  const first = villager.byId('dispute-neighbour');
  await first.or(villager.byId('slot-0')).first().waitFor();
  if (await first.isVisible()) {
    await villager.tap('dispute-neighbour');
    await villager.tap('room-0');
  }
  await villager.byId('slot-0').waitFor();
  return villager.page.locator('.bk-day__title >> visible=true').allInnerTexts();
}

test('the admin enters 2027’s New Year; the banner goes and 1 January is not offered', async () => {
  const centre = await j.as('李红梅');
  await centre.open('/staff/centre/index');
  await expect(centre.byId('calendar-warning').innerText()).resolves.toContain('2027年');

  const villager = await j.as('王秀英');
  const before = await slotDays(villager);
  expect(before.some((d) => d.startsWith('1月'))).toBe(false);
  await expect(villager.byId('slots-notice').innerText()).resolves.toContain('2027年');

  const admin = await j.as('张建国');
  await admin.open('/pages/index/index');
  await admin.byId('home-calendar-warning').waitFor();
  await admin.tap('entry-staff-calendar');
  await admin.page.waitForURL(/staff\/calendar/);
  await admin.tap('holiday-add');
  await admin.tap('holiday-0-pick-元旦');
  await admin.fill('holiday-0-from', '2027-01-01');
  await admin.fill('holiday-0-to', '2027-01-03');
  await admin.tap('holiday-preview');
  await expect(admin.byId('holiday-moves').innerText()).resolves.toContain(
    '首页的节假日提醒不再显示',
  );
  await admin.fill('holiday-note', '按国务院办公厅通知录入（测试数据）');
  await admin.tap('holiday-save');
  await expect(admin.byId('holiday-message').innerText()).resolves.toContain('已保存');
  await admin.shot('holidays-entered.png');

  await centre.open('/staff/centre/index');
  await centre.byId('stats-overview').waitFor();
  await expect(centre.byId('calendar-warning').count()).resolves.toBe(0);

  const after = await slotDays(villager);
  expect(after.some((d) => d.startsWith('1月1日'))).toBe(false);
  expect(after.some((d) => d.startsWith('1月5日'))).toBe(true);
  await villager.shot('holidays-slots-after.png');
});
