package dev.llmreplay;

import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.internal.replay.Replayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * An OkHttp application interceptor that records LLM API calls to JSON fixtures and replays them.
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .addInterceptor(RecordReplayInterceptor.builder()
 *         .recordings(Path.of("recordings"))
 *         .mode(Mode.REPLAY)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Each request is identified by its {@link RequestKey} (method, endpoint and JSON body, hashed
 * the way llama-stack does). In {@link Mode#REPLAY} a miss throws {@link FixtureNotFoundException};
 * the network is never touched. Recording tees the live response: the client reads every chunk as
 * it arrives while the fixture is built, and the fixture is written (atomically, redacted, scanned
 * for secrets) when the body ends.
 *
 * <p>{@link Builder#faults(String) Faults} change what the caller receives (error statuses, cut or
 * stalled streams) without changing any fixture; their call counters belong to this instance.
 *
 * <p>One instance may serve many threads and clients. It holds the fixture index of its recordings
 * directory, built on first use; a {@code ReplayServer} built around it answers from that same
 * index.
 */
public final class RecordReplayInterceptor implements Interceptor {
  private final Replayer replayer;

  /** Over an existing facade: the JUnit extension and the CLI build theirs from full settings. */
  RecordReplayInterceptor(Replayer replayer) {
    this.replayer = Objects.requireNonNull(replayer, "replayer");
  }

  /** A facade, with its own index, over these settings. */
  static Replayer newReplayer(ReplaySettings s) {
    return new Replayer(
        s,
        s.effectiveKeyRules().keys(),
        s.redactor().redaction(),
        s.scanner().scanner(),
        s.faults().spec());
  }

  /** A builder with defaults: {@code recordings/}, {@link Mode#REPLAY}, {@link Pacing#NONE}. */
  public static Builder builder() {
    return new Builder(ReplaySettings.defaults());
  }

  /** A builder with this interceptor's settings (the new interceptor gets its own index). */
  public Builder newBuilder() {
    return new Builder(replayer.settings());
  }

  /** The mode calls are answered in. */
  public Mode mode() {
    return replayer.settings().mode();
  }

  /** The recordings directory: searched first, and where new fixtures are recorded. */
  public Path recordings() {
    return replayer.settings().recordings();
  }

  /** How fast replayed streams are delivered. */
  public Pacing pacing() {
    return replayer.settings().pacing();
  }

  /** The faults injected into what clients receive ({@link Faults#none()} by default). */
  public Faults faults() {
    return replayer.settings().faults();
  }

  /** Whether a live stream that fails mid-way is written with its failure. */
  public boolean recordsFailures() {
    return replayer.settings().recordFailures();
  }

  /** Whether recorded responses are written with volatile values normalized. */
  public boolean normalizesVolatileFields() {
    return replayer.settings().normalizeVolatileFields();
  }

  /**
   * The rules requests are keyed by: those given to the builder, plus the redactor's body fields
   * and query parameters (what is redacted cannot take part in the key).
   */
  public KeyRules keyRules() {
    return replayer.settings().effectiveKeyRules();
  }

  Replayer replayer() {
    return replayer;
  }

  /** Answers from the recordings, or records, as the mode says. */
  @Override
  public Response intercept(Chain chain) throws IOException {
    return replayer.intercept(chain);
  }

  @Override
  public String toString() {
    return "RecordReplayInterceptor(" + recordings() + ", " + mode().id() + ")";
  }

  /** Builds a {@link RecordReplayInterceptor}. */
  public static final class Builder {
    private final ReplaySettings.Builder settings;

    private Builder(ReplaySettings settings) {
      this.settings = settings.toBuilder();
    }

    /** The recordings directory (searched recursively; new fixtures go to its top level). */
    public Builder recordings(Path recordings) {
      settings.recordings(recordings);
      return this;
    }

    /** The mode (default {@link Mode#REPLAY}). */
    public Builder mode(Mode mode) {
      settings.mode(mode);
      return this;
    }

    /** How fast replayed streams are delivered (default {@link Pacing#NONE}). */
    public Builder pacing(Pacing pacing) {
      settings.pacing(pacing);
      return this;
    }

    /** How requests are keyed (ignored body fields, query parameters, endpoint rule). */
    public Builder keyRules(KeyRules keyRules) {
      settings.keyRules(keyRules);
      return this;
    }

    /**
     * Shortcut: leaves these JSON Pointers (e.g. {@code /user}) out of the key, in addition to
     * those of {@link #keyRules}.
     *
     * @throws IllegalArgumentException if one is not a valid JSON pointer
     */
    public Builder ignoreBodyFields(String... jsonPointers) {
      settings.ignoreBodyFields(List.of(jsonPointers));
      return this;
    }

    /** What is blanked out before a fixture is written (defaults: auth headers, cookies). */
    public Builder redactor(Redactor redactor) {
      settings.redactor(redactor);
      return this;
    }

    /** What refuses a fixture write when found (defaults: API key and token shapes). */
    public Builder secretScanner(SecretScanner scanner) {
      settings.secretScanner(scanner);
      return this;
    }

    /**
     * When true, recorded responses are written with their volatile values made constant (ids
     * {@code rec-<hash>}, {@code created: 0}, request-id headers), so re-recording an unchanged
     * answer does not change the fixture. The live client still sees the response as sent. Default
     * false.
     */
    public Builder normalizeVolatileFields(boolean normalize) {
      settings.normalizeVolatileFields(normalize);
      return this;
    }

    /** Told about every replayed, recorded and missed call (replaces earlier listeners). */
    public Builder listener(FixtureListener listener) {
      settings.listener(listener);
      return this;
    }

    /** Adds a listener after those already set. */
    public Builder addListener(FixtureListener more) {
      settings.addListener(more);
      return this;
    }

    /**
     * Faults injected into what clients receive, as a spec such as {@code
     * "status=429,retry-after=0@first=2"} (see {@link Faults}); replaces earlier faults.
     *
     * @throws IllegalArgumentException for an invalid spec, naming the column
     */
    public Builder faults(String spec) {
      return faults(Faults.parse(spec));
    }

    /** Faults injected into what clients receive (default {@link Faults#none()}). */
    public Builder faults(Faults faults) {
      settings.faults(faults);
      return this;
    }

    /**
     * When true, a live stream that fails mid-way (connection reset, a clean end without the
     * terminal event, a read timeout) is written with the events received and a {@code "failure"}
     * block, and replays as those events and the same failure. Default false: nothing is written.
     */
    public Builder recordFailures(boolean record) {
      settings.recordFailures(record);
      return this;
    }

    /** The interceptor, with a fixture index of its own. */
    public RecordReplayInterceptor build() {
      return new RecordReplayInterceptor(newReplayer(settings.build()));
    }
  }
}
