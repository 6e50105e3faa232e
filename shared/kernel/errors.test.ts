import { appError, DEFAULT_MESSAGES, ERROR_CODES, HTTP_STATUS, isAppError } from './errors';
import { callRequestSchema, replyError, replyOk } from './envelope';
import { err, ok } from './result';
import { ROLE_LABELS, ROLES, STAFF_ROLES, systemActor } from './roles';

describe('error codes of the call envelope', () => {
  it('maps every code to the HTTP status docs/domain.md §3 names', () => {
    expect(HTTP_STATUS).toEqual({
      VALIDATION_FAILED: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      RATE_LIMITED: 429,
      CONTENT_REJECTED: 422,
      INTERNAL: 500,
    });
  });

  it('has a Chinese default message for every code', () => {
    for (const code of ERROR_CODES) expect(DEFAULT_MESSAGES[code]).toMatch(/\p{Script=Han}/u);
  });

  it('uses the default message unless the use case says something more specific', () => {
    expect(appError('NOT_FOUND')).toEqual({ code: 'NOT_FOUND', message: '没有找到这条记录' });
    const withDetails = appError('VALIDATION_FAILED', '手机号：请填写此项', {
      fields: [{ field: 'phone', message: '请填写此项' }],
    });
    expect(withDetails.details?.fields?.[0]?.field).toBe('phone');
    expect(withDetails.message).toBe('手机号：请填写此项');
  });

  it('recognises an error that crossed a process boundary, and nothing else', () => {
    expect(isAppError(JSON.parse(JSON.stringify(appError('CONFLICT'))))).toBe(true);
    expect(isAppError({ code: 'TEAPOT', message: 'x' })).toBe(false);
    expect(isAppError({ code: 'CONFLICT' })).toBe(false);
    expect(isAppError(null)).toBe(false);
    expect(isAppError('CONFLICT')).toBe(false);
  });
});

describe('call envelope', () => {
  it('accepts an action with data and an optional requestId', () => {
    expect(callRequestSchema.safeParse({ action: 'submit', data: { a: 1 } }).success).toBe(true);
    expect(
      callRequestSchema.safeParse({ action: 'submit', data: {}, requestId: 'req_0123456789' })
        .success,
    ).toBe(true);
  });

  it('refuses a missing action and a requestId that could not be a safe key', () => {
    expect(callRequestSchema.safeParse({ data: {} }).success).toBe(false);
    expect(callRequestSchema.safeParse({ action: '', data: {} }).success).toBe(false);
    expect(callRequestSchema.safeParse({ action: 'a', requestId: 'short' }).success).toBe(false);
    expect(callRequestSchema.safeParse({ action: 'a', requestId: 'has space 123' }).success).toBe(
      false,
    );
  });

  it('builds replies of the two shapes', () => {
    expect(replyOk({ n: 1 })).toEqual({ ok: true, data: { n: 1 } });
    expect(replyError(appError('FORBIDDEN'))).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: DEFAULT_MESSAGES.FORBIDDEN },
    });
  });
});

describe('results and roles', () => {
  it('wraps values and errors', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(err(appError('INTERNAL')).ok).toBe(false);
  });

  it('labels every role in Chinese and keeps villagers and the system out of staff', () => {
    for (const role of ROLES) expect(ROLE_LABELS[role]).toMatch(/\p{Script=Han}/u);
    expect(STAFF_ROLES).not.toContain('villager');
    expect(STAFF_ROLES).not.toContain('system');
    expect(STAFF_ROLES).toContain('grid_worker');
    expect(systemActor('t1')).toEqual({ accountId: 'system', roles: ['system'], townId: 't1' });
  });
});
