/**
 * Open311 GeoReport v2 (docs/domain.md §5) at `/open311/v2/…`: the read side in
 * functions/open311/open311.ts, served as JSON. No session is needed: the feed carries only
 * what a notice board would.
 */
import type { FastifyInstance } from 'fastify';
import { handleOpen311 } from '../open311/open311';
import type { AppContext } from '../runtime/context';

/** Registers GET /open311/v2/services.json, requests.json and requests/{id}.json. */
export function registerOpen311Routes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { '*': string }; Querystring: Record<string, unknown> }>(
    '/open311/v2/*',
    async (request, reply) => {
      const answer = await handleOpen311(ctx, {
        method: 'GET',
        path: request.params['*'],
        query: request.query,
      });
      return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body);
    },
  );
}
