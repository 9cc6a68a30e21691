import { describe } from 'node:test';
import { TokenBudget } from './token-budget.ts';
import { tokenLedgerContract } from './token-ledger.contract.ts';

describe('TokenBudget (this process)', () => {
  tokenLedgerContract(async (limits, clock) => new TokenBudget(() => limits, clock));
});
