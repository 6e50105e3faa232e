/**
 * The mediator's own copy of a signed agreement, kept on this phone/computer when the outcome
 * is recorded. The mediator's and the centre's booking reply carries the whole signed document
 * (`outcome.agreement.document`); this copy is only a fallback for a reply without it.
 */
import Taro from '@tarojs/taro';
import type { Agreement } from '../../../shared/mediation/mediation.schema';

const PREFIX = 'hehe.agreement.';

export interface AgreementCopy {
  readonly agreement: Agreement;
  readonly savedAt: string;
}

export function saveAgreementCopy(bookingId: string, agreement: Agreement): void {
  try {
    Taro.setStorageSync(PREFIX + bookingId, { agreement, savedAt: new Date().toISOString() });
  } catch {
    // Storage full or unavailable: the printed form then has blank lines to fill in by hand.
  }
}

export function loadAgreementCopy(bookingId: string): AgreementCopy | null {
  try {
    const stored: unknown = Taro.getStorageSync(PREFIX + bookingId);
    if (stored && typeof stored === 'object' && 'agreement' in stored)
      return stored as AgreementCopy;
  } catch {
    // Unreadable: treated as absent.
  }
  return null;
}
