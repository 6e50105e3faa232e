/**
 * Replies of the `learning` function (学法用法), as types only, in a module with no runtime
 * imports, so the mini-program can import them (type-only) without node's types.
 */
import type { ArticleCategory, ArticleStatus } from '../../shared/learning/learning.schema';

/** An article in a list: no body, a summary instead. */
export interface ArticleListItem {
  readonly articleId: string;
  readonly category: ArticleCategory;
  readonly categoryLabel: string;
  readonly title: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly coverFileId: string | null;
  readonly publishedAt: string | null;
  readonly inReadingPath: boolean;
  readonly sample: boolean;
  /** The signed-in reader's progress in percent; null for anonymous readers or unread. */
  readonly myProgress: number | null;
}

/** A whole article as a reader sees it. */
export interface ArticleView extends ArticleListItem {
  readonly body: string;
}

/** An article as its editors see it (status and version for the next update). */
export interface ArticleEditorView extends ArticleView {
  readonly status: ArticleStatus;
  readonly version: number;
  readonly updatedAt: string;
}

export interface LectureView {
  readonly lectureId: string;
  readonly title: string;
  readonly speaker: string;
  readonly description: string | null;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly place: string;
  readonly gridNodeId: string;
  readonly capacity: number;
  readonly signedUp: number;
  readonly seatsLeft: number;
  readonly sample: boolean;
  /** Whether the signed-in caller holds a seat; false for anonymous readers. */
  readonly mine: boolean;
}

export interface SignUpView {
  readonly lectureId: string;
  readonly title: string;
  readonly startsAt: string;
  readonly place: string;
  readonly status: 'signed_up' | 'cancelled';
  readonly seatNo: number | null;
  readonly signedUpAt: string;
  readonly cancelledAt: string | null;
}

export interface MarkReadReply {
  readonly articleId: string;
  /** The stored progress: never lower than before. */
  readonly progress: number;
  readonly completedAt: string | null;
  /** The reader has now read the whole reading path. */
  readonly pathComplete: boolean;
  /** The reader's household has its 法德明白人; null when the reader has no household yet. */
  readonly householdQualified: boolean | null;
}

export interface PathStepView {
  readonly articleId: string;
  readonly title: string;
  readonly category: string;
  readonly progress: number;
  readonly completedAt: string | null;
}

export interface MyProgressReply {
  readonly path: {
    readonly total: number;
    readonly completed: number;
    readonly complete: boolean;
    readonly steps: readonly PathStepView[];
  };
  readonly recent: readonly {
    readonly articleId: string;
    readonly title: string;
    readonly progress: number;
    readonly completedAt: string | null;
    readonly updatedAt: string;
  }[];
  /** null when the reader is not yet linked to a household (the grid worker does that). */
  readonly household: { readonly qualified: boolean } | null;
}

export interface HouseholdMemberView {
  /** Names only: members' phones never appear here. */
  readonly name: string;
  readonly isMe: boolean;
  readonly completed: number;
  readonly total: number;
  readonly complete: boolean;
}

export interface HouseholdReply {
  readonly household: {
    readonly householdId: string;
    readonly headName: string;
    readonly qualified: boolean;
    readonly mingbairenName: string | null;
    readonly achievedAt: string | null;
    readonly pathTotal: number;
    readonly members: readonly HouseholdMemberView[];
  } | null;
  /** What to do next, in words a villager reads. */
  readonly hint: string;
}
