/** Instants as ISO-8601 text. */

/** Unix seconds as an ISO-8601 UTC instant without milliseconds, e.g. `2013-01-01T05:00:00Z`. */
export function isoInstant(unixSeconds: number): string {
  const iso = new Date(unixSeconds * 1000).toISOString();
  // toISOString always writes milliseconds; whole seconds have ".000" to drop.
  return `${iso.slice(0, iso.length - 5)}Z`;
}
