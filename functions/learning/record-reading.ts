/**
 * Reading progress and "一户一法德明白人" (one person in every household who understands law
 * and virtue): a household counts as having its 法德明白人 once one member has read the whole
 * reading path (see reading-path.ts).
 *
 * Progress only moves forward: a later, smaller figure (the reader scrolled back) never lowers
 * it. The moment a member completes the path, the household's status record
 * (`household_status`, id = householdId) is written in the same transaction, with an audit
 * event; coverage by village counts those records against each village's `households`.
 * Once achieved, a household keeps its 法德明白人 when the town later adds articles to the
 * path: the person was trained, and the new articles show as still to read.
 *
 * Progress itself is not audited (it changes on every scroll); the achievement is.
 */
import type { z } from 'zod';
import type { Account } from '../../shared/account/account.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { HouseholdStatus, ReadingProgress } from '../../shared/learning/learning.schema';
import {
  coverageInputSchema,
  householdStatusInputSchema,
  markReadInputSchema,
  myProgressInputSchema,
} from '../../shared/learning/learning.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { defineAction, signedIn } from '../runtime/action';
import type { AccountDoc } from '../runtime/caller';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { isInScope, loadGrid } from '../runtime/directory';
import { queryAll } from '../runtime/paging';
import type { Tx, StoredDoc } from '../store/store.port';
import {
  actingRole,
  progressId,
  completesPath,
  loadReadingPath,
  pathProgress,
} from './learning.records';
import type { ReadingPath } from './learning.records';
import type {
  MarkReadReply,
  PathStepView,
  MyProgressReply,
  HouseholdMemberView,
  HouseholdReply,
} from './learning.views';
import { ACCOUNTS, ARTICLES, HOUSEHOLD_STATUS, READING_PROGRESS } from '../store/collections';
import { householdWriter, progressWriter } from './learning.collections';

export type { MarkReadReply, PathStepView, MyProgressReply, HouseholdMemberView, HouseholdReply };

type HouseholdDoc = StoredDoc<HouseholdStatus>;

async function householdMembers(
  ctx: AppContext,
  townId: string,
  householdId: string,
): Promise<StoredDoc<Account>[]> {
  const members = await queryAll(ctx, ACCOUNTS, { where: { townId, householdId } });
  return members.filter((m) => m.status === 'active');
}

async function markRead(
  ctx: AppContext,
  call: ActionCall<z.output<typeof markReadInputSchema>>,
): Promise<Result<MarkReadReply>> {
  const { account, actor } = signedIn(call);
  const { articleId, progress } = call.input;
  const raw = await ARTICLES.get(ctx.store, articleId);
  const article = raw;
  if (article === null || article.status !== 'published' || article.townId !== account.townId) {
    return err(appError('NOT_FOUND', '这篇文章不存在或已经下线了'));
  }
  const householdId = account.householdId;
  // Queries happen before the transaction: the path, and the household's members.
  const path = await loadReadingPath(ctx, account.townId);
  const inPath = path.articles.some((a) => a.articleId === articleId);
  const members =
    householdId !== undefined && inPath
      ? await householdMembers(ctx, account.townId, householdId)
      : [];
  const now = ctx.clock.nowIso();
  return call.transact(account.townId, async (tx) => {
    const id = progressId(account._id, articleId);
    const before = await READING_PROGRESS.get(tx, id);
    const next = Math.max(before?.progress ?? 0, progress);
    const completedAt = before?.completedAt ?? (next === 100 ? now : undefined);
    if (before === null) {
      const doc: Omit<ReadingProgress, '_version'> = {
        _id: id,
        townId: account.townId,
        createdAt: now,
        updatedAt: now,
        accountId: account._id,
        articleId,
        householdId,
        progress: next,
        completedAt,
      };
      const stored = await progressWriter.insert(tx, doc);
      if (!stored.ok) return stored;
    } else if (next !== before.progress || before.householdId !== householdId) {
      const stored = await progressWriter.update(
        tx,
        id,
        { progress: next, completedAt, householdId, updatedAt: now },
        { ifVersion: before._version },
      );
      if (!stored.ok) return stored;
    }
    const pathComplete = completesPath(await pathProgress(tx, account._id, path));
    let householdQualified: boolean | null = null;
    if (householdId !== undefined) {
      const household = await HOUSEHOLD_STATUS.get(tx, householdId);
      householdQualified = household?.mingbairenAccountId !== undefined;
      if (!householdQualified && pathComplete && inPath) {
        const recorded = await recordMingbairen(ctx, tx, account, members, household, now);
        if (!recorded.ok) return recorded;
        householdQualified = recorded.value;
        if (recorded.value) {
          const logged = await appendEvent(ctx, tx, {
            townId: account.townId,
            subjectType: 'account',
            subjectId: account._id,
            actorId: account._id,
            actorRole: actingRole(actor, ['villager']),
            action: 'mingbairen_achieved',
            from: null,
            to: householdId,
            at: now,
            note: '学完法德明白人学习内容，本户有了法德明白人',
            visibleToReporter: true,
          });
          if (!logged.ok) return logged;
        }
      }
    }
    return ok({
      articleId,
      progress: next,
      completedAt: completedAt ?? null,
      pathComplete,
      householdQualified,
    });
  });
}

/**
 * Writes the household's 法德明白人 into its status record (creating the record the first
 * time). A household whose members have no grid node cannot be placed in coverage, so it is
 * not recorded (false); the live household view still shows the member's progress.
 */
async function recordMingbairen(
  ctx: AppContext,
  tx: Tx,
  account: AccountDoc,
  members: readonly StoredDoc<Account>[],
  household: HouseholdDoc | null,
  now: string,
): Promise<Result<boolean>> {
  const householdId = account.householdId!;
  const all = members.some((m) => m._id === account._id) ? members : [account, ...members];
  const gridNodeId =
    household?.gridNodeId ?? all.map((m) => m.gridNodeIds[0]).find((n) => n !== undefined);
  if (gridNodeId === undefined) return ok(false);
  const headName = all.map((m) => m.householdHeadName).find((n) => n !== undefined) ?? account.name;
  const fields = {
    gridNodeId,
    headName,
    memberIds: all.map((m) => m._id).slice(0, 30),
    mingbairenAccountId: account._id,
    achievedAt: now,
    updatedAt: now,
  };
  const stored =
    household === null
      ? await householdWriter.insert(tx, {
          _id: householdId,
          townId: account.townId,
          createdAt: now,
          ...fields,
        })
      : await householdWriter.update(tx, householdId, fields, {
          ifVersion: household._version,
        });
  return stored.ok ? ok(true) : stored;
}

const RECENT_READS = 20;

async function myProgress(
  ctx: AppContext,
  call: ActionCall<z.output<typeof myProgressInputSchema>>,
): Promise<Result<MyProgressReply>> {
  const { account } = signedIn(call);
  const path = await loadReadingPath(ctx, account.townId);
  const mine = await pathProgress(ctx.store, account._id, path);
  const steps = path.articles.map((a, i) => ({
    articleId: a.articleId,
    title: a.title,
    category: a.category,
    progress: mine[i]?.progress ?? 0,
    completedAt: mine[i]?.completedAt ?? null,
  }));
  const recentPage = await READING_PROGRESS.query(ctx.store, {
    where: { accountId: account._id },
    orderBy: { path: 'updatedAt', order: 'desc' },
    limit: RECENT_READS,
  });
  const titles = await Promise.all(
    recentPage.docs.map((p) => ARTICLES.get(ctx.store, p.articleId)),
  );
  const recent = recentPage.docs.flatMap((p, i) => {
    const doc = titles[i];
    const article = doc ?? null;
    if (article === null || article.status !== 'published') return [];
    return [
      {
        articleId: p.articleId,
        title: article.title,
        progress: p.progress,
        completedAt: p.completedAt ?? null,
        updatedAt: p.updatedAt,
      },
    ];
  });
  let household: MyProgressReply['household'] = null;
  if (account.householdId !== undefined) {
    const status = await loadHousehold(ctx, account.townId, account.householdId, path);
    household = { qualified: status.qualified };
  }
  const completed = steps.filter((s) => s.progress === 100).length;
  return ok({
    path: { total: steps.length, completed, complete: completesPath(mine), steps },
    recent,
    household,
  });
}

interface HouseholdFacts {
  readonly qualified: boolean;
  readonly record: HouseholdDoc | null;
  readonly members: StoredDoc<Account>[];
  readonly progress: (ReadingProgress | null)[][];
}

/** A household's members, their path progress and whether the household qualifies. */
async function loadHousehold(
  ctx: AppContext,
  townId: string,
  householdId: string,
  path: ReadingPath,
): Promise<HouseholdFacts> {
  const [members, record] = await Promise.all([
    householdMembers(ctx, townId, householdId),
    HOUSEHOLD_STATUS.get(ctx.store, householdId),
  ]);
  const progress = await Promise.all(members.map((m) => pathProgress(ctx.store, m._id, path)));
  const qualified =
    (record !== null && record.townId === townId && record.mingbairenAccountId !== undefined) ||
    progress.some(completesPath);
  return { qualified, record: record?.townId === townId ? record : null, members, progress };
}

async function householdStatus(
  ctx: AppContext,
  call: ActionCall<z.output<typeof householdStatusInputSchema>>,
): Promise<Result<HouseholdReply | CoverageReply>> {
  const { account } = signedIn(call);
  const gridNodeId = call.input?.gridNodeId;
  // With a node, staff responsible for it see its coverage; villagers see their own household.
  if (gridNodeId !== undefined) {
    const canSee = account.roles.some((r) => COVERAGE_ROLES.has(r));
    if (!canSee) return err(appError('FORBIDDEN', '只有工作人员可以查看村里的法德明白人情况'));
    return coverageOf(ctx, account, gridNodeId);
  }
  const householdId = account.householdId;
  if (householdId === undefined) {
    return ok({
      household: null,
      hint: '您还没有登记到户里，请联系本村网格员帮您登记，家里人的学习情况就能一起看到了',
    });
  }
  const path = await loadReadingPath(ctx, account.townId);
  const facts = await loadHousehold(ctx, account.townId, householdId, path);
  const total = path.articles.length;
  const members = facts.members.map((m, i) => {
    const completed = (facts.progress[i] ?? []).filter((p) => p?.progress === 100).length;
    return {
      name: m.name,
      isMe: m._id === account._id,
      completed,
      total,
      complete: completesPath(facts.progress[i] ?? []),
    };
  });
  const winner =
    facts.record?.mingbairenAccountId === undefined
      ? facts.members.find((_m, i) => completesPath(facts.progress[i] ?? []))
      : facts.members.find((m) => m._id === facts.record?.mingbairenAccountId);
  const headName =
    facts.record?.headName ??
    facts.members.map((m) => m.householdHeadName).find((n) => n !== undefined) ??
    account.name;
  let hint: string;
  if (facts.qualified) hint = '您家已经有了法德明白人，遇事找法、化解矛盾靠法，带动全家学法守法';
  else if (total === 0) hint = '镇里还没有设定法德明白人学习内容，请留意通知';
  else hint = `家里有一个人学完全部 ${total} 篇学习内容，您家就有了法德明白人`;
  return ok({
    household: {
      householdId,
      headName,
      qualified: facts.qualified,
      mingbairenName: winner?.name ?? null,
      achievedAt: facts.record?.achievedAt ?? null,
      pathTotal: total,
      members,
    },
    hint,
  });
}

/** Staff who see 法德明白人 coverage; town-wide roles see all, the others their own grid. */
const COVERAGE_ROLES = new Set([
  'center_operator',
  'admin',
  'grid_worker',
  'legal_adviser',
  'mediator',
]);

export interface VillageCoverage {
  readonly gridNodeId: string;
  readonly name: string;
  readonly communityName: string | null;
  /** Households in the village (from the grid roster); null when the roster has no figure. */
  readonly households: number | null;
  readonly qualified: number;
  /** Percent, one decimal, at most 100; null without a household figure. */
  readonly rate: number | null;
}

export interface CoverageReply {
  readonly villages: readonly VillageCoverage[];
  readonly totals: {
    readonly households: number;
    readonly qualified: number;
    readonly rate: number | null;
  };
}

function rateOf(qualified: number, households: number | null): number | null {
  if (households === null || households === 0) return null;
  return Math.min(100, Math.round((qualified / households) * 1000) / 10);
}

/** Coverage of the villages at or under `gridNodeId` (the whole town when undefined). */
async function coverageOf(
  ctx: AppContext,
  account: AccountDoc,
  gridNodeId: string | undefined,
): Promise<Result<CoverageReply>> {
  const townId = account.townId;
  const grid = await loadGrid(ctx, townId);
  const byId = new Map(grid.map((n) => [n._id, n]));
  const root = gridNodeId === undefined ? undefined : byId.get(gridNodeId);
  if (gridNodeId !== undefined) {
    if (root === undefined) return err(appError('NOT_FOUND', '没有找到这个村或网格'));
    if (!isInScope(account, root)) {
      return err(appError('FORBIDDEN', '这个村不在您负责的网格里'));
    }
  }
  const villages = grid.filter(
    (n) =>
      n.level === 'village' &&
      (root === undefined || n._id === root._id || n.ancestorIds.includes(root._id)),
  );
  const villageOf = (node: GridNode | undefined): string | undefined => {
    if (node === undefined) return undefined;
    if (node.level === 'village') return node._id;
    return node.ancestorIds.find((id) => byId.get(id)?.level === 'village');
  };
  const records = await queryAll(ctx, HOUSEHOLD_STATUS, {
    where: { townId },
    orderBy: { path: 'gridNodeId', order: 'asc' },
  });
  const qualifiedBy = new Map<string, number>();
  for (const r of records) {
    if (r.mingbairenAccountId === undefined) continue;
    const village = villageOf(byId.get(r.gridNodeId));
    if (village !== undefined) qualifiedBy.set(village, (qualifiedBy.get(village) ?? 0) + 1);
  }
  const rows = villages.map((v) => {
    const households = v.households ?? null;
    const qualified = qualifiedBy.get(v._id) ?? 0;
    return {
      gridNodeId: v._id,
      name: v.name,
      communityName: v.parentId === null ? null : (byId.get(v.parentId)?.name ?? null),
      households,
      qualified,
      rate: rateOf(qualified, households),
    };
  });
  const households = rows.reduce((s, r) => s + (r.households ?? 0), 0);
  const qualified = rows.reduce((s, r) => s + r.qualified, 0);
  return ok({
    villages: rows,
    totals: { households, qualified, rate: rateOf(qualified, households) },
  });
}

async function coverage(
  ctx: AppContext,
  call: ActionCall<z.output<typeof coverageInputSchema>>,
): Promise<Result<CoverageReply>> {
  const { account } = signedIn(call);
  return coverageOf(ctx, account, call.input?.gridNodeId);
}

/** The progress and household actions of the `learning` function. */
export const progressActions = {
  markRead: defineAction({ input: markReadInputSchema, access: 'account', run: markRead }),
  myProgress: defineAction({ input: myProgressInputSchema, access: 'account', run: myProgress }),
  householdStatus: defineAction({
    input: householdStatusInputSchema,
    access: 'account',
    run: householdStatus,
  }),
  coverage: defineAction({
    input: coverageInputSchema,
    access: ['center_operator', 'admin'],
    run: coverage,
  }),
};
