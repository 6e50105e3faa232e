/** The records the legal-education concept (普法, 一户一法德明白人) owns and alone writes. */
import {
  ARTICLES,
  HOUSEHOLD_STATUS,
  LECTURE_SEATS,
  LECTURE_SIGNUPS,
  LECTURES,
  READING_PROGRESS,
} from '../store/collections';
import { writerOf } from '../store/store.writer';

export const articleWriter = writerOf('learning', ARTICLES);
export const lectureWriter = writerOf('learning', LECTURES);
export const signUpWriter = writerOf('learning', LECTURE_SIGNUPS);
export const lectureSeatWriter = writerOf('learning', LECTURE_SEATS);
export const progressWriter = writerOf('learning', READING_PROGRESS);
export const householdWriter = writerOf('learning', HOUSEHOLD_STATUS);
