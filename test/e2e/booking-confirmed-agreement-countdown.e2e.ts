/**
 * 预约调解: a villager goes from the kind of dispute to a suggested room and a free slot,
 * names the other party and consents → the mediator records that the other party agrees
 * (confirmed) → once the session has started (the server's clock moved on) records a successful mediation with a complete
 * 人民调解协议书 → the villager sees the agreement and the 司法确认 countdown.
 */
import { AGREEMENTS, BOOKINGS } from '../../functions/store/collections';
import { daysLeft } from '../../functions/mediation/mediation.views';
import { DEFAULT_HOLIDAY_TABLE } from '../../shared/calendar/calendar.data';
import { confirmationDeadline } from '../../shared/calendar/deadlines';
import { createWorkingCalendar } from '../../shared/calendar/working-days';
import type { Person } from './support/person';
import { useJourney } from './support/journey';

const j = useJourney();

/** Confirms a Taro H5 modal (showModal). */
async function confirmModal(p: Person): Promise<void> {
  const ok = p.page.locator('.taro-modal__confirm >> visible=true').first();
  if (await ok.isVisible().catch(() => false)) await ok.tap();
}

test('a booking is confirmed, mediated to an agreement, and the villager sees the countdown', async () => {
  const villager = await j.as('王秀英');
  await villager.open('/pages/mediation/book');
  await villager.tap('dispute-neighbour');
  await villager.byId('room-0').waitFor();
  // The nearest room comes first, with the reason it is suggested.
  await expect(villager.byId('room-0').innerText()).resolves.toContain('王家庄');
  await villager.tap('room-0');
  await villager.tap('slot-0');
  await villager.fill('other-name', '李大山');
  await villager.tap('relation-neighbour');
  await villager.fill('booking-text', '李家翻盖院墙堵了两家之间的排水沟，一下雨水就流进我家院子');
  await villager.tap('booking-consent');
  await villager.tap('booking-next');
  await villager.byId('booking-summary').waitFor();
  await villager.tap('booking-submit');
  await villager.page.waitForURL(/pages\/mediation\/detail/);
  await villager.byId('booking-status').waitFor();
  const bookingUrl = villager.page.url();

  // The village talk room's mediator is the village's grid worker, 曾长青.
  const mediator = await j.as('曾长青');
  await mediator.open('/staff/room/index');
  const session = mediator.page
    .locator('.session-item >> visible=true', { hasText: '李大山' })
    .first();
  await session.waitFor();
  const index = (await session.getAttribute('id'))!.replace('session-', '');
  const viaPhone = mediator.byId(`consent-via-${index}-phone`);
  if (await viaPhone.isVisible().catch(() => false)) await viaPhone.tap();
  await mediator.tap(`consent-agree-${index}`);
  await confirmModal(mediator);
  await mediator.byId(`record-outcome-${index}`).waitFor();

  await villager.page.goto(bookingUrl);
  await villager.page
    .locator('[id="booking-status"] >> visible=true', { hasText: '已确认' })
    .waitFor();

  // The outcome waits for the session: the server's clock moves on to the booked slot.
  const bookingId = new URL(bookingUrl.replace('/#/', '/')).searchParams.get('id')!;
  const booked = await BOOKINGS.get(j.host.store, bookingId);
  j.host.clock.moveTo(booked!.slotStart);
  await mediator.tap(`record-outcome-${index}`);
  await mediator.page.waitForURL(/staff\/outcome/);
  await mediator.tap('outcome-success');
  const people = [
    { age: '58', address: '王家庄东街3号', sex: 'female' },
    { age: '61', address: '王家庄东街5号', sex: 'male' },
  ];
  for (const [i, p] of people.entries()) {
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
  await mediator.page
    .locator('[id="outcome-missing"] >> visible=true', { hasText: '完整' })
    .waitFor();
  await mediator.tap('outcome-submit');
  await confirmModal(mediator);
  await mediator.page.waitForURL(/staff\/agreement/);
  await mediator.byId('agreement-paper').waitFor();
  await expect(mediator.byId('agreement-paper').innerText()).resolves.toContain('王家庄东街5号');
  await mediator.shot('agreement-paper.png');

  await villager.page.goto(bookingUrl);
  const countdown = villager.page.locator('[id="confirmation-countdown"] >> visible=true').first();
  await countdown.waitFor();
  // 30 days from signing, moved on to the next working day when that is a day off: 30 days
  // on most dates, more when the 30th day is a weekend or holiday (as on 2026-12-04). The
  // signatures carry the phone's time; the days left count from the server's (at the session).
  const stored = await BOOKINGS.get(j.host.store, bookingId);
  const agreement = await AGREEMENTS.get(j.host.store, stored!.agreementId!);
  const due = confirmationDeadline(
    agreement!.signedAt,
    createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, {}),
  );
  expect(stored!.confirmationDueBy).toBe(due);
  expect(daysLeft(agreement!.signedAt, due)).toBeGreaterThanOrEqual(30);
  const expected = daysLeft(j.host.clock.nowIso(), due);
  await expect(countdown.innerText()).resolves.toMatch(new RegExp(`还剩\\s*${expected}\\s*天`));
  await expect(
    villager.page.locator('.screen >> visible=true').first().innerText(),
  ).resolves.toContain('疏通排水沟');
  await countdown.scrollIntoViewIfNeeded();
  await villager.shot('booking-agreement-countdown.png');
});
