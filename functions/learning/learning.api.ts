/** The legal-education concept's (普法) public face: what other folders may call. */
/** For the local host's sample town: its articles and 法德讲堂 lectures. */
export { seedSampleArticles } from './seed-sample-articles';
