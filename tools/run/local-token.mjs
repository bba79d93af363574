// A bearer token for the local tools (bill-run CLI, head-end simulator, demo seed), signed as
// `npm run token` does: with the built platform's auth code and AUTH_JWT_SECRET (or the
// development secret).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './common.mjs';

const require = createRequire(import.meta.url);

/** Signs a token for `subject` with `roles`; throws when libs/platform is not built. */
export async function localToken({ subject, roles, ttlSeconds = 3600 }) {
  const auth = join(root, 'libs/platform/dist/auth');
  if (!existsSync(join(auth, 'jwt.js'))) throw new Error('libs/platform is not built: run `npx nx run-many -t build` first');
  const { signToken } = require(join(auth, 'jwt.js'));
  const { readAuthConfig } = require(join(auth, 'auth-config.js'));
  return signToken({ subject, roles, accounts: [] }, readAuthConfig(process.env), { ttlSeconds });
}
