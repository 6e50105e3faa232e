/**
 * The local host's guards on every request, registered in one place (server.ts calls
 * `registerSecurity` once): security headers (@fastify/helmet) with a Content-Security-Policy
 * the H5 build satisfies, a limit of requests per client address (@fastify/rate-limit), and an
 * Origin check on every state-changing request, so another site's page cannot post a form (an
 * upload, a sign-out) with the villager's cookie.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appError } from '../../shared/kernel/errors';
import type { LimitWindow } from '../runtime/limits';
import { RATE_LIMITED_MESSAGE } from '../runtime/limits';
import { sendError } from './host.replies';

export interface SecurityOptions {
  /** The H5 build: its index.html's inline scripts are allowed by their hashes. */
  readonly h5Dir: string;
  /** Requests per client address, on every route. */
  readonly perIp: LimitWindow;
}

/**
 * `'sha256-…'` sources for the inline scripts of the H5 build's index.html (Taro writes the
 * root font-size script inline); none when the build is missing.
 */
export function inlineScriptHashes(h5Dir: string): string[] {
  let html: string;
  try {
    html = readFileSync(join(h5Dir, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    const body = match[1] ?? '';
    hashes.push(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return hashes;
}

/** The origin a browser on this host sends (`http://127.0.0.1:8787`). */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export const FOREIGN_ORIGIN_MESSAGE = '请求来自其他网站，已拒绝。请在和合说事的页面里操作';

/**
 * Whether a state-changing request may go on: a browser names the page's origin in `Origin`
 * on every POST, so a request naming another origin (or the opaque `null` of a sandboxed or
 * file page) is another site's form or script. A client that sends no Origin is not a
 * browser, and a cookie cannot be borrowed without one.
 */
export function originAllowed(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === ownOrigin(request);
}

export function registerSecurity(app: FastifyInstance, options: SecurityOptions): void {
  const scriptHashes = inlineScriptHashes(options.h5Dir);
  void app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...scriptHashes],
        // React and NutUI set style attributes, Taro injects <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Photos from /api/files, a chosen photo's preview (blob:), NutUI's inline icons.
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // The H5 build reads a chosen photo back from its blob: URL before uploading it.
        connectSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    frameguard: { action: 'sameorigin' },
    referrerPolicy: { policy: 'same-origin' },
    // Photos and the page's own assets load from this origin only; nothing is embedded.
    crossOriginEmbedderPolicy: false,
  });
  void app.register(rateLimit, {
    global: true,
    max: options.perIp.max,
    timeWindow: options.perIp.windowSeconds * 1000,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) => {
      const error = new Error(RATE_LIMITED_MESSAGE) as Error & { statusCode: number };
      error.statusCode = context.statusCode;
      return error;
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') {
      return;
    }
    if (!originAllowed(request)) {
      request.log.warn({ origin: request.headers.origin, url: request.url }, 'foreign origin');
      return sendError(reply, appError('FORBIDDEN', FOREIGN_ORIGIN_MESSAGE));
    }
  });
}
