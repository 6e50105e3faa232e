/**
 * The reply shapes the pages read, as the functions define them. Type-only imports: nothing
 * from functions/ reaches the mini-program bundle (dependency-cruiser allows type-only here).
 */
export type {
  VillagerConcernView,
  StaffConcernView,
  FollowerConcernView,
  FollowedConcernItem,
  SimilarConcernItem,
  HandedOverReply,
  PersonView,
  PlaceView,
} from '../../functions/concern/concern.views';
export type * from '../../functions/account/account.views';
export type * from '../../functions/clue/clue.views';
export type * from '../../functions/mediation/mediation.views';
export type * from '../../functions/task/task.views';
export type * from '../../functions/stats/stats.views';
export type * from '../../functions/admin/holidays.views';
export type { PhotoView } from '../../functions/runtime/ports';
