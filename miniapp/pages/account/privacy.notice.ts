/**
 * The privacy notice (隐私告知) the registration form asks consent to. Every consent stores this
 * version (account.register `privacyConsent.noticeVersion`), so what a villager agreed to can be
 * shown later: change the version and the date whenever the notice's words change.
 */
export const PRIVACY_NOTICE_VERSION = '2026-12';

/** When this version took effect, as the notice shows it. */
export const PRIVACY_NOTICE_DATE = '2026年12月8日';
