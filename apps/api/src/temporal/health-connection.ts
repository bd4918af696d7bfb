/**
 * A second connection for health checks only, without the client's retry interceptor: a probe
 * must answer "down" after one attempt, and the SDK's retry timers outlive a call's deadline.
 */
export const HEALTH_CONNECTION = Symbol('HEALTH_CONNECTION');
