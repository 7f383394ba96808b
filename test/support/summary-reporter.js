// Ends every jest run with the plain line "N passed, N failed" (CI reads it): a
// suite that could not run at all counts as a failure, so a run that tested
// nothing shows as such.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    // Skipped tests (a contract check whose ../shared is not beside the checkout) on a line of their own,
    // so the last line stays exactly "N passed, N failed".
    if (skipped) process.stdout.write(`\n${skipped} skipped`);
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = SummaryReporter;
