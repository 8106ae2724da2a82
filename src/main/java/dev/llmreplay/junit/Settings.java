package dev.llmreplay.junit;

import dev.llmreplay.Faults;
import dev.llmreplay.Mode;
import dev.llmreplay.Pacing;
import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.internal.usage.UsageLedger;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The settings in force for one test or test class, resolved highest first from: the system
 * property (or JUnit configuration parameter), the environment variable, the nearest {@link
 * LlmReplay} annotation that sets the attribute, the registered extension's builder, the default.
 * Blank values count as unset. Immutable.
 */
final class Settings {
  static final String MODE = "llmreplay.mode";
  static final String DIR = "llmreplay.dir";
  static final String PACING = "llmreplay.pacing";
  static final String STRICT = "llmreplay.strict";
  static final String TARGET = "llmreplay.target";
  static final String LEDGER = "llmreplay.ledger";
  static final String NORMALIZE = "llmreplay.normalize";

  /**
   * The record/replay settings, {@code recordings} being the root; each test's session narrows them
   * to its own directory.
   */
  final ReplaySettings replay;

  static final String FAULTS = "llmreplay.faults";
  static final String RECORD_FAILURES = "llmreplay.recordFailures";

  final boolean failOnUnused;
  final String target;
  final Path projectDir;

  /** Null when the ledger is switched off. */
  final UsageLedger ledger;

  /**
   * What a programmatically registered extension sets: record/replay settings (the defaults unless
   * given; {@code recordings} is the root, relative to the project directory) and the extension's
   * own, where null is unset.
   */
  record Defaults(
      ReplaySettings replay, List<String> ignoreBodyFields, Boolean failOnUnused, String target) {
    static final Defaults NONE = new Defaults(ReplaySettings.defaults(), null, null, null);
  }

  private Settings(Resolver r, Defaults d) {
    this.projectDir = r.projectDir();
    ReplaySettings given = d.replay();
    Mode mode =
        r.pick(
            MODE,
            "LLM_REPLAY_MODE",
            Mode::parse,
            "mode",
            Settings::annotatedMode,
            given.mode(),
            Mode.REPLAY);
    Path dir =
        r.pick(
            DIR,
            "LLM_REPLAY_DIR",
            Path::of,
            "dir",
            a -> blankToNull(a.dir(), Path::of),
            given.recordings(),
            Path.of("recordings"));
    Pacing pacing =
        r.pick(
            PACING,
            "LLM_REPLAY_PACING",
            Pacing::parse,
            "pacing",
            a -> blankToNull(a.pacing(), Pacing::parse),
            given.pacing(),
            Pacing.NONE);
    boolean normalize =
        r.pick(
            NORMALIZE,
            "LLM_REPLAY_NORMALIZE",
            Settings::parseBoolean,
            "normalizeVolatileFields",
            a -> oneBoolean(a.normalizeVolatileFields()),
            given.normalizeVolatileFields(),
            false);
    this.failOnUnused =
        r.pick(
            STRICT,
            "LLM_REPLAY_STRICT",
            Settings::parseBoolean,
            "failOnUnused",
            a -> oneBoolean(a.failOnUnused()),
            d.failOnUnused(),
            false);
    this.target =
        r.pick(
            TARGET,
            "LLM_REPLAY_TARGET",
            s -> s,
            "target",
            a -> blankToNull(a.target(), s -> s),
            d.target(),
            null);
    Faults faults =
        r.pick(
            FAULTS,
            "LLM_REPLAY_FAULTS",
            Faults::parse,
            "faults",
            a -> blankToNull(a.faults(), Faults::parse),
            given.faults(),
            Faults.none());
    boolean recordFailures =
        r.pick(
            RECORD_FAILURES,
            "LLM_REPLAY_RECORD_FAILURES",
            Settings::parseBoolean,
            "recordFailures",
            a -> oneBoolean(a.recordFailures()),
            given.recordFailures(),
            false);
    List<String> ignored =
        r.pick(
            null,
            null,
            null,
            "ignoreBodyFields",
            a -> a.ignoreBodyFields().length == 0 ? null : List.of(a.ignoreBodyFields()),
            d.ignoreBodyFields(),
            List.of());
    ReplaySettings.Builder replay =
        given.toBuilder()
            .recordings(projectDir.resolve(dir).toAbsolutePath().normalize())
            .mode(mode)
            .pacing(pacing)
            .normalizeVolatileFields(normalize)
            .faults(faults)
            .recordFailures(recordFailures);
    try {
      replay.ignoreBodyFields(ignored);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "llm-replay: ignoreBodyFields " + ignored + ": " + e.getMessage(), e);
    }
    this.replay = replay.build();
    String ledgerValue =
        r.find(LEDGER, "LLM_REPLAY_LEDGER").map(Found::value).orElse(UsageLedger.DEFAULT_LOCATION);
    this.ledger =
        ledgerValue.equalsIgnoreCase("off")
            ? null
            : UsageLedger.at(projectDir.resolve(ledgerValue), projectDir);
  }

  /**
   * Resolves the settings for a context.
   *
   * @throws ExtensionConfigurationException naming the source of an invalid value
   */
  static Settings resolve(
      ExtensionContext context, Defaults defaults, Function<String, String> env) {
    return new Settings(new Resolver(context, env), defaults);
  }

  private static Mode annotatedMode(LlmReplay a) {
    if (a.mode().length > 1)
      throw new IllegalArgumentException("give at most one mode, not " + Arrays.toString(a.mode()));
    return a.mode().length == 0 ? null : a.mode()[0];
  }

  /** An optional boolean attribute: at most one value, none for unset. */
  private static Boolean oneBoolean(boolean[] values) {
    if (values.length > 1) throw new IllegalArgumentException("give at most one value");
    return values.length == 0 ? null : values[0];
  }

  private static Boolean parseBoolean(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) return true;
    if (v.equals("false")) return false;
    throw new IllegalArgumentException("'" + s + "' is not a boolean: use true or false");
  }

  private static <T> T blankToNull(String s, Function<String, T> parse) {
    return s.isBlank() ? null : parse.apply(s);
  }

  /** A value and where it came from. */
  record Found(String value, String source) {}

  /** Looks values up along the chain for one context. */
  private static final class Resolver {
    private final ExtensionContext context;
    private final Function<String, String> env;
    private final List<LlmReplay> annotations = new ArrayList<>();
    private final List<String> annotationPlaces = new ArrayList<>();

    Resolver(ExtensionContext context, Function<String, String> env) {
      this.context = context;
      this.env = env;
      // Nearest first: the method (or invocation), its class, then the enclosing classes.
      AnnotatedElement last = null;
      for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
        AnnotatedElement e = c.getElement().orElse(null);
        if (e == null || e.equals(last)) continue;
        last = e;
        Optional<LlmReplay> a = AnnotationSupport.findAnnotation(e, LlmReplay.class);
        if (a.isPresent()) {
          annotations.add(a.get());
          annotationPlaces.add(place(e));
        }
      }
    }

    private static String place(AnnotatedElement e) {
      if (e instanceof Method) {
        Method m = (Method) e;
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()";
      }
      return e instanceof Class ? ((Class<?>) e).getSimpleName() : e.toString();
    }

    /**
     * The project directory: Maven's basedir, else the multi-module root, else the working
     * directory.
     */
    Path projectDir() {
      for (String p : List.of("basedir", "maven.multiModuleProjectDirectory")) {
        Optional<String> v = context.getConfigurationParameter(p).filter(s -> !s.isBlank());
        if (v.isPresent()) return Path.of(v.get()).toAbsolutePath().normalize();
      }
      return Path.of("").toAbsolutePath();
    }

    /** The property (configuration parameter or system property), else the environment variable. */
    Optional<Found> find(String property, String envVar) {
      if (property != null) {
        Optional<String> v = context.getConfigurationParameter(property).filter(s -> !s.isBlank());
        if (v.isPresent()) return Optional.of(new Found(v.get(), "system property " + property));
      }
      if (envVar != null) {
        String v = env.apply(envVar);
        if (v != null && !v.isBlank())
          return Optional.of(new Found(v, "environment variable " + envVar));
      }
      return Optional.empty();
    }

    <T> T pick(
        String property,
        String envVar,
        Function<String, T> parse,
        String attribute,
        Function<LlmReplay, T> fromAnnotation,
        T builderValue,
        T fallback) {
      Optional<Found> found = find(property, envVar);
      if (found.isPresent()) {
        try {
          return parse.apply(found.get().value());
        } catch (RuntimeException e) {
          throw invalid(found.get().source() + "=" + found.get().value(), e);
        }
      }
      for (int i = 0; i < annotations.size(); i++) {
        T v;
        try {
          v = fromAnnotation.apply(annotations.get(i));
        } catch (RuntimeException e) {
          throw invalid("@LlmReplay(" + attribute + ") on " + annotationPlaces.get(i), e);
        }
        if (v != null) return v;
      }
      return builderValue != null ? builderValue : fallback;
    }

    private static ExtensionConfigurationException invalid(String where, RuntimeException e) {
      return new ExtensionConfigurationException("llm-replay: " + where + ": " + e.getMessage(), e);
    }
  }
}
