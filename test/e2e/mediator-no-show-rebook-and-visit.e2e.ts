/**
 * 调解之后: a villager books, the other party agrees, and at the session time (the server's
 * clock moved on) the other party does not come → the mediator records the no-show → the
 * villager books again from it without re-entering anything → that session ends in an
 * agreement → the mediator records the performance return visit (履行回访) term by term and
 * the villager sees it.
 */
import { BOOKINGS } from '../../functions/store/collections';
import type { Person } from './support/person';
import { useJourney } from './support/journey';

const j = useJourney();

/** Taps the confirm button of a Taro H5 modal (showModal). */
async function confirmModal(p: Person, label: string): Promise<void> {
  const ok = p.page
    .locator('.taro-modal__foot >> visible=true')
    .getByText(label, { exact: true })
    .first();
  await ok.waitFor();
  await ok.tap();
}

function bookingIdOf(url: string): string {
  return new URL(url.replace('/#/', '/')).searchParams.get('id')!;
}

/** The index of the visible session card showing `text` (its id is `session-<index>`). */
async function sessionIndex(p: Person, text: string): Promise<string> {
  const card = p.page.locator('.session-item >> visible=true', { hasText: text }).first();
  await card.waitFor();
  return (await card.getAttribute('id'))!.replace('session-', '');
}

/** The mediator records that the other party agrees to mediation. */
async function consent(mediator: Person): Promise<void> {
  await mediator.open('/staff/room/index');
  const index = await sessionIndex(mediator, '等待对方同意');
  const viaPhone = mediator.byId(`consent-via-${index}-phone`);
  if (await viaPhone.isVisible().catch(() => false)) await viaPhone.tap();
  await mediator.tap(`consent-agree-${index}`);
  await mediator.byId(`record-outcome-${index}`).waitFor();
}

/** Moves the server's clock to the booking's session. */
async function holdSession(bookingId: string): Promise<void> {
  const booking = await BOOKINGS.get(j.host.store, bookingId);
  j.host.clock.moveTo(booking!.slotStart);
}

test('a no-show is recorded, the villager rebooks, and the agreement gets its return visit', async () => {
  const villager = await j.as('王秀英');
  await villager.open('/pages/mediation/book');
  await villager.tap('dispute-neighbour');
  await villager.tap('room-0');
  await villager.tap('slot-0');
  await villager.fill('other-name', '李大山');
  await villager.tap('relation-neighbour');
  await villager.fill('booking-text', '李家翻盖院墙堵了两家之间的排水沟，一下雨水就流进我家院子');
  await villager.tap('booking-consent');
  await villager.tap('booking-next');
  await villager.tap('booking-submit');
  await villager.page.waitForURL(/pages\/mediation\/detail/);
  await villager.byId('booking-status').waitFor();
  const firstUrl = villager.page.url();

  const mediator = await j.as('曾长青');
  await consent(mediator);
  await holdSession(bookingIdOf(firstUrl));

  // The other party did not come.
  const index = await sessionIndex(mediator, '已确认');
  await mediator.tap(`no-show-${index}`);
  await mediator.tap(`no-show-who-${index}-other_party`);
  await mediator.tap(`no-show-confirm-${index}`);
  await confirmModal(mediator, '确定');
  await mediator.page
    .locator(`[id="session-${index}"] >> visible=true`, { hasText: '未到场' })
    .waitFor();

  // The villager sees why and books again, nothing to fill in.
  await villager.page.goto(firstUrl);
  await villager.page
    .locator('[id="booking-status"] >> visible=true', { hasText: '未到场' })
    .waitFor();
  await expect(villager.byId('no-show-words').innerText()).resolves.toContain('对方当事人没有到场');
  await villager.tap('booking-rebook');
  await villager.tap('slot-0');
  await villager.tap('reschedule-confirm');
  await villager.page.waitForURL((url) => !url.href.includes(bookingIdOf(firstUrl)));
  await villager.page
    .locator('[id="booking-status"] >> visible=true', { hasText: '等待对方同意' })
    .waitFor();
  await expect(
    villager.page.locator('.screen >> visible=true').first().innerText(),
  ).resolves.toContain('排水沟');
  const secondUrl = villager.page.url();
  const secondId = bookingIdOf(secondUrl);
  expect(secondId).not.toBe(bookingIdOf(firstUrl));
  await villager.shot('rebooked-after-no-show.png');

  // This time the session takes place and ends in an agreement.
  await consent(mediator);
  await holdSession(secondId);
  const second = await sessionIndex(mediator, '已确认');
  await mediator.tap(`record-outcome-${second}`);
  await mediator.page.waitForURL(/staff\/outcome/);
  await mediator.tap('outcome-success');
  for (const [i, p] of [
    { age: '58', address: '王家庄东街3号', sex: 'female' },
    { age: '61', address: '王家庄东街5号', sex: 'male' },
  ].entries()) {
    await mediator.tap(`agr-parties-${i}-sex-${p.sex}`);
    await mediator.fill(`agr-parties-${i}-age`, p.age);
    await mediator.fill(`agr-parties-${i}-address`, p.address);
  }
  await mediator.fill('agr-facts', '李家翻盖院墙时堵住了两家之间的排水沟，雨水流进王家院子。');
  await mediator.fill('agr-responsibility', '李家改建时未留排水口，应负主要责任。');
  await mediator.fill('agr-terms-0', '李家在十日内疏通排水沟，并在院墙下留出排水口');
  await mediator.fill('agr-performance-method', '李家自行疏通');
  await mediator.fill('agr-performance-place', '两家之间的排水沟');
  await mediator.tap('agr-deadline-d15');
  for (const i of [0, 1]) await mediator.tap(`agr-signatures-${i}-signature`);
  await mediator.tap('agr-signatures-mediator-signature');
  await mediator.tap('agr-committeeSeal-yes');
  await mediator.fill('agr-copies', '3');
  await mediator.tap('outcome-submit');
  await mediator.page.waitForURL(/staff\/agreement/);

  // The performance return visit, term by term.
  // A fresh load of the room page, focused on the booking (as its task in the inbox opens it).
  await mediator.open(`/staff/room/index?bookingId=${secondId}`);
  await mediator.page.reload();
  const done = await sessionIndex(mediator, '调解成功');
  await mediator.tap(`visit-${done}`);
  await mediator.tap(`visit-${done}-term-0-partly`);
  await mediator.fill(`visit-${done}-note`, '排水沟通了，排水口还没留');
  await mediator.tap(`visit-${done}-next-d30`);
  await mediator.tap(`visit-submit-${done}`);
  await mediator.page
    .locator(`[id="visit-${done}-0"] >> visible=true`, { hasText: '部分履行' })
    .waitFor();
  await mediator.shot('performance-visit.png');

  await villager.page.goto(secondUrl);
  await villager.page.reload();
  // The villager reads the visit in the booking's history.
  await villager.page
    .locator('.screen >> visible=true', { hasText: '已做履行回访' })
    .first()
    .waitFor();
  await villager.shot('villager-sees-the-visit.png');
});
