package dev.llmreplay.junit;

import static dev.llmreplay.junit.LlmReplayExtensionTest.files;
import static dev.llmreplay.junit.LlmReplayExtensionTest.fixtureName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where each test's fixtures live: {@code <root>/<Class>/<method>/}, nested classes nested, one
 * directory per invocation; lookups fall back to the directories above, never to siblings; and no
 * name, however hostile, leads outside the root.
 */
class DirectoryLayoutTest {
  @TempDir Path tmp;

  static void publishDir(Recordings recordings, TestReporter reporter) {
    reporter.publishEntry("dir", recordings.directory().toString());
  }

  @Sample
  @LlmReplay
  static class LayoutSample {
    @Test
    void plain(Recordings recordings, TestReporter reporter) {
      publishDir(recordings, reporter);
    }

    @RepeatedTest(2)
    void repeated(Recordings recordings, TestReporter reporter) {
      publishDir(recordings, reporter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"apple", "banana split"})
    void fruit(String fruit, Recordings recordings, TestReporter reporter) {
      publishDir(recordings, reporter);
    }

    @Nested
    class Inner {
      @Test
      void deep(Recordings recordings, TestReporter reporter) {
        publishDir(recordings, reporter);
      }

      @Nested
      class Deeper {
        @Test
        void deepest(Recordings recordings, TestReporter reporter) {
          publishDir(recordings, reporter);
          assertThat(recordings.searchPath())
              .hasSize(5)
              .endsWith(recordings.directory().getParent().getParent().getParent().getParent());
        }
      }
    }
  }

  /** Each test's directory, relative to {@code root}, by test name. */
  static Map<String, String> dirs(SampleRun.Results r, Path root) {
    assertThat(r.statuses().values()).as(r.failures()).containsOnly("SUCCESSFUL");
    Map<String, String> out = new TreeMap<>();
    for (String test : r.statuses().keySet()) {
      out.put(
          test,
          root.relativize(Path.of(r.reported(test).get("dir"))).toString().replace('\\', '/'));
    }
    return out;
  }

  @Test
  void eachTestInvocationAndNestedClassHasItsOwnDirectory() {
    Path root = tmp.resolve("rec");
    Map<String, String> dirs = dirs(SampleRun.of(LayoutSample.class).dir(root).run(), root);
    assertThat(dirs)
        .containsExactly(
            Map.entry("deep", "LayoutSample/Inner/deep"),
            Map.entry("deepest", "LayoutSample/Inner/Deeper/deepest"),
            // The display name, whichever way a JUnit version quotes or names the argument,
            // gives the same directory (the index keeps equal-looking arguments apart).
            Map.entry("fruit[1]", "LayoutSample/fruit/1_apple"),
            Map.entry("fruit[2]", "LayoutSample/fruit/2_banana_split"),
            Map.entry("plain", "LayoutSample/plain"),
            Map.entry("repeated[1]", "LayoutSample/repeated/1_repetition_1_of_2"),
            Map.entry("repeated[2]", "LayoutSample/repeated/2_repetition_2_of_2"));
  }

  static final List<String> HOSTILE =
      List.of(
          "../../escape",
          "..",
          ".",
          "/etc/passwd",
          "C:\\Windows\\System32",
          "a/../../b",
          "CON",
          "nul.txt",
          "%2e%2e%2f",
          "..\\..\\x",
          "~user",
          "$HOME",
          "x".repeat(300),
          "日本語",
          "-rf",
          ".hidden",
          "line\nbreak",
          "tab\there");

  @Sample
  @LlmReplay(mode = Mode.RECORD_MISSING)
  static class HostileNamesSample {
    static Stream<String> names() {
      return HOSTILE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void named(
        String name,
        OkHttpClient client,
        LiveApi.Url live,
        Recordings recordings,
        TestReporter reporter)
        throws IOException {
      publishDir(recordings, reporter);
      assertThat(LiveApi.ask(client, live.value(), name)).isEqualTo("echo: " + name);
    }
  }

  @Test
  void noDisplayNameLeadsOutsideTheRoot() throws IOException {
    Path root = tmp.resolve("deep/inside/rec");
    Map<String, String> dirs;
    try (LiveApi live = LiveApi.start(0)) {
      dirs = dirs(SampleRun.of(HostileNamesSample.class).dir(root).live(live).run(), root);
      assertThat(live.calls()).isEqualTo(HOSTILE.size());
    }
    assertThat(dirs).hasSize(HOSTILE.size());
    assertThat(dirs.values())
        .doesNotHaveDuplicates()
        .allSatisfy(
            d -> assertThat(d).matches("HostileNamesSample/named/[0-9]+(_[A-Za-z0-9._-]+)?"));
    assertThat(dirs)
        .containsEntry("named[1]", "HostileNamesSample/named/1_escape")
        .containsEntry("named[2]", "HostileNamesSample/named/2")
        .containsEntry("named[7]", "HostileNamesSample/named/7_CON");
    // Every recording landed in its invocation's directory, and nothing anywhere else.
    List<String> expected =
        dirs.values().stream()
            .map(d -> "deep/inside/rec/" + d + "/")
            .sorted()
            .collect(Collectors.toList());
    List<String> written = files(tmp);
    assertThat(written).hasSize(HOSTILE.size());
    for (int i = 0; i < HOSTILE.size(); i++) {
      String dir = "deep/inside/rec/" + dirs.get("named[" + (i + 1) + "]") + "/";
      assertThat(written).contains(dir + fixtureName(HOSTILE.get(i)));
    }
    assertThat(written)
        .allSatisfy(f -> assertThat(expected).anySatisfy(d -> assertThat(f).startsWith(d)));
  }

  @Sample
  @LlmReplay
  static class SharedSample {
    @Test
    void asks(OkHttpClient client, LiveApi.Url live, Recordings recordings, TestReporter reporter)
        throws IOException {
      assertThat(LiveApi.ask(client, live.value(), "hello")).isEqualTo("echo: hello");
      reporter.publishEntry("used", recordings.used().toString());
    }
  }

  @Test
  void lookupsFallBackToTheClassDirectoryThenTheRootButNeverToAnotherTest() throws IOException {
    Path root = tmp.resolve("rec");
    try (LiveApi live = LiveApi.start(0)) {
      SampleRun.Results r =
          SampleRun.of(SharedSample.class).dir(root).live(live).mode("record-missing").run();
      assertThat(r.statuses()).as(r.failures()).containsExactly(Map.entry("asks", "SUCCESSFUL"));
    }
    String name = fixtureName("hello");
    Path own = root.resolve("SharedSample/asks/" + name);
    Path inRoot = root.resolve(name);
    Path inClass = root.resolve("SharedSample/" + name);
    Path inSibling = root.resolve("SharedSample/other/" + name);

    Files.move(own, inRoot);
    SampleRun.Results r = SampleRun.of(SharedSample.class).dir(root).run();
    assertThat(r.reported("asks"))
        .as(r.failures())
        .containsExactly(Map.entry("used", List.of(inRoot).toString()));

    Files.copy(inRoot, inClass);
    r = SampleRun.of(SharedSample.class).dir(root).run();
    assertThat(r.reported("asks"))
        .as(r.failures())
        .containsExactly(Map.entry("used", List.of(inClass).toString()));

    Files.createDirectories(inSibling.getParent());
    Files.move(inClass, inSibling);
    Files.delete(inRoot);
    r = SampleRun.of(SharedSample.class).dir(root).run();
    assertThat(r.failure("asks")).isInstanceOf(FixtureNotFoundException.class);
  }
}
