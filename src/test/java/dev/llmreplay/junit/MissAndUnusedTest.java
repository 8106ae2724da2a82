package dev.llmreplay.junit;

import static dev.llmreplay.junit.LlmReplayExtensionTest.files;
import static dev.llmreplay.junit.LlmReplayExtensionTest.fixtureName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.KeyRules;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.server.ReplayServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * After each test: misses fail it with the nearest-fixture report; unused fixtures are reported.
 */
class MissAndUnusedTest {
  static final String PKG = "dev.llmreplay.junit.MissAndUnusedTest$";

  @TempDir Path root;

  @Sample
  @LlmReplay
  static class MissSample {
    @Test
    void propagates(OkHttpClient client, LiveApi.Url live) throws IOException {
      LiveApi.ask(client, live.value(), "unrecorded");
    }

    @Test
    void swallows(OkHttpClient client, LiveApi.Url live) {
      try {
        LiveApi.ask(client, live.value(), "unrecorded");
      } catch (IOException e) {
        // As an SDK that retries, logs, or falls back might.
      }
    }

    @Test
    void failsOtherwise(OkHttpClient client, LiveApi.Url live) {
      String answer;
      try {
        answer = LiveApi.ask(client, live.value(), "unrecorded");
      } catch (IOException e) {
        answer = "(no answer)";
      }
      assertThat(answer).isEqualTo("echo: unrecorded");
    }

    @Test
    void throughTheServer(ReplayServer server) throws IOException {
      assertThat(LiveApi.ask(new OkHttpClient(), server.baseUrl(), "unrecorded"))
          .startsWith("404 ");
    }
  }

  /** The miss report for the "unrecorded" prompt, sent by {@code test}, in an empty root. */
  String report(String method, String signature) {
    String hex =
        Access.bridge()
            .keys(KeyRules.defaults())
            .keyOf(
                "POST",
                "/v1/chat/completions",
                null,
                LiveApi.chatBody("unrecorded").getBytes(StandardCharsets.UTF_8))
            .hex();
    Path dir = root.toAbsolutePath().normalize();
    return String.join(
        "\n",
        "No recorded response for POST /v1/chat/completions",
        "  key         " + hex + " (would be recorded as " + hex.substring(0, 12) + ".json)",
        "  recordings  "
            + dir.resolve("MissSample/" + method)
            + " (then "
            + dir.resolve("MissSample")
            + ", "
            + dir
            + ")",
        "  test        " + PKG + "MissSample#" + method + signature,
        "",
        "None of the 3 directories searched holds a fixture.",
        "",
        "To record it, run once with mode record-missing:",
        "  -Dllmreplay.mode=record-missing   or   LLM_REPLAY_MODE=record-missing",
        "  or RecordReplayInterceptor.builder().mode(Mode.RECORD_MISSING)");
  }

  static String header(String method, String signature) {
    return "llm-replay: "
        + PKG
        + "MissSample#"
        + method
        + signature
        + " sent a request that has no recorded response (mode replay):\n\n";
  }

  @Test
  void aMissFailsTheTestWithTheReportAndTheTestName() {
    SampleRun.Results r = SampleRun.of(MissSample.class).dir(root).run();
    assertThat(r.statuses())
        .containsExactly(
            Map.entry("failsOtherwise", "FAILED"),
            Map.entry("propagates", "FAILED"),
            Map.entry("swallows", "FAILED"),
            Map.entry("throughTheServer", "FAILED"));

    // Thrown by the call itself: the interceptor's exception, the test named in it.
    Throwable propagated = r.failure("propagates");
    assertThat(propagated).isInstanceOf(FixtureNotFoundException.class);
    assertThat(propagated.getMessage()).isEqualTo(report("propagates", "(OkHttpClient,Url)"));

    // Swallowed by the test: the extension fails it afterwards.
    assertThat(r.failure("swallows").getMessage())
        .isEqualTo(
            header("swallows", "(OkHttpClient,Url)") + report("swallows", "(OkHttpClient,Url)"));

    // A later failure of the test comes second, as the cause.
    Throwable otherwise = r.failure("failsOtherwise");
    assertThat(otherwise.getMessage())
        .startsWith(
            header("failsOtherwise", "(OkHttpClient,Url)")
                + report("failsOtherwise", "(OkHttpClient,Url)"))
        .contains("\n\nThe test then failed with: org.opentest4j.AssertionFailedError");
    assertThat(otherwise.getCause())
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("\"echo: unrecorded\"");

    // Through the server the client saw a 404; the test still fails with the report.
    assertThat(r.failure("throughTheServer").getMessage())
        .isEqualTo(
            header("throughTheServer", "(ReplayServer)")
                + report("throughTheServer", "(ReplayServer)"));
  }

  @Sample
  @LlmReplay
  static class NearSample {
    @Test
    void asks(OkHttpClient client, LiveApi.Url live, SampleSupport.Prompt prompt)
        throws IOException {
      assertThat(LiveApi.ask(client, live.value(), prompt.value()))
          .isEqualTo("echo: " + prompt.value());
    }
  }

  @Test
  void theReportShowsTheNearestFixtureAlsoFromTheDirectoriesAbove() throws IOException {
    try (LiveApi live = LiveApi.start(0)) {
      SampleRun.Results r =
          SampleRun.of(NearSample.class).dir(root).live(live).mode("record-missing").run();
      assertThat(r.statuses()).as(r.failures()).containsExactly(Map.entry("asks", "SUCCESSFUL"));
    }
    // Shared with the whole class: moved up into the class directory.
    String name = fixtureName("hello");
    Files.move(root.resolve("NearSample/asks/" + name), root.resolve("NearSample/" + name));
    SampleRun.Results r =
        SampleRun.of(NearSample.class).dir(root).with(SampleSupport.PROMPT, "hullo").run();
    Throwable miss = r.failure("asks");
    assertThat(miss).isInstanceOf(FixtureNotFoundException.class);
    assertThat(miss.getMessage())
        .contains(
            "Nearest recorded request: "
                + root.resolve("NearSample/" + name)
                + " (same method and endpoint, 1 field differs)")
        .contains("  changed  /messages/0/content: \"hello\" → \"hullo\"")
        .contains("  test        " + PKG + "NearSample#asks(OkHttpClient,Url,Prompt)");
  }

  @Sample
  @LlmReplay
  static class UnusedSample {
    @Test
    void asksHello(OkHttpClient client, LiveApi.Url live) throws IOException {
      assertThat(LiveApi.ask(client, live.value(), "hello")).isEqualTo("echo: hello");
    }

    @Test
    void asksNothing(OkHttpClient client) {
      assertThat(client.interceptors()).hasSize(1);
    }

    @Test
    @LlmReplay(failOnUnused = true)
    void asksNothingStrictly(OkHttpClient client) {
      assertThat(client.interceptors()).hasSize(1);
    }

    @Test
    @LlmReplay(failOnUnused = true)
    void failsAnyway(OkHttpClient client) {
      fail("boom");
    }
  }

  String unused(String method, String hint) {
    String dir = root.resolve("UnusedSample/" + method).toString();
    return "llm-replay: 1 fixture in "
        + dir
        + " was not used by "
        + PKG
        + "UnusedSample#"
        + method
        + "(OkHttpClient):\n  "
        + dir
        + "/"
        + fixtureName("hello")
        + "\nDelete it if no test needs it any more"
        + hint;
  }

  static final String HINT =
      " (@LlmReplay(failOnUnused = true) or -Dllmreplay.strict=true makes this a failure).";

  @Test
  void unusedFixturesInTheTestsOwnDirectoryAreReportedAndFailItWhenStrict() throws IOException {
    try (LiveApi live = LiveApi.start(0)) {
      SampleRun.Results r =
          SampleRun.of(UnusedSample.class).dir(root).live(live).mode("record-missing").run();
      assertThat(r.statuses().get("asksHello")).isEqualTo("SUCCESSFUL");
    }
    String name = fixtureName("hello");
    for (String m : new String[] {"asksNothing", "asksNothingStrictly", "failsAnyway"}) {
      Files.createDirectories(root.resolve("UnusedSample/" + m));
      Files.copy(
          root.resolve("UnusedSample/asksHello/" + name),
          root.resolve("UnusedSample/" + m + "/" + name));
    }

    SampleRun.Results r = SampleRun.of(UnusedSample.class).dir(root).run();
    assertThat(r.statuses())
        .containsExactly(
            Map.entry("asksHello", "SUCCESSFUL"),
            Map.entry("asksNothing", "SUCCESSFUL"),
            Map.entry("asksNothingStrictly", "FAILED"),
            Map.entry("failsAnyway", "FAILED"));
    assertThat(r.reported("asksHello")).isEmpty();
    assertThat(r.reported("asksNothing"))
        .containsExactly(Map.entry("llm-replay.unused", unused("asksNothing", HINT)));
    assertThat(r.failure("asksNothingStrictly")).hasMessage(unused("asksNothingStrictly", "."));
    // A test that failed anyway is not blamed for what it did not get to use.
    assertThat(r.failure("failsAnyway")).hasMessage("boom").hasNoSuppressedExceptions();

    // -Dllmreplay.strict=true makes every unused fixture a failure ...
    r = SampleRun.of(UnusedSample.class).dir(root).with(Settings.STRICT, "true").run();
    assertThat(r.failure("asksNothing")).hasMessage(unused("asksNothing", "."));
    // ... and strict=false, above the annotation, lets them pass.
    r = SampleRun.of(UnusedSample.class).dir(root).with(Settings.STRICT, "false").run();
    assertThat(r.statuses().get("asksNothingStrictly")).isEqualTo("SUCCESSFUL");
    assertThat(files(root)).hasSize(4);
  }
}
