/**
 * Stores a town's rule set directly, in the shape the admin function's `setRules` writes —
 * also for bodies `setRules` would refuse, to prove that readers fall back to the defaults.
 */
import type { RuleSet } from '../../shared/validation/admin.schema';
import type { RulesDoc } from '../../functions/runtime/town-rules';
import { rulesDocId } from '../../functions/runtime/town-rules';
import type { Store } from '../../functions/store/store.port';

/** Saves (or replaces) one rule set of a town. */
export async function saveTownRules(
  store: Store,
  townId: string,
  kind: RuleSet,
  body: unknown,
  updatedAt = '2025-11-10T09:00:00+08:00',
): Promise<void> {
  const id = rulesDocId(townId, kind);
  const doc: RulesDoc = { townId, kind, body, updatedAt, updatedBy: 'test-admin' };
  const old = await store.get('rules', id);
  const saved =
    old === null
      ? await store.insert('rules', { _id: id, ...doc })
      : await store.replace('rules', id, doc);
  if (!saved.ok) throw new Error(`could not save rules: ${saved.error.message}`);
}
