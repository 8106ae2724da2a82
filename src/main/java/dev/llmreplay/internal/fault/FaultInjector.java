package dev.llmreplay.internal.fault;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides the faults of each call for one interceptor: the configured spec plus the fixture's own,
 * against call counters per request key that live as long as this injector (one per interceptor;
 * never shared between interceptors or tests). Thread-safe.
 *
 * <p>The fixture's rules are considered before the configured ones. Every matching {@code delay}
 * adds up; of the other actions the first matching rule wins.
 */
public final class FaultInjector {
  private final FaultSpec configured;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  public FaultInjector(FaultSpec configured) {
    this.configured = configured;
  }

  public FaultSpec configured() {
    return configured;
  }

  /**
   * Counts this call of {@code keyHex} and decides its faults. Calls are counted only while some
   * spec is in play for the key, which is always the case for a key whose fixture carries faults.
   */
  public FaultDecision decide(String path, String endpoint, String keyHex, FaultSpec fixture) {
    if (configured.isNone() && fixture.isNone()) return FaultDecision.NONE;
    int n = calls.computeIfAbsent(keyHex, k -> new AtomicInteger()).incrementAndGet();
    Call call = new Call(path, endpoint, keyHex, n);
    long delay = 0;
    FaultRule chosen = null;
    for (FaultSpec spec : new FaultSpec[] {fixture, configured}) {
      for (FaultRule r : spec.rules()) {
        if (!r.matches(call)) continue;
        if (r.action() instanceof FaultAction.Delay) {
          delay += ((FaultAction.Delay) r.action()).millis();
        } else if (chosen == null) {
          chosen = r;
        }
      }
    }
    return new FaultDecision(n, delay, chosen);
  }
}
