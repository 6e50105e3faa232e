/**
 * Reply shapes of the `learning` function as the 学法用法 pages read them: the server's own
 * types (functions/learning/learning.views.ts, type-only), plus the page of a list.
 */
import type { ArticleListItem } from '../../../functions/learning/learning.views';

export type {
  ArticleListItem,
  ArticleView,
  HouseholdReply,
  LectureView,
  MarkReadReply,
  MyProgressReply,
  SignUpView,
} from '../../../functions/learning/learning.views';
export type { PlacesView as PlacesTown } from '../../../functions/account/account.views';

/** One page of `listArticles`. */
export interface ArticlePage {
  readonly items: readonly ArticleListItem[];
  readonly nextCursor: string | null;
}
