import { isInstant, isLocalDate, isUuidV7, type Address } from '@utilia/contracts';
import { ValidationFailed, type FieldError } from './rules';

/**
 * Collects field errors while reading an untrusted request body, then throws them all at once.
 * Each reader returns the value typed (or a placeholder when it failed: `done()` throws then).
 */
export class Input {
  readonly errors: FieldError[] = [];
  private readonly body: Record<string, unknown>;

  constructor(
    body: unknown,
    private readonly prefix = '',
    errors?: FieldError[],
  ) {
    if (errors) this.errors = errors;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      this.fail(prefix || 'body', 'must be a JSON object');
      this.body = {};
    } else {
      this.body = body as Record<string, unknown>;
    }
  }

  private path(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  raw(name: string): unknown {
    return this.body[name];
  }

  /** A nested object read with the same error list. */
  object(name: string): Input {
    return new Input(this.body[name], this.path(name), this.errors);
  }

  text(name: string, opts: { max?: number; optional?: boolean; pattern?: RegExp; hint?: string } = {}): string {
    const v = this.body[name];
    if (v === undefined || v === null) {
      if (!opts.optional) this.fail(this.path(name), 'is required');
      return '';
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.fail(this.path(name), 'must be a non-empty string');
      return '';
    }
    if (v.length > (opts.max ?? 200)) this.fail(this.path(name), `must be at most ${opts.max ?? 200} characters`);
    else if (opts.pattern && !opts.pattern.test(v)) this.fail(this.path(name), opts.hint ?? `must match ${opts.pattern}`);
    return v;
  }

  optionalText(name: string, opts: { max?: number; pattern?: RegExp; hint?: string } = {}): string | undefined {
    return this.has(name) ? this.text(name, opts) : undefined;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback?: T): T {
    const v = this.body[name];
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !values.includes(v as T)) {
      this.fail(this.path(name), `must be one of ${values.join(', ')}`);
      return values[0];
    }
    return v as T;
  }

  bool(name: string, fallback?: boolean): boolean {
    const v = this.body[name];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'boolean') {
      this.fail(this.path(name), 'must be true or false');
      return false;
    }
    return v;
  }

  uuid(name: string, opts: { optional?: boolean } = {}): string {
    const v = this.body[name];
    if ((v === undefined || v === null) && opts.optional) return '';
    if (!isUuidV7(v)) {
      this.fail(this.path(name), v === undefined ? 'is required' : 'must be a UUIDv7');
      return '';
    }
    return v;
  }

  date(name: string, opts: { optional?: boolean } = {}): string {
    const v = this.body[name];
    if ((v === undefined || v === null) && opts.optional) return '';
    if (!isLocalDate(v)) {
      this.fail(this.path(name), v === undefined ? 'is required' : 'must be a date YYYY-MM-DD');
      return '';
    }
    return v;
  }

  instant(name: string, opts: { optional?: boolean } = {}): string {
    const v = this.body[name];
    if ((v === undefined || v === null) && opts.optional) return '';
    if (!isInstant(v)) {
      this.fail(this.path(name), v === undefined ? 'is required' : 'must be an ISO-8601 UTC instant ending in Z');
      return '';
    }
    return v;
  }

  /** Reads each element of an array field with `read` (given an Input on the element). */
  array<T>(name: string, read: (item: Input, index: number) => T, opts: { optional?: boolean; max?: number; min?: number } = {}): T[] {
    const v = this.body[name];
    if ((v === undefined || v === null) && opts.optional) return [];
    if (!Array.isArray(v)) {
      this.fail(this.path(name), 'must be an array');
      return [];
    }
    if (opts.max !== undefined && v.length > opts.max) this.fail(this.path(name), `must have at most ${opts.max} items`);
    if (opts.min !== undefined && v.length < opts.min) this.fail(this.path(name), `must have at least ${opts.min} item(s)`);
    return v.map((item, i) => read(new Input(item, `${this.path(name)}[${i}]`, this.errors), i));
  }

  /** An array of distinct strings, each one of `values`. */
  enumArray<T extends string>(name: string, values: readonly T[]): T[] {
    const v = this.body[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.fail(this.path(name), 'must be an array');
      return [];
    }
    v.forEach((x, i) => {
      if (typeof x !== 'string' || !values.includes(x as T)) this.fail(`${this.path(name)}[${i}]`, `must be one of ${values.join(', ')}`);
    });
    if (new Set(v).size !== v.length) this.fail(this.path(name), 'must not repeat a value');
    return v as T[];
  }

  address(name: string): Address {
    const a = this.object(name);
    const address: Address = {
      line1: a.text('line1'),
      city: a.text('city', { max: 100 }),
      postalCode: a.text('postalCode', { max: 20 }),
      country: a.text('country', { pattern: /^[A-Z]{2}$/, hint: 'must be an ISO 3166-1 alpha-2 code such as US' }),
    };
    const line2 = a.optionalText('line2');
    const region = a.optionalText('region', { max: 100 });
    if (line2 !== undefined) address.line2 = line2;
    if (region !== undefined) address.region = region;
    return address;
  }

  /** Throws {@link ValidationFailed} when any field failed. */
  done(): void {
    if (this.errors.length > 0) throw new ValidationFailed(this.errors);
  }
}

/** Reads `body` with `read` and throws every field error at once; returns what `read` built. */
export function parse<T>(body: unknown, read: (input: Input) => T): T {
  const input = new Input(body);
  const value = read(input);
  input.done();
  return value;
}
