package dev.llmreplay.junit;

import static dev.llmreplay.junit.LlmReplayExtensionTest.files;
import static dev.llmreplay.junit.LlmReplayExtensionTest.fixtureName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.usage.TestUsage;
import dev.llmreplay.internal.usage.UsageLedger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 64 tests in two classes run concurrently (same-class and cross-class) on 8 threads, recording
 * against a slow live API, then replaying without it: each keeps its own client, directory and
 * usage.
 */
class ParallelExecutionTest {
  static final int PER_METHOD = 16;

  @TempDir Path tmp;

  static Stream<String> prompts(String prefix) {
    return IntStream.range(0, PER_METHOD).mapToObj(i -> prefix + "-" + i);
  }

  static void askAndCheck(
      OkHttpClient client, LiveApi.Url live, String prompt, Recordings recordings)
      throws IOException {
    assertThat(LiveApi.ask(client, live.value(), prompt)).isEqualTo("echo: " + prompt);
    assertThat(recordings.requests())
        .singleElement()
        .satisfies(k -> assertThat(k.body().at("/messages/0/content").asText()).isEqualTo(prompt));
    assertThat(recordings.used().size() + recordings.recorded().size()).isEqualTo(1);
  }

  @Sample
  @LlmReplay
  static class ParallelSampleA {
    static Stream<String> a() {
      return prompts("a");
    }

    static Stream<String> b() {
      return prompts("b");
    }

    @ParameterizedTest
    @MethodSource("a")
    void first(String prompt, OkHttpClient client, LiveApi.Url live, Recordings recordings)
        throws IOException {
      askAndCheck(client, live, prompt, recordings);
    }

    @ParameterizedTest
    @MethodSource("b")
    void second(String prompt, OkHttpClient client, LiveApi.Url live, Recordings recordings)
        throws IOException {
      askAndCheck(client, live, prompt, recordings);
    }
  }

  @Sample
  @LlmReplay
  static class ParallelSampleB {
    static Stream<String> c() {
      return prompts("c");
    }

    static Stream<String> d() {
      return prompts("d");
    }

    @ParameterizedTest
    @MethodSource("c")
    void first(String prompt, OkHttpClient client, LiveApi.Url live, Recordings recordings)
        throws IOException {
      askAndCheck(client, live, prompt, recordings);
    }

    @ParameterizedTest
    @MethodSource("d")
    void second(String prompt, OkHttpClient client, LiveApi.Url live, Recordings recordings)
        throws IOException {
      askAndCheck(client, live, prompt, recordings);
    }
  }

  @Test
  void sixtyFourParallelTestsRecordThenReplay() throws IOException {
    Path root = tmp.resolve("rec");
    Path ledgerFile = tmp.resolve("usage.json");
    SampleRun run =
        SampleRun.of(ParallelSampleA.class, ParallelSampleB.class)
            .with("basedir", tmp.toString())
            .dir(root)
            .ledger(ledgerFile)
            .parallel(8);
    int total = 4 * PER_METHOD;
    try (LiveApi live = LiveApi.start(20)) {
      SampleRun.Results recorded = run.live(live).mode("record-missing").run();
      assertThat(recorded.failures()).isEmpty();
      recorded.raw.testEvents().assertStatistics(s -> s.succeeded(total).failed(0));
      assertThat(live.calls()).isEqualTo(total);
      // They really overlapped.
      assertThat(live.maxInFlight()).isGreaterThan(1);
    }

    List<String> expected = new ArrayList<>();
    for (String[] m :
        new String[][] {
          {"ParallelSampleA", "first", "a"},
          {"ParallelSampleA", "second", "b"},
          {"ParallelSampleB", "first", "c"},
          {"ParallelSampleB", "second", "d"}
        }) {
      for (int i = 0; i < PER_METHOD; i++) {
        String prompt = m[2] + "-" + i;
        expected.add(m[0] + "/" + m[1] + "/" + (i + 1) + "_" + prompt + "/" + fixtureName(prompt));
      }
    }
    assertThat(files(root)).containsExactlyInAnyOrderElementsOf(expected);

    SampleRun.Results replayed = run.mode("replay").run();
    assertThat(replayed.failures()).isEmpty();
    replayed.raw.testEvents().assertStatistics(s -> s.succeeded(total).failed(0));

    List<TestUsage> ledger = UsageLedger.at(ledgerFile, tmp).read();
    assertThat(ledger).hasSize(total);
    assertThat(ledger)
        .allSatisfy(u -> assertThat(u.used()).hasSize(1).allMatch(p -> p.startsWith("rec/")));
    assertThat(ledger).allSatisfy(u -> assertThat(u.recorded()).isEmpty());
    assertThat(ledger)
        .contains(
            TestUsage.of(
                "dev.llmreplay.junit.ParallelExecutionTest$ParallelSampleB#second(String,OkHttpClient,Url,Recordings)[3]",
                List.of("rec/ParallelSampleB/second/3_d-2/" + fixtureName("d-2")),
                List.of()));
  }
}
