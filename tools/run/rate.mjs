#!/usr/bin/env node
// `npm run --silent rate -- simulate <scenario.json>`: the rating core's command line (libs/rating/src/cli).
import { runLibraryCli } from './library-cli.mjs';

runLibraryCli('rate', 'rating');
