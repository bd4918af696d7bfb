// The raw Temporal baseline: a workflow that does nothing, so start -> complete measures the
// server and SDK alone.
export async function emptyWorkflow() {}
