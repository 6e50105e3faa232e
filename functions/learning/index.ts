/** Entry of the `learning` cloud function (普法): hands the definition to the platform. */
import { createMain } from '../adapters/main';
import { learningFunction } from './learning.function';

export const main = createMain(learningFunction);
