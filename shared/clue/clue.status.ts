/** Public-interest clue (公益诉讼线索) review states (docs/domain.md §2). */
export const CLUE_STATUSES = [
  'received',
  'under_review',
  'more_info_requested',
  'verifying',
  'accepted',
  'not_accepted',
  'transferred',
] as const;
export type ClueStatus = (typeof CLUE_STATUSES)[number];
