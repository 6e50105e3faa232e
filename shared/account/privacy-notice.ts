/**
 * The privacy notice (隐私告知) in force: the registration form and the 代办 form ask consent
 * to it, and the server accepts consent to this version only — a consent naming any other
 * (an old page, a made-up string) is not consent to what the notice now says. Change the
 * version and the date whenever the notice's words change (miniapp/pages/account/privacy.tsx).
 */
export const PRIVACY_NOTICE_VERSION = '2026-12';

/** When this version took effect, as the notice shows it. */
export const PRIVACY_NOTICE_DATE = '2026年12月8日';

/** The refusal of a consent to another version, naming the field. */
export const OLD_NOTICE_MESSAGE = '隐私告知已经更新，请重新阅读并同意最新的隐私告知';
