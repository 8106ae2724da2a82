package dev.llmreplay.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.Mode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which mode and directory a test gets: system property (or configuration parameter), then
 * environment variable, then the nearest annotation, then the default; invalid values fail the test
 * naming their source.
 */
class ModeResolutionTest {
  static final String MODE_ERROR =
      ": unknown llm-replay mode 'bogus': use one of replay, record, record-missing (or"
          + " record-if-missing), live";

  @TempDir Path project;

  /** Publishes the mode and the directory (relative to the project) the test got. */
  static void publish(Recordings recordings, TestReporter reporter) {
    reporter.publishEntry("mode", recordings.mode().id());
    reporter.publishEntry("dir", recordings.directory().toString());
  }

  @Sample
  @LlmReplay(mode = Mode.RECORD_MISSING, dir = "class-dir")
  static class AnnotatedSample {
    @Test
    void inherits(Recordings recordings, TestReporter reporter) {
      publish(recordings, reporter);
    }

    @Test
    @LlmReplay(mode = Mode.LIVE)
    void overrides(Recordings recordings, TestReporter reporter) {
      publish(recordings, reporter);
    }

    @Nested
    class Inner {
      @Test
      void fromTheEnclosingClass(Recordings recordings, TestReporter reporter) {
        publish(recordings, reporter);
      }
    }
  }

  @Sample
  @LlmReplay
  static class DefaultSample {
    @Test
    void defaults(Recordings recordings, TestReporter reporter) {
      publish(recordings, reporter);
    }
  }

  SampleRun inProject(Class<?>... samples) {
    return SampleRun.of(samples).with("basedir", project.toString());
  }

  Map<String, String> got(SampleRun.Results r, String test) {
    assertThat(r.statuses().get(test)).as(r.failures()).isEqualTo("SUCCESSFUL");
    return r.reported(test);
  }

  @Test
  void theAnnotationNearestTheTestWinsAttributeByAttribute() {
    SampleRun.Results r = inProject(AnnotatedSample.class, DefaultSample.class).run();
    assertThat(got(r, "inherits"))
        .containsExactly(
            Map.entry("dir", project.resolve("class-dir/AnnotatedSample/inherits").toString()),
            Map.entry("mode", "record-missing"));
    assertThat(got(r, "overrides"))
        .containsExactly(
            Map.entry("dir", project.resolve("class-dir/AnnotatedSample/overrides").toString()),
            Map.entry("mode", "live"));
    assertThat(got(r, "fromTheEnclosingClass"))
        .containsExactly(
            Map.entry(
                "dir",
                project
                    .resolve("class-dir/AnnotatedSample/Inner/fromTheEnclosingClass")
                    .toString()),
            Map.entry("mode", "record-missing"));
    assertThat(got(r, "defaults"))
        .containsExactly(
            Map.entry("dir", project.resolve("recordings/DefaultSample/defaults").toString()),
            Map.entry("mode", "replay"));
  }

  @Test
  void theSystemPropertyWinsOverEverything() {
    SampleRun.Results r =
        inProject(AnnotatedSample.class).mode("RECORD").with(Settings.DIR, "elsewhere").run();
    assertThat(got(r, "overrides"))
        .containsExactly(
            Map.entry("dir", project.resolve("elsewhere/AnnotatedSample/overrides").toString()),
            Map.entry("mode", "record"));
  }

  @Test
  void withoutBasedirTheMultiModuleRootIsTheProjectDirectory() {
    SampleRun.Results r =
        SampleRun.of(DefaultSample.class)
            .with("basedir", "")
            .with("maven.multiModuleProjectDirectory", project.toString())
            .run();
    assertThat(got(r, "defaults"))
        .containsEntry("dir", project.resolve("recordings/DefaultSample/defaults").toString());
  }

  @Sample
  static class EnvSample {
    @RegisterExtension
    static LlmReplayExtension llm =
        new LlmReplayExtension(
            Map.of("LLM_REPLAY_MODE", "record-if-missing", "LLM_REPLAY_DIR", "/tmp/env-dir")::get);

    @Test
    @LlmReplay(mode = Mode.LIVE, dir = "annotated")
    void environmentOverAnnotation(Recordings recordings, TestReporter reporter) {
      publish(recordings, reporter);
    }
  }

  @Test
  void theEnvironmentWinsOverTheAnnotationAndLosesToTheSystemProperty() {
    SampleRun.Results r = inProject(EnvSample.class).run();
    assertThat(got(r, "environmentOverAnnotation"))
        .containsExactly(
            Map.entry("dir", "/tmp/env-dir/EnvSample/environmentOverAnnotation"),
            Map.entry("mode", "record-missing"));
    r = inProject(EnvSample.class).mode("replay").run();
    assertThat(got(r, "environmentOverAnnotation")).containsEntry("mode", "replay");
  }

  @Sample
  static class BadEnvSample {
    @RegisterExtension
    static LlmReplayExtension llm = new LlmReplayExtension(Map.of("LLM_REPLAY_MODE", "bogus")::get);

    @Test
    void anyTest() {}
  }

  @Sample
  @LlmReplay
  static class BadAnnotationSample {
    @Test
    @LlmReplay(pacing = "slow")
    void badPacing() {}

    @Test
    @LlmReplay(mode = {Mode.REPLAY, Mode.RECORD})
    void twoModes() {}

    @Test
    @LlmReplay(ignoreBodyFields = "user")
    void badPointer() {}

    @Test
    void fine() {}
  }

  @Test
  void anInvalidValueFailsTheTestNamingWhereItCameFrom() {
    SampleRun.Results r = SampleRun.of(BadEnvSample.class).run();
    assertThat(r.failure("anyTest"))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessage("llm-replay: environment variable LLM_REPLAY_MODE=bogus" + MODE_ERROR);

    r = SampleRun.of(BadAnnotationSample.class).mode("bogus").run();
    assertThat(r.statuses().values()).containsOnly("FAILED");
    assertThat(r.failure("fine"))
        .hasMessage("llm-replay: system property llmreplay.mode=bogus" + MODE_ERROR);

    r = SampleRun.of(BadAnnotationSample.class).with(Settings.STRICT, "maybe").run();
    assertThat(r.failure("fine"))
        .hasMessage(
            "llm-replay: system property llmreplay.strict=maybe: 'maybe' is not a boolean: use true"
                + " or false");

    r = SampleRun.of(BadAnnotationSample.class).run();
    assertThat(r.statuses())
        .containsExactly(
            Map.entry("badPacing", "FAILED"),
            Map.entry("badPointer", "FAILED"),
            Map.entry("fine", "SUCCESSFUL"),
            Map.entry("twoModes", "FAILED"));
    assertThat(r.failure("badPacing"))
        .hasMessage(
            "llm-replay: @LlmReplay(pacing) on BadAnnotationSample.badPacing(): unknown pacing"
                + " 'slow': use none, recorded, recorded:<scale> or fixed:<n>ms");
    assertThat(r.failure("twoModes"))
        .hasMessage(
            "llm-replay: @LlmReplay(mode) on BadAnnotationSample.twoModes(): give at most one mode,"
                + " not [REPLAY, RECORD]");
    assertThat(r.failure("badPointer"))
        .hasMessage(
            "llm-replay: ignoreBodyFields [user]: ignoreBodyField: JSON pointer must start with"
                + " '/', e.g. \"/user\"; got \"user\"");
  }
}
