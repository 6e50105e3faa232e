/**
 * The `learning` cloud function: legal education (普法) — articles, reading progress, the
 * 一户一法德明白人 household status and its coverage by village, and 法德讲堂 lectures.
 */
import { defineFunction } from '../runtime/action';
import { articleActions } from './manage-articles';
import { lectureActions } from './manage-lectures';
import { progressActions } from './record-reading';

export const learningFunction = defineFunction('learning', {
  ...articleActions,
  ...progressActions,
  ...lectureActions,
});
