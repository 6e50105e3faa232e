/**
 * `POST /api/fn/<name>`: every cloud function behind one route, called exactly as CloudBase
 * calls it — the envelope goes through `dispatch` with the identity of the session cookie —
 * (`GET /api/health` is host/health.routes.ts).
 */
import type { FastifyInstance } from 'fastify';
import { appError } from '../../shared/kernel/errors';
import type { FunctionDef } from '../runtime/action';
import { isRegisterCall } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import { dispatch } from '../runtime/dispatch';
import { HOST_MESSAGES, sendEnvelope, sendError } from './host.replies';
import type { SessionManager } from './sessions';

export interface FnDeps {
  readonly ctx: AppContext;
  readonly sessions: SessionManager;
  readonly functions: ReadonlyMap<string, FunctionDef>;
  /** Called after every successful call (the host delivers queued pushes at once). */
  readonly afterCall?: () => void;
}

/** Largest call envelope, in bytes. */
export const MAX_CALL_BYTES = 1024 * 1024;

/** Registers /api/fn/:name. */
export function registerFnRoutes(app: FastifyInstance, deps: FnDeps): void {
  app.post<{ Params: { name: string } }>(
    '/api/fn/:name',
    { bodyLimit: MAX_CALL_BYTES },
    async (request, reply) => {
      const def = deps.functions.get(request.params.name);
      if (def === undefined) {
        return sendError(reply, appError('NOT_FOUND', HOST_MESSAGES.noSuchFunction));
      }
      if (isRegisterCall(def, request.body)) {
        // Registration sets a password and signs in: /api/auth/register. Here it would make an
        // account nobody can sign in to, holding its phone against the real owner.
        return sendError(reply, appError('FORBIDDEN', HOST_MESSAGES.registerThere));
      }
      const identity = await deps.sessions.identityOf(request);
      const answer = await dispatch(deps.ctx, def, request.body, identity, {
        clientKey: `ip:${request.ip}`,
      });
      if (answer.ok) deps.afterCall?.();
      return sendEnvelope(reply, answer);
    },
  );
}
