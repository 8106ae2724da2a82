package dev.llmreplay.internal.config;

import dev.llmreplay.Faults;
import dev.llmreplay.FixtureListener;
import dev.llmreplay.KeyRules;
import dev.llmreplay.Mode;
import dev.llmreplay.Pacing;
import dev.llmreplay.Redactor;
import dev.llmreplay.SecretScanner;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Every record/replay setting, in one immutable value: the one home of the options that {@code
 * RecordReplayInterceptor.Builder}, {@code LlmReplayExtension} (with {@code @LlmReplay}, system
 * properties and environment variables), {@code ReplayServer.Builder}, the CLI and the refresher
 * share. A front end declares an option by delegating to {@link Builder}; its default lives here.
 *
 * @param recordings the directory read first and recorded into
 * @param fallbackRecordings directories read, in order, when {@code recordings} has no fixture for
 *     a request; never written to
 * @param searchSubdirectories whether fixtures in subdirectories are found too
 * @param mode replay, record, record-missing or live
 * @param pacing how fast replayed streams are delivered
 * @param keyRules how requests are keyed, as given (see {@link #effectiveKeyRules()})
 * @param redactor what is blanked out before a fixture is written
 * @param scanner what refuses a fixture write when found
 * @param listener told about every replayed, recorded and missed call
 * @param normalizeVolatileFields whether recorded responses are written with volatile values made
 *     constant
 * @param testName the test making the calls, named in miss reports; null leaves it out
 * @param faults faults injected into what clients receive (never into fixtures)
 * @param recordFailures whether a live stream that fails mid-way is written with its failure
 */
public record ReplaySettings(
    Path recordings,
    List<Path> fallbackRecordings,
    boolean searchSubdirectories,
    Mode mode,
    Pacing pacing,
    KeyRules keyRules,
    Redactor redactor,
    SecretScanner scanner,
    FixtureListener listener,
    boolean normalizeVolatileFields,
    String testName,
    Faults faults,
    boolean recordFailures) {
  private static final ReplaySettings DEFAULTS = new Builder().build();

  public ReplaySettings {
    Objects.requireNonNull(recordings, "recordings");
    fallbackRecordings = List.copyOf(fallbackRecordings);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(pacing, "pacing");
    Objects.requireNonNull(keyRules, "keyRules");
    Objects.requireNonNull(redactor, "redactor");
    Objects.requireNonNull(scanner, "scanner");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(faults, "faults");
  }

  /**
   * {@code recordings/} searched recursively, no fallbacks, {@link Mode#REPLAY}, {@link
   * Pacing#NONE}, default key rules, redactor and scanner, no listener, nothing normalized.
   */
  public static ReplaySettings defaults() {
    return DEFAULTS;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The rules requests are keyed by: the given ones plus the redactor's body fields and query
   * parameters. What the redactor blanks out cannot take part in the key, or a recorded request
   * would never match its live twin again.
   */
  public KeyRules effectiveKeyRules() {
    KeyRules.Builder b = keyRules.newBuilder();
    redactor.bodyFields().stream()
        .filter(p -> !keyRules.ignoredBodyFields().contains(p))
        .forEach(b::ignoreBodyField);
    redactor.queryParams().forEach(b::ignoreQueryParam);
    return b.build();
  }

  /** Collects settings; not thread-safe. Each setter replaces the value, except as noted. */
  public static final class Builder {
    private Path recordings = Path.of("recordings");
    private List<Path> fallbackRecordings = List.of();
    private boolean searchSubdirectories = true;
    private Mode mode = Mode.REPLAY;
    private Pacing pacing = Pacing.NONE;
    private KeyRules keyRules = KeyRules.defaults();
    private Redactor redactor = Redactor.defaults();
    private SecretScanner scanner = SecretScanner.defaults();
    private FixtureListener listener = FixtureListener.NONE;
    private boolean normalizeVolatileFields;
    private String testName;
    private Faults faults = Faults.none();
    private boolean recordFailures;

    private Builder() {}

    private Builder(ReplaySettings s) {
      recordings = s.recordings;
      fallbackRecordings = s.fallbackRecordings;
      searchSubdirectories = s.searchSubdirectories;
      mode = s.mode;
      pacing = s.pacing;
      keyRules = s.keyRules;
      redactor = s.redactor;
      scanner = s.scanner;
      listener = s.listener;
      normalizeVolatileFields = s.normalizeVolatileFields;
      testName = s.testName;
      faults = s.faults;
      recordFailures = s.recordFailures;
    }

    /** Faults injected into what clients receive (default {@link Faults#none()}). */
    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** Whether a live stream that fails mid-way is written with its failure (default false). */
    public Builder recordFailures(boolean record) {
      this.recordFailures = record;
      return this;
    }

    public Builder recordings(Path recordings) {
      this.recordings = Objects.requireNonNull(recordings, "recordings");
      return this;
    }

    public Builder fallbackRecordings(List<Path> dirs) {
      this.fallbackRecordings = List.copyOf(dirs);
      return this;
    }

    public Builder searchSubdirectories(boolean search) {
      this.searchSubdirectories = search;
      return this;
    }

    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder pacing(Pacing pacing) {
      this.pacing = Objects.requireNonNull(pacing, "pacing");
      return this;
    }

    public Builder keyRules(KeyRules keyRules) {
      this.keyRules = Objects.requireNonNull(keyRules, "keyRules");
      return this;
    }

    /**
     * Adds these JSON Pointers to the key rules' ignored body fields.
     *
     * @throws IllegalArgumentException if one is not a valid JSON pointer
     */
    public Builder ignoreBodyFields(List<String> jsonPointers) {
      KeyRules.Builder b = keyRules.newBuilder();
      jsonPointers.forEach(b::ignoreBodyField);
      this.keyRules = b.build();
      return this;
    }

    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    public Builder secretScanner(SecretScanner scanner) {
      this.scanner = Objects.requireNonNull(scanner, "scanner");
      return this;
    }

    public Builder listener(FixtureListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Adds a listener after those already set. */
    public Builder addListener(FixtureListener more) {
      this.listener = Listeners.both(listener, Objects.requireNonNull(more, "listener"));
      return this;
    }

    public Builder normalizeVolatileFields(boolean normalize) {
      this.normalizeVolatileFields = normalize;
      return this;
    }

    public Builder testName(String testName) {
      this.testName = testName;
      return this;
    }

    public ReplaySettings build() {
      return new ReplaySettings(
          recordings,
          fallbackRecordings,
          searchSubdirectories,
          mode,
          pacing,
          keyRules,
          redactor,
          scanner,
          listener,
          normalizeVolatileFields,
          testName,
          faults,
          recordFailures);
    }
  }
}
