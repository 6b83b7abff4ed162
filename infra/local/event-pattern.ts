/**
 * EventBridge content filtering, the part motcua's rules use: exact values, `prefix`,
 * `anything-but`, `exists` and `numeric`, nested objects (all keys must match) and value lists
 * (any may match). The same pattern objects go to CDK unchanged.
 */
type Matcher = unknown;

function matchValue(matcher: Matcher, value: unknown, present: boolean): boolean {
  if (matcher === null || typeof matcher !== 'object') return present && (Array.isArray(value) ? value.includes(matcher) : value === matcher);
  const rule = matcher as Record<string, unknown>;
  if ('exists' in rule) return rule.exists === present;
  if (!present) return false;
  if ('prefix' in rule) return typeof value === 'string' && value.startsWith(String(rule.prefix));
  if ('anything-but' in rule) {
    const excluded = Array.isArray(rule['anything-but']) ? rule['anything-but'] : [rule['anything-but']];
    return !excluded.includes(value);
  }
  if ('numeric' in rule && typeof value === 'number') {
    const ops = rule.numeric as (string | number)[];
    for (let i = 0; i < ops.length; i += 2) {
      const bound = Number(ops[i + 1]);
      const ok = { '<': value < bound, '<=': value <= bound, '=': value === bound, '>': value > bound, '>=': value >= bound }[String(ops[i])];
      if (!ok) return false;
    }
    return true;
  }
  return false;
}

export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const present = event !== null && typeof event === 'object' && key in event;
    const value = present ? event[key] : undefined;
    if (Array.isArray(expected)) return expected.some((matcher) => matchValue(matcher, value, present));
    if (expected && typeof expected === 'object') return present && typeof value === 'object' && value !== null && matchesPattern(expected as Record<string, unknown>, value as Record<string, unknown>);
    return false;
  });
}
