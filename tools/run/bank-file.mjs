#!/usr/bin/env node
// `npm run --silent bank-file -- parse <file>` | `pain008 <collection.json> [--version 001.08]` | `nacha <ppd-debits.json>`:
// the bank-file library's command line (libs/bankfiles/src/cli).
import { runLibraryCli } from './library-cli.mjs';

runLibraryCli('bank-file', 'bankfiles');
