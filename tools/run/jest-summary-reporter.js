// Writes each Jest run's counts to $JEST_JSON_REPORTS/<project>.json so `npm test` can print one
// closing line for the whole workspace.
const fs = require('fs');
const path = require('path');

class SummaryReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }
  onRunComplete(_contexts, results) {
    const dir = process.env.JEST_JSON_REPORTS;
    if (!dir) return;
    const name = path.basename(this.globalConfig.rootDir) + '-' + process.pid;
    fs.writeFileSync(
      path.join(dir, `${name}.json`),
      JSON.stringify({
        numPassedTests: results.numPassedTests,
        numFailedTests: results.numFailedTests,
        numTotalTests: results.numTotalTests,
        success: results.success,
      }),
    );
  }
}
module.exports = SummaryReporter;
