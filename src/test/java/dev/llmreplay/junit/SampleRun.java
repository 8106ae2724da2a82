package dev.llmreplay.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * Runs {@link Sample} classes in a Jupiter engine of their own (EngineTestKit) with the given
 * llm-replay settings as configuration parameters. The settings this JVM may carry as system
 * properties are blanked, so a sample sees only what the test gives it; the ledger is off unless
 * asked for.
 */
final class SampleRun {
  private final List<Class<?>> classes;
  private final Map<String, String> params = new LinkedHashMap<>();

  private SampleRun(List<Class<?>> classes) {
    this.classes = classes;
    params.put(SampleSupport.ENABLED, "true");
    for (String p :
        List.of(
            Settings.MODE,
            Settings.DIR,
            Settings.PACING,
            Settings.STRICT,
            Settings.TARGET,
            Settings.NORMALIZE)) {
      params.put(p, "");
    }
    params.put(Settings.LEDGER, "off");
  }

  static SampleRun of(Class<?>... classes) {
    return new SampleRun(List.of(classes));
  }

  SampleRun with(String key, String value) {
    params.put(key, value);
    return this;
  }

  SampleRun dir(Path root) {
    return with(Settings.DIR, root.toString());
  }

  SampleRun mode(String mode) {
    return with(Settings.MODE, mode);
  }

  SampleRun live(LiveApi live) {
    return with(SampleSupport.LIVE, live.url()).with(Settings.TARGET, live.url());
  }

  SampleRun ledger(Path file) {
    return with(Settings.LEDGER, file.toString());
  }

  /** Runs tests concurrently, same-class and across classes, on {@code threads} threads. */
  SampleRun parallel(int threads) {
    return with("junit.jupiter.execution.parallel.enabled", "true")
        .with("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .with("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .with("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .with("junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(threads));
  }

  Results run() {
    EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter");
    classes.forEach(c -> kit.selectors(selectClass(c)));
    params.forEach(kit::configurationParameter);
    return new Results(kit.execute());
  }

  /** What a sample run did, by test name ({@code method} or {@code method[3]} for invocations). */
  static final class Results {
    final EngineExecutionResults raw;

    Results(EngineExecutionResults raw) {
      this.raw = raw;
    }

    /** Each finished test: its name and status, such as {@code asks=SUCCESSFUL}. */
    Map<String, String> statuses() {
      return raw.testEvents().finished().stream()
          .collect(
              Collectors.toMap(
                  e -> name(e.getTestDescriptor()),
                  e -> result(e).getStatus().toString(),
                  (a, b) -> a + "," + b,
                  TreeMap::new));
    }

    /** Every failed test with its failure, for assertion messages. */
    String failures() {
      StringBuilder sb = new StringBuilder();
      raw.allEvents().finished().stream()
          .filter(e -> result(e).getThrowable().isPresent())
          .forEach(
              e -> {
                java.io.StringWriter w = new java.io.StringWriter();
                result(e).getThrowable().get().printStackTrace(new java.io.PrintWriter(w));
                sb.append(name(e.getTestDescriptor())).append(": ").append(w).append('\n');
              });
      return sb.toString();
    }

    /** The failure of a test. */
    Throwable failure(String test) {
      return raw.testEvents().finished().stream()
          .filter(e -> name(e.getTestDescriptor()).equals(test))
          .map(e -> result(e).getThrowable())
          .flatMap(Optional::stream)
          .findFirst()
          .orElseThrow(() -> new AssertionError(test + " did not fail: " + statuses()));
    }

    /** The report entries a test published, key to value. */
    Map<String, String> reported(String test) {
      Map<String, String> out = new TreeMap<>();
      raw.allEvents().stream()
          .filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
          .filter(e -> name(e.getTestDescriptor()).equals(test))
          .map(e -> e.getRequiredPayload(ReportEntry.class))
          .forEach(r -> out.putAll(r.getKeyValuePairs()));
      return out;
    }

    /** The failures of containers (classes, engine), as messages. */
    List<String> containerFailures() {
      return raw.containerEvents().failed().stream()
          .map(e -> result(e).getThrowable().map(Throwable::toString).orElse("?"))
          .collect(Collectors.toList());
    }

    private static TestExecutionResult result(Event e) {
      return e.getRequiredPayload(TestExecutionResult.class);
    }

    static String name(TestDescriptor d) {
      String name =
          d.getSource()
              .filter(MethodSource.class::isInstance)
              .map(s -> ((MethodSource) s).getMethodName())
              .orElse(d.getDisplayName());
      UniqueId.Segment last = d.getUniqueId().getLastSegment();
      if (last.getType().endsWith("-invocation")) name += "[" + last.getValue().substring(1) + "]";
      return name;
    }
  }
}
