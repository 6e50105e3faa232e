/**
 * Why an account action was refused, beyond its error code (`details.reason`), so a page can
 * react to the case without reading the Chinese message.
 */
export const ACCOUNT_ERROR_REASONS = [
  /** The login phone belongs to another account. */
  'phone_taken',
  /** This WeChat is already bound to another account. */
  'wechat_taken',
  /** Registration or activation asked while signed in. */
  'signed_in',
  /** An admin may not disable themselves or drop their own admin role. */
  'self',
  /** The invitation code was used already. */
  'used',
  /** The invitation code is past its date. */
  'expired',
] as const;
export type AccountErrorReason = (typeof ACCOUNT_ERROR_REASONS)[number];
