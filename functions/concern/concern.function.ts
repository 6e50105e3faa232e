/**
 * The `concern` cloud function (说事/诉求): every action on a concern, with its input schema
 * from shared/, who may call it, and the use case that runs it. Ownership and grid scope are
 * checked by the use cases (only the assignee or the centre handles a concern).
 */
import {
  acceptConcernInputSchema,
  getConcernInputSchema,
  listAssignedConcernsInputSchema,
  listMyConcernsInputSchema,
  rateConcernInputSchema,
  rejectConcernInputSchema,
  requestExtensionInputSchema,
  resolveConcernInputSchema,
  similarOpenInputSchema,
  joinConcernInputSchema,
  leaveConcernInputSchema,
  listFollowedInputSchema,
  evaluateKeywordsInputSchema,
  suggestConcernInputSchema,
  startConcernInputSchema,
  submitConcernInputSchema,
  superviseConcernInputSchema,
  transferConcernInputSchema,
} from '../../shared/concern/concern.schema';
import type { Role } from '../../shared/kernel/roles';
import { defineAction, defineFunction } from '../runtime/action';
import {
  acceptConcern,
  rejectConcern,
  requestExtension,
  resolveConcern,
  startConcern,
} from './handle-concern';
import { rateConcern } from './rate-concern';
import {
  getConcern,
  listAssignedConcerns,
  listMyConcerns,
  similarOpenConcerns,
} from './read-concerns';
import { submitConcern } from './submit-concern';
import { joinConcern, leaveConcern, listFollowed } from './join-concern';
import { evaluateKeywords, suggestConcern } from './suggest-concern';
import { superviseConcern, transferConcern } from './transfer-concern';

/** Staff who may hold a concern (the machine's handlers). */
const HANDLERS: readonly Role[] = [
  'grid_worker',
  'dept_officer',
  'mediator',
  'legal_adviser',
  'center_operator',
];

export const concernFunction = defineFunction('concern', {
  submit: defineAction({
    input: submitConcernInputSchema,
    access: ['villager', 'grid_worker', 'center_operator'],
    idempotent: true,
    run: submitConcern,
  }),
  listMine: defineAction({
    input: listMyConcernsInputSchema,
    access: 'account',
    run: listMyConcerns,
  }),
  get: defineAction({ input: getConcernInputSchema, access: 'account', run: getConcern }),
  suggest: defineAction({
    input: suggestConcernInputSchema,
    access: 'account',
    run: suggestConcern,
  }),
  evaluateKeywords: defineAction({
    input: evaluateKeywordsInputSchema,
    access: ['center_operator', 'admin'],
    run: evaluateKeywords,
  }),
  similarOpen: defineAction({
    input: similarOpenInputSchema,
    access: 'account',
    run: similarOpenConcerns,
  }),
  join: defineAction({
    input: joinConcernInputSchema,
    access: ['villager'],
    idempotent: true,
    run: joinConcern,
  }),
  leave: defineAction({ input: leaveConcernInputSchema, access: ['villager'], run: leaveConcern }),
  listFollowed: defineAction({
    input: listFollowedInputSchema,
    access: 'account',
    run: listFollowed,
  }),
  listAssigned: defineAction({
    input: listAssignedConcernsInputSchema,
    access: [...HANDLERS, 'prosecutor_liaison'],
    run: listAssignedConcerns,
  }),
  accept: defineAction({ input: acceptConcernInputSchema, access: HANDLERS, run: acceptConcern }),
  start: defineAction({ input: startConcernInputSchema, access: HANDLERS, run: startConcern }),
  resolve: defineAction({
    input: resolveConcernInputSchema,
    access: HANDLERS,
    run: resolveConcern,
  }),
  transfer: defineAction({
    input: transferConcernInputSchema,
    access: HANDLERS,
    run: transferConcern,
  }),
  reject: defineAction({ input: rejectConcernInputSchema, access: HANDLERS, run: rejectConcern }),
  requestExtension: defineAction({
    input: requestExtensionInputSchema,
    access: HANDLERS,
    run: requestExtension,
  }),
  rate: defineAction({ input: rateConcernInputSchema, access: 'account', run: rateConcern }),
  supervise: defineAction({
    input: superviseConcernInputSchema,
    access: ['center_operator'],
    run: superviseConcern,
  }),
});
