/**
 * Reply shapes of the `learning` function as the 学法用法 pages read them, restated from
 * functions/learning/*.usecases.ts: those modules (even type-only) pull node-only types into
 * the mini-program's typecheck. Keep in step with them.
 */
import type { ArticleCategory } from '../../../shared/learning/learning.schema';

/** articles.usecases.ts ArticleListItem. */
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

/** articles.usecases.ts ArticleView. */
export interface ArticleView extends ArticleListItem {
  readonly body: string;
}

export interface ArticlePage {
  readonly items: readonly ArticleListItem[];
  readonly nextCursor: string | null;
}

/** progress.usecases.ts MarkReadReply. */
export interface MarkReadReply {
  readonly articleId: string;
  readonly progress: number;
  readonly completedAt: string | null;
  readonly pathComplete: boolean;
  readonly householdQualified: boolean | null;
}

/** progress.usecases.ts MyProgressReply. */
export interface MyProgressReply {
  readonly path: {
    readonly total: number;
    readonly completed: number;
    readonly complete: boolean;
    readonly steps: readonly {
      readonly articleId: string;
      readonly title: string;
      readonly category: string;
      readonly progress: number;
      readonly completedAt: string | null;
    }[];
  };
  readonly recent: readonly {
    readonly articleId: string;
    readonly title: string;
    readonly progress: number;
    readonly completedAt: string | null;
    readonly updatedAt: string;
  }[];
  readonly household: { readonly qualified: boolean } | null;
}

/** progress.usecases.ts HouseholdReply (the villager's own household). */
export interface HouseholdReply {
  readonly household: {
    readonly householdId: string;
    readonly headName: string;
    readonly qualified: boolean;
    readonly mingbairenName: string | null;
    readonly achievedAt: string | null;
    readonly pathTotal: number;
    readonly members: readonly {
      readonly name: string;
      readonly isMe: boolean;
      readonly completed: number;
      readonly total: number;
      readonly complete: boolean;
    }[];
  } | null;
  readonly hint: string;
}

/** lectures.usecases.ts LectureView. */
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
  readonly mine: boolean;
}

/** lectures.usecases.ts SignUpView. */
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

/** account/places.usecase.ts PlacesView (only the town part is read here). */
export interface PlacesTown {
  readonly town: { readonly id: string; readonly name: string } | null;
  readonly towns: readonly { readonly id: string; readonly name: string }[];
}
