package dev.llmreplay.internal.fault;

/**
 * Tags the request of a response whose delivery a fault (or a recorded failure) changes, so that
 * the loopback server flushes each event as it goes and names the fault in its log.
 *
 * @param description e.g. {@code cut-after=10 (call 1)} or {@code recorded failure: reset after 3
 *     events}
 */
public record FaultTag(String description) {}
