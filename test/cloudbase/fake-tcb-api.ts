/**
 * The CloudBase service a function's SDK talks to (tcb-api), on a loopback port: what the real
 * `@cloudbase/node-sdk` posts there — over its own HTTP requester and axios — is answered here.
 * A deployed function learns where tcb-api is from the platform's `TCB_CONTEXT_CNFG`
 * (`{"URL": …}`, node-sdk's server-injected URL), so a bundle runs unchanged against this
 * server when that variable names it.
 *
 * - `database.*` goes to a `FakeCloudbaseDatabase` (the recorded-SDK backend of the store
 *   contract), request for request as node-sdk's database layer built it.
 * - `wx.openApi` (wx-server-sdk's open-API calls: a multipart form whose `requestData` is a
 *   protobuf `CommApiData`, answered by a protobuf `CommOpenApiResp`) goes to the `WechatServer`
 *   handed in: content checks and subscribe messages, recorded.
 * - Anything else is answered with the error `NOT_SIMULATED`, so a test fails loudly.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';
import type { FakeCloudbaseDatabase, SentRequest } from '../store/cloudbase/fake-database';

/** The messages of wx-server-sdk's `protobuf/openapi` that an open-API call uses. */
const OPENAPI_PROTO = `
syntax = "proto3";
message KeyValuePair { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
message OpenApiData { repeated KeyValuePair pairs = 1; }
message CommApiData { int32 apiType = 1; OpenApiData openapiData = 2; string appid = 6; }
message CommOpenApiResp { bytes respData = 1; string contentType = 2; int32 errorCode = 3; uint32 httpCode = 4; }
`;
const proto = protobuf.parse(OPENAPI_PROTO, { keepCase: true }).root;
const CommApiData = proto.lookupType('CommApiData');
const CommOpenApiResp = proto.lookupType('CommOpenApiResp');

/** One open-API call as WeChat receives it: the API and its snake_case JSON parameters. */
export interface OpenApiCall {
  readonly api: string;
  readonly params: Record<string, unknown>;
  /** The AppID the SDK names (empty: the mini-program the function belongs to). */
  readonly appid: string;
}

/** What WeChat answers an open-API call: a JSON body (`errcode` 0 or a WeChat error). */
export type WechatServer = (call: OpenApiCall) => Record<string, unknown>;

export interface FakeTcbApi {
  /** The URL to put in `TCB_CONTEXT_CNFG` (`{"URL": url}`) or node-sdk's `serviceUrl`. */
  readonly url: string;
  /** Every open-API call received, in order. */
  readonly openApiCalls: OpenApiCall[];
  /** Actions received that nothing here answers. */
  readonly unanswered: string[];
  /** Requests this fake failed on (a bug here, not in the code under test). */
  readonly failures: string[];
  close(): Promise<void>;
}

/** Node-sdk's fields that are the transport's, not the database layer's request. */
const TRANSPORT_FIELDS = [
  'envName',
  'timestamp',
  'wxCloudApiToken',
  'wxCloudbaseAccesstoken',
  'tcb_sessionToken',
  'crossAuthorizationToken',
  'dataVersion',
  'sdk_version',
];

function databaseRequest(body: Record<string, unknown>): SentRequest {
  const request: Record<string, unknown> = { ...body };
  for (const field of TRANSPORT_FIELDS) delete request[field];
  return request as SentRequest;
}

/** The parts of a multipart/form-data body, by field name, as raw bytes (binary-safe). */
export function formParts(contentType: string, raw: Buffer): Map<string, Buffer> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`);
  const parts = new Map<string, Buffer>();
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length + 2; // past the boundary and its CRLF
    const next = raw.indexOf(delimiter, start);
    if (next < 0) break;
    const part = raw.subarray(start, next - 2); // the CRLF before the next boundary
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    if (name !== undefined) parts.set(name, part.subarray(headerEnd + 4));
    at = next;
  }
  return parts;
}

function openApiCall(contentType: string, raw: Buffer): OpenApiCall {
  // The form node-sdk sends (form-data): apiName, requestData (the protobuf), cgiName …
  const form = formParts(contentType, raw);
  const api = form.get('apiName')?.toString('utf8') ?? '';
  const decoded = CommApiData.toObject(
    CommApiData.decode(new Uint8Array(form.get('requestData') ?? Buffer.alloc(0))),
  ) as {
    appid?: string;
    openapiData?: { pairs?: { key: string; value: Uint8Array }[] };
  };
  const params: Record<string, unknown> = {};
  for (const pair of decoded.openapiData?.pairs ?? []) {
    params[pair.key] = JSON.parse(Buffer.from(pair.value).toString('utf8')) as unknown;
  }
  return { api, params, appid: decoded.appid ?? '' };
}

function openApiReply(body: Record<string, unknown>): Buffer {
  const message = CommOpenApiResp.create({
    respData: Buffer.from(JSON.stringify(body)),
    contentType: 'application/json',
    errorCode: 0,
    httpCode: 200,
  });
  return Buffer.from(CommOpenApiResp.encode(message).finish());
}

/** Starts the fake tcb-api on 127.0.0.1 (a free port). */
export async function startFakeTcbApi(
  database: FakeCloudbaseDatabase,
  wechat: WechatServer,
): Promise<FakeTcbApi> {
  const openApiCalls: OpenApiCall[] = [];
  const unanswered: string[] = [];
  const failures: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const contentType = String(req.headers['content-type'] ?? '');
      const json = (body: unknown): void => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      void (async () => {
        if (contentType.startsWith('multipart/form-data')) {
          const call = openApiCall(contentType, raw);
          openApiCalls.push(call);
          res.setHeader('content-type', 'application/octet-stream');
          res.end(openApiReply(wechat(call)));
          return call.api;
        }
        const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        const action = String(body.action ?? '');
        if (action.startsWith('database.')) {
          json(await database.handle(databaseRequest(body)));
          return action;
        }
        unanswered.push(action);
        json({ requestId: 'fake', code: 'NOT_SIMULATED', message: `${action} is not simulated` });
        return action;
      })().catch((thrown: unknown) => {
        failures.push(thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown));
        res.statusCode = 500;
        json({ requestId: 'fake', code: 'SYS_ERR', message: String(thrown) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/admin`,
    openApiCalls,
    unanswered,
    failures,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
