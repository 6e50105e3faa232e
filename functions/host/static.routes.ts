/**
 * The H5 page (网页版) served at `/` from the Taro H5 build (dist/h5): files as they are, any
 * other page path falls back to index.html (the router draws it), and while the build is
 * missing a plain page says how to make it. Nothing under /api reaches here.
 */
import type { Stats } from 'node:fs';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appError } from '../../shared/kernel/errors';
import { HOST_MESSAGES, sendError } from './host.replies';

/** Shown at `/` until `npm run build:h5` has produced the H5 build. */
export const BUILD_MISSING_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>和合说事</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.6">
<h1>和合说事</h1>
<p>服务已经启动，但网页版还没有构建。请在项目目录运行 <code>npm run build:h5</code>，然后刷新本页。</p>
<p lang="en">The server is running, but the H5 build is missing (dist/h5). Run
<code>npm run build:h5</code> in the project folder, then reload this page.</p>
<p>接口 / API: <a href="/api/health">/api/health</a></p>
</body>
</html>
`;

/** Content types of what a Taro H5 build contains. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The content type of a file by its extension (unknown ones are served as bytes). */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

async function fileStat(path: string): Promise<Stats | null> {
  const found = await stat(path).catch(() => null);
  return found !== null && found.isFile() ? found : null;
}

/**
 * Sends one file with a weak ETag, answering 304 when the browser has it already. The H5
 * build's file names carry content hashes, but index.html does not, so it is never cached stale.
 */
function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  found: Stats,
): FastifyReply {
  const etag = `W/"${found.size.toString(16)}-${Math.floor(found.mtimeMs).toString(16)}"`;
  reply
    .header('etag', etag)
    .header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=0');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  // No content-length: the compression plugin may gzip the stream on its way out.
  return reply.type(contentTypeOf(path)).send(createReadStream(path));
}

/** Registers the catch-all GET that serves the H5 build. */
export function registerStaticRoutes(app: FastifyInstance, h5Dir: string): void {
  const root = resolve(h5Dir);
  const indexPath = join(root, 'index.html');

  // gzip for the H5 build (a village phone on a weak network downloads a third of the bytes);
  // only this route, so the SSE stream and API replies are never buffered by compression.
  app.get('/*', { compress: { threshold: 1024, encodings: ['gzip'] } }, async (request, reply) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(request.url.split('?')[0] ?? '/');
    } catch {
      return sendError(reply, appError('NOT_FOUND', HOST_MESSAGES.noSuchApi));
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      return sendError(reply, appError('NOT_FOUND', HOST_MESSAGES.noSuchApi));
    }
    const index = await fileStat(indexPath);
    if (index === null) {
      return reply
        .code(pathname === '/' ? 200 : 404)
        .type('text/html; charset=utf-8')
        .send(BUILD_MISSING_PAGE);
    }
    const candidate = resolve(root, `.${pathname}`);
    const inside = candidate.startsWith(root + sep);
    const hidden = pathname.split('/').some((s) => s.startsWith('.'));
    const found = inside && !hidden ? await fileStat(candidate) : null;
    if (found !== null) return sendFile(request, reply, candidate, found);
    const lastSegment = pathname.split('/').at(-1) ?? '';
    if (lastSegment.includes('.')) {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    }
    // A page path (a deep link): the H5 router draws it from index.html.
    return sendFile(request, reply, indexPath, index);
  });
}
