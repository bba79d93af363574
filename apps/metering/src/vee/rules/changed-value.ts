import type { Replaced } from '../../readings/day';
import { iso, type Finding } from './finding';

/**
 * Rule: a value read again differently (a head-end resending an interval with another value) is
 * applied, audited, and shown to a person: it may be a correction or a fault. An actual replacing
 * an estimate is the expected course and is not a finding.
 */
export function changedValues(replaced: readonly Replaced[]): Finding[] {
  const changed = replaced.filter((r) => r.oldQuality !== 'E' && r.old !== r.value);
  if (changed.length === 0) return [];
  const first = changed[0];
  const last = changed[changed.length - 1];
  return [
    {
      rule: 'changed-value',
      from: first.start,
      to: last.start + last.seconds,
      detail: `${changed.length} interval(s) came again with another value (first at ${iso(first.start)}: ${first.old} → ${first.value})`,
    },
  ];
}
