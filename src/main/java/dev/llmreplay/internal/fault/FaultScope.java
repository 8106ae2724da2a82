package dev.llmreplay.internal.fault;

import java.math.BigDecimal;
import java.util.SplittableRandom;

/** Which calls a fault rule applies to; a rule with several scopes needs all of them. */
public sealed interface FaultScope {

  boolean matches(Call call);

  /** The scope as written in a spec, without the leading {@code @}. */
  String spec();

  /** The first {@code k} calls of each request key. */
  record First(int k) implements FaultScope {
    @Override
    public boolean matches(Call call) {
      return call.number() <= k;
    }

    @Override
    public String spec() {
      return "first=" + k;
    }
  }

  /** Only the {@code k}-th call of each request key. */
  record CallNumber(int k) implements FaultScope {
    @Override
    public boolean matches(Call call) {
      return call.number() == k;
    }

    @Override
    public String spec() {
      return "call=" + k;
    }
  }

  /** Every {@code k}-th call of each request key: calls k, 2k, 3k... */
  record Every(int k) implements FaultScope {
    @Override
    public boolean matches(Call call) {
      return call.number() % k == 0;
    }

    @Override
    public String spec() {
      return "every=" + k;
    }
  }

  /**
   * Each call with probability {@code p}, drawn from {@code seed}, the request key and the call
   * number only: the same calls are faulted in every run, whatever the thread timing.
   */
  record Rate(double p, long seed) implements FaultScope {
    @Override
    public boolean matches(Call call) {
      long key = Long.parseUnsignedLong(call.keyHex().substring(0, 16), 16);
      long mixed = seed ^ (key * 0x9E3779B97F4A7C15L) ^ (call.number() * 0xC2B2AE3D27D4EB4FL);
      return new SplittableRandom(mixed).nextDouble() < p;
    }

    @Override
    public String spec() {
      return "rate=" + BigDecimal.valueOf(p).stripTrailingZeros().toPlainString() + ":" + seed;
    }
  }

  /** Requests whose endpoint (as keyed) or URL path starts with {@code prefix}. */
  record PathPrefix(String prefix) implements FaultScope {
    @Override
    public boolean matches(Call call) {
      return call.endpoint().startsWith(prefix) || call.path().startsWith(prefix);
    }

    @Override
    public String spec() {
      return "path=" + prefix;
    }
  }
}
