package dev.llmreplay.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java examples of the README's "JUnit 5" section are the files in {@code
 * dev/llmreplay/junit/readme}, word for word (less the package line), and they pass: run in the
 * default mode, replay, against fixtures made here as a recording run would make them.
 */
class ReadmeJunitExamplesTest {
  static final MediaType JSON = MediaType.get("application/json");
  static final String URL = "https://api.openai.com/v1/chat/completions";
  static final String EXAMPLES = "src/test/java/dev/llmreplay/junit/readme";

  @TempDir Path recordings;

  static Path projectDir() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }

  /** The README's "JUnit 5" section, up to the next section of the same level. */
  static String section() throws IOException {
    String readme = Files.readString(projectDir().resolve("README.md")).replace("\r\n", "\n");
    Matcher m = Pattern.compile("(?ms)^## JUnit 5\n.*?(?=^## |\\z)").matcher(readme);
    if (!m.find()) throw new AssertionError("README.md has no '## JUnit 5' section");
    return m.group();
  }

  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)```java\n(.*?)\n```").matcher(markdown.replace("\r\n", "\n"));
    while (m.find()) blocks.add(m.group(1));
    return blocks;
  }

  @Test
  void everyJavaBlockOfTheSectionIsAnExampleFileWordForWord() throws IOException {
    List<String> blocks = javaBlocks(section());
    Map<String, String> examples = new TreeMap<>();
    try (Stream<Path> files = Files.list(projectDir().resolve(EXAMPLES))) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        String source = Files.readString(f).replace("\r\n", "\n");
        examples.put(
            f.getFileName().toString(),
            source.replaceFirst("^package [^\n]*;\n\n", "").stripTrailing());
      }
    }
    assertThat(examples.keySet())
        .containsExactly("AnyClientTest.java", "RedactingTest.java", "SummarizerTest.java");
    assertThat(blocks).containsExactlyInAnyOrderElementsOf(examples.values());
  }

  /** Records {@code body}'s call into {@code dir} with a canned answer standing in for the API. */
  static void record(
      Path dir, RecordReplayInterceptor.Builder interceptor, String body, String answer)
      throws IOException {
    String json =
        "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
            + answer
            + "\"}}]}";
    OkHttpClient client =
        new OkHttpClient.Builder()
            .addInterceptor(interceptor.recordings(dir).mode(Mode.RECORD).build())
            .addInterceptor(
                chain ->
                    new Response.Builder()
                        .request(chain.request())
                        .protocol(Protocol.HTTP_1_1)
                        .code(200)
                        .message("OK")
                        .header("Content-Type", "application/json")
                        .body(ResponseBody.create(json, JSON))
                        .build())
            .build();
    Request request = new Request.Builder().url(URL).post(RequestBody.create(body, JSON)).build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo(json);
    }
  }

  @Test
  void theExamplesPassInReplayMode() throws Exception {
    String summarize =
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Summarize in four words: llm-replay records LLM calls once.\"}]}";
    for (String test : List.of("summarizes", "sendsTheSmallModel")) {
      record(
          recordings.resolve("SummarizerTest/" + test),
          RecordReplayInterceptor.builder(),
          summarize,
          "Record once, replay forever.");
    }
    String sayHi =
        "{\"model\":\"gpt-4o-mini\",\"user\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Say"
            + " hi\"}]}";
    record(
        recordings.resolve("AnyClientTest/throughTheLoopbackServer"),
        RecordReplayInterceptor.builder().ignoreBodyFields("/user"),
        String.format(sayHi, "someone-else"),
        "Hi!");
    record(
        recordings.resolve("RedactingTest/keepsTheUserOutOfTheFixture"),
        RecordReplayInterceptor.builder()
            .redactor(Redactor.defaults().newBuilder().redactBodyField("/user").build()),
        String.format(sayHi, "alice@example.com"),
        "Hi!");
    assertThat(
            Files.readString(
                LlmReplayExtensionTest.files(recordings).stream()
                    .filter(f -> f.startsWith("RedactingTest/"))
                    .map(recordings::resolve)
                    .findFirst()
                    .orElseThrow()))
        .doesNotContain("alice@example.com");

    SampleRun.Results r =
        SampleRun.of(
                Class.forName("dev.llmreplay.junit.readme.SummarizerTest"),
                Class.forName("dev.llmreplay.junit.readme.AnyClientTest"),
                Class.forName("dev.llmreplay.junit.readme.RedactingTest"))
            .dir(recordings)
            .run();
    assertThat(r.statuses())
        .as(r.failures())
        .containsExactly(
            Map.entry("keepsTheUserOutOfTheFixture", "SUCCESSFUL"),
            Map.entry("sendsTheSmallModel", "SUCCESSFUL"),
            Map.entry("summarizes", "SUCCESSFUL"),
            Map.entry("throughTheLoopbackServer", "SUCCESSFUL"));
  }
}
