package dev.llmreplay;

import dev.llmreplay.internal.fault.FaultSpec;
import java.util.Objects;

/**
 * Faults injected into what a client receives, so a test can exercise its failure paths on a
 * faithfully recorded stream: provider-shaped error statuses, streams cut or ended early, in-stream
 * error events, stalls and delays. Faults never change a fixture; in recording modes the fixture is
 * written as the upstream sent it while the client sees the faulted response.
 *
 * <pre>{@code
 * RecordReplayInterceptor.builder()
 *     .faults(Faults.parse("status=429,retry-after=0@first=2"))
 *     .build();
 * }</pre>
 *
 * <p>A spec is rules separated by {@code ;}, each {@code ACTION[@SCOPE]...}:
 *
 * <ul>
 *   <li>{@code status=CODE[,retry-after=SECONDS]}: an error response with that status in the
 *       provider's shape for the endpoint (OpenAI, Anthropic {@code /v1/messages}, Ollama {@code
 *       /api/...}, Gemini {@code :generateContent});
 *   <li>{@code cut-after=N}: N events (N bytes of a body that is not a stream), then the connection
 *       fails;
 *   <li>{@code eof-after=N}: N events, then a clean end without the terminal event;
 *   <li>{@code error-event-after=N[,status=CODE]}: N events, then the provider's in-stream error
 *       event (a body that is not a stream gets the error status instead);
 *   <li>{@code stall-after=N:DURATION}: N events, then nothing for DURATION ({@code 500ms}, {@code
 *       30s}, {@code 1m}), then the rest; a shorter client read timeout fires as it would;
 *   <li>{@code delay=DURATION}: the response starts after DURATION.
 * </ul>
 *
 * <p>Scopes, all of which must hold (without a scope a rule applies to every call):
 *
 * <ul>
 *   <li>{@code first=K}: the first K calls of each request key;
 *   <li>{@code call=K}: only the K-th;
 *   <li>{@code every=K}: calls K, 2K, ...;
 *   <li>{@code rate=P:SEED}: probability P, drawn from SEED, the request key and the call number
 *       (the same calls in every run);
 *   <li>{@code path=PREFIX}: endpoints starting with PREFIX.
 * </ul>
 *
 * Each is written after the action with an at sign, e.g. {@code cut-after=5} then {@code first=2}.
 * Calls are counted per interceptor. Delays add up; of the other actions the first matching rule
 * wins, a fixture's own {@code "faults"} before the configured ones.
 *
 * <p>Immutable and thread-safe.
 */
public final class Faults {
  private static final Faults NONE = new Faults(FaultSpec.none());

  private final FaultSpec spec;

  private Faults(FaultSpec spec) {
    this.spec = spec;
  }

  /** No faults. */
  public static Faults none() {
    return NONE;
  }

  /**
   * Parses a fault spec; blank or {@code none} is {@link #none()}.
   *
   * @throws IllegalArgumentException naming the column of the problem and listing the valid actions
   *     and scopes
   */
  public static Faults parse(String spec) {
    FaultSpec parsed = FaultSpec.parse(Objects.requireNonNull(spec, "spec"));
    return parsed.isNone() ? NONE : new Faults(parsed);
  }

  /** Whether no rule is set. */
  public boolean isNone() {
    return spec.isNone();
  }

  FaultSpec spec() {
    return spec;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Faults && ((Faults) o).spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  /** The spec in canonical form ({@code none} when empty); {@link #parse} reads it back. */
  @Override
  public String toString() {
    return spec.toString();
  }
}
