/**
 * Ports the use cases depend on (docs/domain.md §3). The embedded adapters live in
 * `functions/adapters/local/`; the CloudBase ones arrive with the production issue.
 * `adapters/select.ts` is the one module that decides which a function gets.
 */
import type { Result } from '../../shared/kernel/result';

/** The clock, injectable so tests can move time (deadlines, reminders, backoff). */
export interface Clock {
  /** The current instant as an ISO string with the +08:00 offset. */
  nowIso(): string;
  nowMs(): number;
}

/** Record ids: time-ordered so store listings by `_id` follow creation order. */
export interface IdGenerator {
  newId(prefix: string): string;
  /** A uniformly random integer in [0, maxExclusive), for codes (tracking, invitation). */
  randomInt(maxExclusive: number): number;
}

/** The text a content check looks at, and for whom (msgSecCheck needs the user's openid). */
export interface ContentCheckInput {
  readonly text: string;
  readonly accountId: string | null;
  /** The field the text came from, named in the refusal's details. */
  readonly field: string;
}

/** Content check (内容安全): WeChat msgSecCheck in production, a local word list here. */
export interface ContentCheck {
  checkText(input: ContentCheckInput): Promise<Result<void>>;
}

/** A push to deliver: one task notice to one staff member or villager. */
export interface PushMessage {
  readonly outboxId: string;
  readonly townId: string;
  readonly recipientId: string;
  readonly template: string;
  readonly title: string;
  readonly body: string;
  readonly link: { readonly type: string; readonly id: string } | null;
}

/**
 * Push (推送): WeChat subscribe messages in production, the live inbox (SSE) here. A
 * recipient who has not subscribed is `delivered: false`, not an error: the task still waits
 * in their inbox.
 */
export interface PushSender {
  send(message: PushMessage): Promise<Result<{ delivered: boolean }>>;
}

/** Structured logging (pino in the local host). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A photo as a reply shows it: its id (what inputs refer to) and a short-lived link to it. */
export interface PhotoView {
  readonly fileId: string;
  /** Where an <Image> loads it from; valid for a couple of hours, so never stored. */
  readonly url: string;
}

/**
 * Photos (照片): CloudBase storage in production (private: only the uploader and the functions
 * read a file), the data folder here. Storage itself grants nobody else anything: a use case
 * decides who may see a record and hands that viewer links to its photos; an input may refer
 * only to photos its caller uploaded, so nobody can attach (and then read) another's photo.
 */
export interface FileStore {
  /** The `files` record id of a photo id an input names, or null when it cannot be one. */
  recordIdOf(fileId: string): string | null;
  /** Index in `ids` of the first id that is not a photo `accountId` uploaded, or null. */
  firstNotOwned(accountId: string, ids: readonly string[]): Promise<number | null>;
  /**
   * Links for the photos that exist (a photo gone from storage gets none), for one viewer:
   * the local host's links open only for the account they were made for.
   */
  links(ids: readonly string[], viewerId: string): Promise<ReadonlyMap<string, string>>;
}
