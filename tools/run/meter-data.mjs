#!/usr/bin/env node
// `npm run --silent meter-data -- inspect <file.xml>`: the Green Button library's command line (libs/greenbutton/src/cli).
import { runLibraryCli } from './library-cli.mjs';

runLibraryCli('meter-data', 'greenbutton');
