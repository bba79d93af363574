/**
 * A bill line while it is being computed: exact Big amounts, rounded only when the bill is finished.
 */
import type { BillLine, LineComponent } from '../model';
import { approx, type Decimal } from '../money';

/** An unrounded bill line produced by a rule. */
export interface LineDraft {
  readonly component: LineComponent;
  readonly description: string;
  readonly quantity: Decimal;
  readonly unit: BillLine['unit'];
  readonly rate: Decimal;
  readonly amount: Decimal;
  readonly touPeriod?: number;
  readonly touPeriodName?: string;
  readonly tier?: number;
  readonly factor: Decimal;
  readonly trace: string;
}

/** Shows a decimal in a trace: at most 6 places. */
export function show(d: Decimal): string {
  return approx(d, 6);
}

/** The sum of the amounts of the drafts whose component is in `components`. */
export function sumOf(lines: readonly LineDraft[], components: readonly LineComponent[]): Decimal | undefined {
  let total: Decimal | undefined;
  for (const l of lines) if (components.includes(l.component)) total = total ? total.plus(l.amount) : l.amount;
  return total;
}
