/** Ids of a town's rule sets (collection `rules`): one document per town and kind. */
import type { RuleSet } from '../../shared/validation/admin.schema';

/** Id of a town's rule set of one kind: `<townId>:<kind>`. */
export function rulesDocId(townId: string, kind: RuleSet): string {
  return `${townId}:${kind}`;
}
