package dev.llmreplay.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.backends.AnthropicBackend;
import com.anthropic.client.AnthropicClientImpl;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.adapters.AnthropicOkHttpAdapter;
import dev.llmreplay.adapters.LangChain4jOkHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code @LlmReplay} examples of the README's SDK section are the files in {@code
 * dev/llmreplay/junit/readme/sdk}, word for word, and they pass in replay mode against fixtures
 * that each SDK recorded here (a canned provider answer standing in for the API).
 */
class ReadmeSdkExamplesTest {
  static final String EXAMPLES = "src/test/java/dev/llmreplay/junit/readme/sdk";
  static final String OPENAI_ANSWER =
      "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"gpt-4o-mini\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello!\"},"
          + "\"finish_reason\":\"stop\"}]}";
  static final String ANTHROPIC_ANSWER =
      "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"Hello!\"}],\"stop_reason\":\"end_turn\","
          + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}";

  @TempDir Path recordings;

  @Test
  void everyLlmReplayBlockOfTheSdkSectionIsAnExampleFileWordForWord() throws IOException {
    String readme =
        Files.readString(ReadmeJunitExamplesTest.projectDir().resolve("README.md"))
            .replace("\r\n", "\n");
    Matcher section =
        Pattern.compile("(?ms)^## Official SDKs and LangChain4j\n.*?(?=^## |\\z)").matcher(readme);
    assertThat(section.find()).as("README section 'Official SDKs and LangChain4j'").isTrue();
    List<String> blocks = new ArrayList<>();
    for (String block : ReadmeJunitExamplesTest.javaBlocks(section.group())) {
      if (block.contains("@LlmReplay")) blocks.add(block);
    }
    List<String> examples = new ArrayList<>();
    try (Stream<Path> files = Files.list(ReadmeJunitExamplesTest.projectDir().resolve(EXAMPLES))) {
      for (Path f : files.sorted().collect(Collectors.toList())) {
        examples.add(
            Files.readString(f)
                .replace("\r\n", "\n")
                .replaceFirst("^package [^\n]*;\n\n", "")
                .stripTrailing());
      }
    }
    assertThat(examples).hasSize(3);
    assertThat(blocks).containsExactlyInAnyOrderElementsOf(examples);
  }

  @Test
  void theExamplesPassInReplayMode() throws Exception {
    new OpenAIOkHttpClient.Builder()
        .apiKey("recording")
        .addInterceptor(recorder("OpenAiGreeterTest"))
        .addInterceptor(answering(OPENAI_ANSWER))
        .maxRetries(0)
        .build()
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage("Say hello")
                .build());
    OkHttpClient anthropic =
        new OkHttpClient.Builder()
            .addInterceptor(recorder("AnthropicGreeterTest"))
            .addInterceptor(answering(ANTHROPIC_ANSWER))
            .build();
    new AnthropicClientImpl(
            AnthropicOkHttpAdapter.clientOptions(
                    anthropic, AnthropicBackend.builder().apiKey("recording").build())
                .maxRetries(0)
                .build())
        .messages()
        .create(
            MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(1024)
                .addUserMessage("Say hello")
                .build());
    OkHttpClient langchain4j =
        new OkHttpClient.Builder()
            .addInterceptor(recorder("LangChain4jGreeterTest"))
            .addInterceptor(answering(OPENAI_ANSWER))
            .build();
    OpenAiChatModel.builder()
        .httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(langchain4j))
        .apiKey("recording")
        .modelName("gpt-4o-mini")
        .maxRetries(0)
        .build()
        .chat("Say hello");

    SampleRun.Results r =
        SampleRun.of(
                Class.forName("dev.llmreplay.junit.readme.sdk.OpenAiGreeterTest"),
                Class.forName("dev.llmreplay.junit.readme.sdk.AnthropicGreeterTest"),
                Class.forName("dev.llmreplay.junit.readme.sdk.LangChain4jGreeterTest"))
            .dir(recordings)
            .run();
    assertThat(r.statuses())
        .as(r.failures())
        .containsExactly(Map.entry("saysHello", "SUCCESSFUL,SUCCESSFUL,SUCCESSFUL"));
  }

  /** Records into the directory {@code @LlmReplay} gives {@code testClass#saysHello}. */
  private RecordReplayInterceptor recorder(String testClass) {
    return RecordReplayInterceptor.builder()
        .recordings(recordings.resolve(testClass).resolve("saysHello"))
        .mode(Mode.RECORD)
        .build();
  }

  /** Stands in for the provider: answers every call with {@code json}. */
  private static Interceptor answering(String json) {
    return chain ->
        new Response.Builder()
            .request(chain.request())
            .protocol(Protocol.HTTP_1_1)
            .code(200)
            .message("OK")
            .header("Content-Type", "application/json")
            .body(ResponseBody.create(json, MediaType.get("application/json")))
            .build();
  }
}
