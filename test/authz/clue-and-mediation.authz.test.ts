/**
 * Who may call each `clue` (公益诉讼线索) and `mediation` (调解) action: the allowed set per
 * action, exactly (rows and their reasons (docs/domain.md) in clue-and-mediation.rows.ts), and who of
 * the clue's readers sees a named reporter.
 */
import { clueFunction } from '../../functions/clue/clue.function';
import { accountOf, CALLERS, createWorld, describeMatrix } from './authz.matrix';
import { clueOf, REPORTER_NAME, REPORTER_PHONE } from './authz.subjects';
import { clueRows, mediationRows } from './clue-and-mediation.rows';

const clue = clueFunction;

describeMatrix('who may call each clue action', clueRows);
describeMatrix('who may call each mediation action', mediationRows);

describe('a named clue reporter is visible to the prosecutor alone (docs/domain.md §2)', () => {
  it('of everyone who may read the clue, only the prosecutor’s reply holds the name and phone', async () => {
    const revealing: string[] = [];
    const readers: string[] = [];
    for (const caller of CALLERS) {
      const w = await createWorld();
      try {
        const { clueId } = await clueOf(w);
        const reply = await w.h.call(clue, 'get', { clueId }, { as: accountOf(w, caller) });
        if (!reply.ok) continue;
        readers.push(caller);
        const text = JSON.stringify(reply.data);
        if (text.includes(REPORTER_NAME) || text.includes(REPORTER_PHONE.slice(-4))) {
          revealing.push(caller);
        }
      } finally {
        await w.h.close();
      }
    }
    expect(readers.sort()).toEqual(['centre', 'liaison', 'prosecutor', 'sameGrid']);
    expect(revealing).toEqual(['prosecutor']);
  });
});
