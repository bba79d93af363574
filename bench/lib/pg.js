'use strict';
// PostgreSQL for the benches: one client for the time of a callback. Shared by bench/metering-ingest
// and bench/bill-run.
const { Client } = require('pg');

/** Runs `fn(client)` with a client connected to `connectionString`, and closes it whatever happens. */
async function withClient(connectionString, fn, applicationName = 'bench') {
  const client = new Client({ connectionString, application_name: applicationName });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

module.exports = { withClient };
