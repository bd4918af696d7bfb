// npm test's jest reporter: jest's default one without its summary. Each file's PASS or FAIL, and
// a failing test's details, still show; the counts come once, from npm test itself, in its
// closing line (`tests: N passed, N failed`), so the log holds no second runner-shaped count.
module.exports = require('@jest/reporters').DefaultReporter;
