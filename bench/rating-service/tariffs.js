// The tariffs the rating service quotes, as libs/rating rates them, read back through its API: published
// versions that are not superseded, each ending where the next starts (what the service builds itself).
async function publishedTariffs(base, headers, codes) {
  const out = [];
  for (const code of codes) {
    const t = await (await fetch(`${base}/tariffs/${code}`, { headers })).json();
    const live = t.versions.filter((v) => v.status === 'published' && v.supersededBy === null);
    const versions = [];
    for (const v of live) {
      const full = await (await fetch(`${base}/tariffs/${code}/versions/${v.id}`, { headers })).json();
      versions.push({ ...full.definition, id: v.id, effectiveFrom: v.effectiveFrom, ...(v.endsOn ? { effectiveTo: v.endsOn } : {}) });
    }
    out.push({ id: code, name: t.name, currency: t.currency, timeZone: t.timeZone, versions });
  }
  return out;
}

module.exports = { publishedTariffs };
