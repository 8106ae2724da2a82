/**
 * Fault injection: the rules of a fault spec ({@link dev.llmreplay.internal.fault.FaultSpec}, its
 * actions and scopes), the per-interceptor call counters that scopes count against ({@link
 * dev.llmreplay.internal.fault.FaultInjector}), error bodies and in-stream error events in each
 * provider's shape ({@link dev.llmreplay.internal.fault.ErrorBodies}), and the faulting delivery of
 * a body ({@link dev.llmreplay.internal.fault.FaultedSource}).
 *
 * <p>Faults sit between a prepared response and the caller and never reach a fixture: the same
 * recorded (or live) events go out, then the fault decides.
 */
package dev.llmreplay.internal.fault;
