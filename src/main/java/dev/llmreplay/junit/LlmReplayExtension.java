package dev.llmreplay.junit;

import dev.llmreplay.Faults;
import dev.llmreplay.FixtureListener;
import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.KeyRules;
import dev.llmreplay.Mode;
import dev.llmreplay.Pacing;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.Redactor;
import dev.llmreplay.SecretScanner;
import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.internal.usage.TestUsage;
import dev.llmreplay.internal.usage.UsageLedger;
import dev.llmreplay.server.ReplayServer;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The JUnit Jupiter extension behind {@link LlmReplay}: gives each test a recording/replaying
 * {@link OkHttpClient}, {@link RecordReplayInterceptor}, {@link ReplayServer} or {@link Recordings}
 * handle as parameters, and checks its recordings when it ends.
 *
 * <p>Each test reads and records fixtures in its own directory, {@code
 * <root>/<TestClass>/<testMethod>/} ({@code @Nested} classes nest; each invocation of a
 * parameterized or repeated test gets a directory of its own), and falls back, for reading only, to
 * each directory above it up to the root. Parameters of constructors and {@code @BeforeAll} methods
 * belong to the class and use the class directory.
 *
 * <p>After each test: a request that found no fixture in {@link Mode#REPLAY} fails the test with
 * the nearest-fixture report; fixtures in its own directory that it did not use are reported, and
 * fail it under {@code failOnUnused} or {@code -Dllmreplay.strict=true}; the fixtures it used and
 * recorded go to the usage ledger ({@value UsageLedger#DEFAULT_LOCATION}, or {@code
 * -Dllmreplay.ledger=PATH}, or {@code off}), written once at the end of the run.
 *
 * <p>Register it with {@link LlmReplay}, or programmatically for settings annotations cannot carry:
 *
 * <pre>{@code
 * @RegisterExtension
 * static LlmReplayExtension llm = LlmReplayExtension.builder()
 *     .redactor(Redactor.defaults().newBuilder().redactBodyField("/user").build())
 *     .build();
 * }</pre>
 *
 * A registered instance takes over from the one {@code @LlmReplay} would add, and annotations still
 * override its settings. Safe under parallel execution: all state lives in the test's {@code
 * ExtensionContext.Store}.
 */
public final class LlmReplayExtension
    implements BeforeEachCallback,
        AfterEachCallback,
        AfterAllCallback,
        ParameterResolver,
        TestExecutionExceptionHandler {
  private static final Set<Class<?>> INJECTABLE =
      Set.of(
          OkHttpClient.class, RecordReplayInterceptor.class, ReplayServer.class, Recordings.class);
  private static final String SESSION = "session";
  private static final System.Logger LOG = System.getLogger(LlmReplayExtension.class.getName());

  private final Settings.Defaults defaults;
  private final Function<String, String> env;
  private final boolean declarative;

  /** The instance {@link LlmReplay} registers: settings from annotations and the environment. */
  public LlmReplayExtension() {
    this(Settings.Defaults.NONE, System::getenv, true);
  }

  /** For tests: reads environment variables from {@code env} instead of the process. */
  LlmReplayExtension(Function<String, String> env) {
    this(Settings.Defaults.NONE, env, false);
  }

  private LlmReplayExtension(
      Settings.Defaults defaults, Function<String, String> env, boolean declarative) {
    this.defaults = defaults;
    this.env = env;
    this.declarative = declarative;
  }

  /** A builder for programmatic registration with {@code @RegisterExtension}. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- callbacks

  /**
   * Resolves the test's settings up front, so that an invalid mode or directory fails every test.
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    if (standsDown(context)) return;
    session(context);
  }

  /**
   * Supports {@code OkHttpClient}, {@code RecordReplayInterceptor}, {@code ReplayServer}, {@code
   * Recordings}.
   */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return INJECTABLE.contains(parameter.getParameter().getType()) && !standsDown(context);
  }

  /** The test's (or, for constructors and {@code @BeforeAll}, the class's) object of that type. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Session session = session(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == OkHttpClient.class) return session.client();
    if (type == RecordReplayInterceptor.class) return session.interceptor();
    if (type == Recordings.class) return session.recordings;
    try {
      return session.server();
    } catch (IOException e) {
      throw new ParameterResolutionException("llm-replay: cannot start the ReplayServer: " + e, e);
    }
  }

  /**
   * A test that failed after a miss fails with the miss report first (its own failure as the
   * cause): an SDK's "404 Not Found" says less than the nearest-fixture diff.
   */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    Session session = existingSession(context);
    if (session == null || standsDown(context)) throw failure;
    List<FixtureNotFoundException> misses = session.recordings.misses();
    if (misses.isEmpty() || !session.claimMissReport()) throw failure;
    if (failure instanceof FixtureNotFoundException)
      throw MissFailure.thrown(session, (FixtureNotFoundException) failure);
    throw MissFailure.afterFailure(session, misses, failure);
  }

  /**
   * Checks the test's misses and unused fixtures, notes its usage, closes its server and client.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    finish(context);
  }

  /** The same for what constructors and {@code @BeforeAll} methods were given. */
  @Override
  public void afterAll(ExtensionContext context) {
    finish(context);
  }

  // ---------------------------------------------------------------- after a test

  private void finish(ExtensionContext context) {
    Session session = existingSession(context);
    if (session == null || standsDown(context)) return;
    // Closed first: the server finishes the exchanges in flight, whose outcomes count below.
    session.close();
    List<String> failures = new ArrayList<>();
    List<FixtureNotFoundException> misses = session.recordings.misses();
    if (!misses.isEmpty() && session.claimMissReport())
      failures.add(MissFailure.message(session, misses));
    if (session.used()) {
      recordUsage(context, session);
      // After a failure unused fixtures are expected; in LIVE mode nothing is ever used.
      boolean checkUnused =
          session.settings.replay.mode() != Mode.LIVE
              && misses.isEmpty()
              && context.getExecutionException().isEmpty();
      if (checkUnused) {
        List<Path> unused = session.recordings.unused();
        if (!unused.isEmpty()) {
          String message = unusedMessage(session, unused);
          context.publishReportEntry("llm-replay.unused", message);
          if (session.settings.failOnUnused) {
            failures.add(message);
          } else {
            LOG.log(System.Logger.Level.WARNING, message);
          }
        }
      }
    }
    if (!failures.isEmpty()) throw new AssertionError(String.join("\n\n", failures));
  }

  private static String unusedMessage(Session session, List<Path> unused) {
    Path projectDir = session.settings.projectDir;
    StringBuilder sb = new StringBuilder("llm-replay: ");
    sb.append(unused.size() == 1 ? "1 fixture" : unused.size() + " fixtures")
        .append(" in ")
        .append(display(projectDir, session.dir))
        .append(unused.size() == 1 ? " was" : " were")
        .append(" not used by ")
        .append(session.scope.id())
        .append(':');
    for (Path p : unused) sb.append("\n  ").append(display(projectDir, p));
    sb.append("\nDelete ")
        .append(unused.size() == 1 ? "it" : "them")
        .append(" if no test needs ")
        .append(unused.size() == 1 ? "it" : "them")
        .append(" any more");
    sb.append(
        session.settings.failOnUnused
            ? "."
            : " (@LlmReplay(failOnUnused = true) or -Dllmreplay.strict=true makes this a"
                + " failure).");
    return sb.toString();
  }

  private static String display(Path projectDir, Path p) {
    return p.startsWith(projectDir)
        ? projectDir.relativize(p).toString().replace(File.separatorChar, '/')
        : p.toString();
  }

  @SuppressWarnings("deprecation") // computeIfAbsent, its successor, arrived in JUnit 6
  private static void recordUsage(ExtensionContext context, Session session) {
    UsageLedger ledger = session.settings.ledger;
    if (ledger == null) return;
    UsageCollector collector =
        context
            .getRoot()
            .getStore(Namespace.create(LlmReplayExtension.class))
            .getOrComputeIfAbsent(
                "usage " + ledger.file(), k -> new UsageCollector(ledger), UsageCollector.class);
    Recordings r = session.recordings;
    collector.add(
        TestUsage.of(
            session.scope.id(),
            r.used().stream().map(ledger::pathOf).collect(Collectors.toList()),
            r.recorded().stream().map(ledger::pathOf).collect(Collectors.toList())));
  }

  // ---------------------------------------------------------------- state

  /** Each context keeps its own session; lookups must not find a parent's. */
  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(Namespace.create(LlmReplayExtension.class, context.getUniqueId()));
  }

  private static Session existingSession(ExtensionContext context) {
    return store(context).get(SESSION, Session.class);
  }

  @SuppressWarnings("deprecation") // computeIfAbsent, its successor, arrived in JUnit 6
  private Session session(ExtensionContext context) {
    Session existing = existingSession(context);
    if (existing != null) return existing;
    // Built outside the store so that an invalid setting fails with its own message.
    Session fresh = new Session(Settings.resolve(context, defaults, env), TestScope.of(context));
    return store(context).getOrComputeIfAbsent(SESSION, k -> fresh, Session.class);
  }

  /**
   * The instance {@code @LlmReplay} adds steps aside when the test class registers one of its own
   * with {@code @RegisterExtension}: two would compete for the same parameters.
   */
  private boolean standsDown(ExtensionContext context) {
    if (!declarative) return false;
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Class<?> type = c.getTestClass().orElse(null);
      for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
        for (Field f : k.getDeclaredFields()) {
          if (f.isAnnotationPresent(RegisterExtension.class)
              && LlmReplayExtension.class.isAssignableFrom(f.getType())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Builds an extension for {@code @RegisterExtension}. Its settings stand below annotations,
   * environment variables and system properties, like a default.
   */
  public static final class Builder {
    /** The record/replay settings: the interceptor builder's, with the same defaults. */
    private final ReplaySettings.Builder replay = ReplaySettings.builder();

    private List<String> ignoreBodyFields;
    private Boolean failOnUnused;
    private String target;
    private Function<String, String> env = System::getenv;

    private Builder() {}

    /** The mode (default {@link Mode#REPLAY}). */
    public Builder mode(Mode mode) {
      replay.mode(mode);
      return this;
    }

    /**
     * The recordings root, relative to the project directory unless absolute (default {@code
     * recordings}).
     */
    public Builder dir(Path dir) {
      replay.recordings(dir);
      return this;
    }

    /**
     * JSON Pointers of request body fields left out of the key, such as {@code /user}, besides
     * those of {@link #keyRules}; {@code @LlmReplay(ignoreBodyFields = ...)} replaces them.
     */
    public Builder ignoreBodyFields(String... jsonPointers) {
      this.ignoreBodyFields = List.of(jsonPointers);
      return this;
    }

    /** How fast replayed streams are delivered (default {@link Pacing#NONE}). */
    public Builder pacing(Pacing pacing) {
      replay.pacing(pacing);
      return this;
    }

    /** Whether unused fixtures in a test's own directory fail it (default false). */
    public Builder failOnUnused(boolean failOnUnused) {
      this.failOnUnused = failOnUnused;
      return this;
    }

    /** The live API an injected {@link ReplayServer} records from. */
    public Builder target(String baseUrl) {
      this.target = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** How requests are keyed (ignored body fields and query parameters, endpoint rule). */
    public Builder keyRules(KeyRules keyRules) {
      replay.keyRules(keyRules);
      return this;
    }

    /** What is blanked out before a fixture is written. */
    public Builder redactor(Redactor redactor) {
      replay.redactor(redactor);
      return this;
    }

    /** What refuses a fixture write when found. */
    public Builder secretScanner(SecretScanner scanner) {
      replay.secretScanner(scanner);
      return this;
    }

    /**
     * Whether recorded responses are written with volatile values made constant (see {@link
     * RecordReplayInterceptor.Builder#normalizeVolatileFields}). Default false.
     */
    public Builder normalizeVolatileFields(boolean normalize) {
      replay.normalizeVolatileFields(normalize);
      return this;
    }

    /**
     * Faults injected into what every test's clients receive (see {@link Faults}); {@code faults}
     * on {@code @LlmReplay} and {@code -Dllmreplay.faults} override it.
     *
     * @throws IllegalArgumentException for an invalid spec, naming the column
     */
    public Builder faults(String spec) {
      return faults(Faults.parse(spec));
    }

    /** Faults injected into what every test's clients receive (default none). */
    public Builder faults(Faults faults) {
      replay.faults(faults);
      return this;
    }

    /**
     * Whether a live stream that fails mid-way while recording is written with its failure (see
     * {@link RecordReplayInterceptor.Builder#recordFailures}). Default false.
     */
    public Builder recordFailures(boolean record) {
      replay.recordFailures(record);
      return this;
    }

    /**
     * Told about every replayed, recorded and missed call of every test, besides the test's own
     * {@link Recordings}.
     */
    public Builder listener(FixtureListener listener) {
      replay.listener(listener);
      return this;
    }

    /** For tests: environment variables come from {@code env}. */
    Builder env(Function<String, String> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /** The extension. */
    public LlmReplayExtension build() {
      return new LlmReplayExtension(
          new Settings.Defaults(replay.build(), ignoreBodyFields, failOnUnused, target),
          env,
          false);
    }
  }
}
