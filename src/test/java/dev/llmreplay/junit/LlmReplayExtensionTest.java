package dev.llmreplay.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmreplay.KeyRules;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.usage.TestUsage;
import dev.llmreplay.internal.usage.UsageLedger;
import dev.llmreplay.server.ReplayServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The extension end to end: sample classes recorded against a live stand-in, then replayed. */
class LlmReplayExtensionTest {
  static final String PKG = "dev.llmreplay.junit.LlmReplayExtensionTest$";

  @TempDir Path project;

  /** The fixture file name the chat request for {@code prompt} is recorded under. */
  static String fixtureName(String prompt) {
    RequestKey key =
        Access.bridge()
            .keys(KeyRules.defaults())
            .keyOf(
                "POST",
                "/v1/chat/completions",
                null,
                LiveApi.chatBody(prompt).getBytes(StandardCharsets.UTF_8));
    return key.shortHex() + ".json";
  }

  /** Every regular file under {@code dir}, as relative paths with {@code /}. */
  static List<String> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Sample
  @LlmReplay
  static class ChatSample {
    @Test
    void asks(OkHttpClient client, LiveApi.Url live, Recordings recordings) throws IOException {
      assertThat(LiveApi.ask(client, live.value(), "hello")).isEqualTo("echo: hello");
      assertThat(recordings.requests())
          .singleElement()
          .satisfies(
              k -> assertThat(k.body().at("/messages/0/content").asText()).isEqualTo("hello"));
    }
  }

  @Test
  void recordsIntoTheTestsOwnDirectoryThenReplaysOfflineAndKeepsTheLedger() throws IOException {
    String fixture = "recordings/ChatSample/asks/" + fixtureName("hello");
    // The default root and ledger are under the project directory (Maven's basedir).
    SampleRun run =
        SampleRun.of(ChatSample.class)
            .with("basedir", project.toString())
            .with(Settings.LEDGER, "");
    try (LiveApi live = LiveApi.start(0)) {
      SampleRun.Results recorded = run.live(live).mode("record-missing").run();
      assertThat(recorded.statuses())
          .as(recorded.failures())
          .containsExactly(Map.entry("asks", "SUCCESSFUL"));
      assertThat(live.calls()).isEqualTo(1);
    }
    assertThat(files(project))
        .containsExactly(
            fixture, "target/llm-replay/usage.json", "target/llm-replay/usage.json.lock");
    UsageLedger ledger = UsageLedger.inProject(project);
    String test = PKG + "ChatSample#asks(OkHttpClient,Url,Recordings)";
    assertThat(ledger.read()).containsExactly(TestUsage.of(test, List.of(), List.of(fixture)));

    // The live API is gone: the default mode, replay, answers from the fixture.
    SampleRun.Results replayed = run.mode("").run();
    assertThat(replayed.statuses())
        .as(replayed.failures())
        .containsExactly(Map.entry("asks", "SUCCESSFUL"));
    assertThat(ledger.read()).containsExactly(TestUsage.of(test, List.of(fixture), List.of()));
    assertThat(ledger.referencedFiles())
        .containsExactly(project.resolve(fixture).toAbsolutePath().normalize());
  }

  @Sample
  @LlmReplay
  static class InjectionSample {
    final OkHttpClient classClient;
    final Recordings classRecordings;
    OkHttpClient beforeEachClient;

    InjectionSample(OkHttpClient client, Recordings recordings) {
      this.classClient = client;
      this.classRecordings = recordings;
    }

    @BeforeEach
    void setUp(OkHttpClient client) {
      beforeEachClient = client;
    }

    @Test
    void oneClientPerTest(
        OkHttpClient client,
        RecordReplayInterceptor interceptor,
        Recordings recordings,
        TestReporter reporter) {
      assertThat(client).isSameAs(beforeEachClient).isNotSameAs(classClient);
      assertThat(client.interceptors()).containsExactly(interceptor);
      assertThat(interceptor.recordings()).isEqualTo(recordings.directory());
      assertThat(interceptor.mode()).isEqualTo(Mode.REPLAY);
      assertThat(recordings.searchPath())
          .containsExactly(
              recordings.directory(),
              recordings.directory().getParent(),
              recordings.directory().getParent().getParent());
      reporter.publishEntry("dir", recordings.directory().toString());
      reporter.publishEntry("classDir", classRecordings.directory().toString());
    }

    @Test
    void serverStartsOnLoopback(ReplayServer server, TestReporter reporter) {
      assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
      reporter.publishEntry("port", String.valueOf(server.port()));
    }
  }

  @Test
  void injectsPerTestObjectsIntoLifecycleAndTestMethodsAndPerClassOnesIntoTheConstructor() {
    Path root = project.resolve("rec");
    SampleRun.Results r = SampleRun.of(InjectionSample.class).dir(root).run();
    assertThat(r.statuses())
        .as(r.failures())
        .containsExactly(
            Map.entry("oneClientPerTest", "SUCCESSFUL"),
            Map.entry("serverStartsOnLoopback", "SUCCESSFUL"));
    assertThat(r.reported("oneClientPerTest"))
        .containsEntry("dir", root.resolve("InjectionSample/oneClientPerTest").toString())
        .containsEntry("classDir", root.resolve("InjectionSample").toString());
    int port = Integer.parseInt(r.reported("serverStartsOnLoopback").get("port"));
    // Closed after the test.
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Sample
  @LlmReplay
  static class ServerSample {
    @Test
    void throughTheServer(ReplayServer server) throws IOException {
      OkHttpClient plain = new OkHttpClient();
      assertThat(LiveApi.ask(plain, server.baseUrl(), "via server")).isEqualTo("echo: via server");
    }
  }

  @Test
  void theServerRecordsFromTheTargetAndReplaysWithoutIt() throws IOException {
    Path root = project.resolve("rec");
    try (LiveApi live = LiveApi.start(0)) {
      SampleRun.Results r =
          SampleRun.of(ServerSample.class).dir(root).live(live).mode("record-missing").run();
      assertThat(r.statuses())
          .as(r.failures())
          .containsExactly(Map.entry("throughTheServer", "SUCCESSFUL"));
      assertThat(live.calls()).isEqualTo(1);
    }
    String fixture = "ServerSample/throughTheServer/" + fixtureName("via server");
    assertThat(files(root)).containsExactly(fixture);
    Path ledger = project.resolve("usage.json");
    SampleRun.Results r =
        SampleRun.of(ServerSample.class).dir(root).mode("replay").ledger(ledger).run();
    assertThat(r.statuses())
        .as(r.failures())
        .containsExactly(Map.entry("throughTheServer", "SUCCESSFUL"));
    // The server's calls count as the test's. The root is outside the project: absolute paths.
    assertThat(UsageLedger.at(ledger, project).read())
        .containsExactly(
            TestUsage.of(
                PKG + "ServerSample#throughTheServer(ReplayServer)",
                List.of(root.resolve(fixture).toString()),
                List.of()));
  }

  @Sample
  static class RegisteredSample {
    @RegisterExtension
    static LlmReplayExtension llm = LlmReplayExtension.builder().mode(Mode.RECORD_MISSING).build();

    @Test
    void usesTheBuildersMode(OkHttpClient client, LiveApi.Url live, Recordings recordings)
        throws IOException {
      assertThat(recordings.mode()).isEqualTo(Mode.RECORD_MISSING);
      assertThat(LiveApi.ask(client, live.value(), "registered")).isEqualTo("echo: registered");
      assertThat(recordings.recorded())
          .singleElement()
          .satisfies(p -> assertThat(p).startsWith(recordings.directory()));
    }

    @Test
    @LlmReplay(mode = Mode.LIVE)
    void anAnnotationOverridesTheBuilder(Recordings recordings) {
      assertThat(recordings.mode()).isEqualTo(Mode.LIVE);
    }
  }

  @Sample
  @LlmReplay(mode = Mode.RECORD)
  static class AnnotatedAndRegisteredSample {
    @RegisterExtension
    static LlmReplayExtension llm = LlmReplayExtension.builder().mode(Mode.LIVE).build();

    @Test
    void oneExtensionAnswers(OkHttpClient client, Recordings recordings) {
      // Without the annotation's instance stepping aside, JUnit would fail on two resolvers.
      assertThat(recordings.mode()).isEqualTo(Mode.RECORD);
      assertThat(client.interceptors()).hasSize(1);
    }
  }

  @Test
  void aRegisteredExtensionWorksAloneAndBesideTheAnnotation() throws IOException {
    Path root = project.resolve("rec");
    try (LiveApi live = LiveApi.start(0)) {
      SampleRun.Results r =
          SampleRun.of(RegisteredSample.class, AnnotatedAndRegisteredSample.class)
              .dir(root)
              .live(live)
              .run();
      assertThat(r.statuses())
          .as(r.failures())
          .containsExactly(
              Map.entry("anAnnotationOverridesTheBuilder", "SUCCESSFUL"),
              Map.entry("oneExtensionAnswers", "SUCCESSFUL"),
              Map.entry("usesTheBuildersMode", "SUCCESSFUL"));
    }
    assertThat(files(root))
        .containsExactly("RegisteredSample/usesTheBuildersMode/" + fixtureName("registered"));
  }
}
