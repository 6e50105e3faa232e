/**
 * How a cloud function declares its actions: the input schema (from shared/), who may call
 * it, whether a `requestId` makes it idempotent, and the use case to run. Entries stay thin:
 * `functions/<name>/index.ts` only hands a definition to the platform's `main`.
 */
import type { z } from 'zod';
import type { Actor, Role } from '../../shared/kernel/roles';
import type { Result } from '../../shared/kernel/result';
import type { Tx } from '../store/store.port';
import type { AccountDoc, Caller } from './caller';
import type { AppContext } from './context';

/**
 * Who may call an action: anyone (`public`, e.g. tracking a clue by its code), any signed-in
 * account (`account`), the timers (`timer`), or accounts holding one of the listed roles.
 * Ownership and scope (own records, grid subtree, room) are checked by the use case.
 */
export type Access = 'public' | 'account' | 'timer' | readonly Role[];

/** What a use case receives besides the context. */
export interface ActionCall<I> {
  readonly input: I;
  readonly caller: Caller;
  readonly requestId: string | undefined;
  /**
   * Runs `fn` as one store transaction. For an idempotent action called with a requestId,
   * the first successful result is stored in the same transaction and every retry returns
   * it instead of writing again.
   */
  transact<T>(townId: string, fn: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>>;
}

/**
 * The signed-in caller of an action whose access is not `public` or `timer`: dispatch has
 * already refused anyone else, so a missing account here is a programming error.
 */
export function signedIn(call: ActionCall<unknown>): { account: AccountDoc; actor: Actor } {
  const { account, actor } = call.caller;
  if (account === null || actor === null)
    throw new Error('signedIn() on an action open to anonymous callers');
  return { account, actor };
}

export interface ActionDef<I = unknown, O = unknown> {
  readonly input: z.ZodType<I>;
  readonly access: Access;
  /** A `requestId` makes retries return the first result (submit, book, register …). */
  readonly idempotent?: boolean;
  run(ctx: AppContext, call: ActionCall<I>): Promise<Result<O>>;
}

/** An action with its input type erased, as a function holds it. */
export interface AnyActionDef {
  readonly input: z.ZodType;
  readonly access: Access;
  readonly idempotent?: boolean;
  run(ctx: AppContext, call: ActionCall<never>): Promise<Result<unknown>>;
}

export interface FunctionDef {
  readonly name: string;
  readonly actions: Readonly<Record<string, AnyActionDef>>;
}

/** Declares one action; keeps the input type flowing from the schema into `run`. */
export function defineAction<S extends z.ZodType, O>(def: {
  input: S;
  access: Access;
  idempotent?: boolean;
  run(ctx: AppContext, call: ActionCall<z.output<S>>): Promise<Result<O>>;
}): ActionDef<z.output<S>, O> {
  return def as unknown as ActionDef<z.output<S>, O>;
}

/** Declares a function: a name and its actions. */
export function defineFunction(name: string, actions: Record<string, AnyActionDef>): FunctionDef {
  return { name, actions };
}

/**
 * Whether `envelope` calls `account.register`, the one call that creates an account. Each
 * platform guards it: CloudBase only with an OPENID, the local host only on its own route.
 */
export function isRegisterCall(def: FunctionDef, envelope: unknown): boolean {
  return (
    def.name === 'account' &&
    typeof envelope === 'object' &&
    envelope !== null &&
    (envelope as { action?: unknown }).action === 'register'
  );
}
