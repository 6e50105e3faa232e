/**
 * The mediator's own copy of a signed agreement, kept on this phone/computer when the outcome
 * is recorded. The booking reply carries only the agreement's number, terms, performance and
 * copies; the parties' details, the facts and the responsibility come from this copy when it
 * is here, and are left as blank lines to fill in by hand when it is not.
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
