package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * llm-replay's core works on a classpath with neither the Anthropic SDK nor LangChain4j (nor the
 * OpenAI SDK, nor the AWS SDK's event-stream codec): the SDKs are optional dependencies, and only
 * the adapters package (and, for the codec, the Bedrock stream format) may touch them.
 */
class CoreWithoutSdksTest {
  static final List<String> SDK_PACKAGES =
      List.of("com.anthropic", "dev.langchain4j", "com.openai", "software.amazon");

  /** The one core class (and its switch map) that needs an optional dependency: the AWS codec. */
  static final String EVENT_STREAM_CODEC = "dev.llmreplay.internal.stream.EventStreamCodec";

  @TempDir Path dir;

  HidingClassLoader withoutSdks() {
    return new HidingClassLoader(CoreWithoutSdksTest.class.getClassLoader(), SDK_PACKAGES);
  }

  @Test
  void theSdksAreReallyAbsentThere() {
    HidingClassLoader loader = withoutSdks();
    assertThatThrownBy(() -> Class.forName("com.anthropic.core.http.HttpClient", false, loader))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("dev.langchain4j.http.client.HttpClient", false, loader))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(loader.getResource("com/anthropic/core/http/HttpClient.class")).isNull();
    // ...and an adapter, which needs its SDK, cannot be linked there.
    assertThatThrownBy(
            () -> Class.forName("dev.llmreplay.adapters.AnthropicOkHttpAdapter", true, loader))
        .isInstanceOf(NoClassDefFoundError.class)
        .hasMessageContaining("com/anthropic");
  }

  @Test
  void theSeedReplaysThroughTheInterceptorWithNoSdkOnTheClasspath() throws Exception {
    Files.copy(SharedData.seed(), dir.resolve("seed.json"));
    JsonNode seed = Json.parse(Files.readAllBytes(SharedData.seed()));
    StringBuilder expected = new StringBuilder();
    for (JsonNode chunk : seed.at("/response/body"))
      expected.append(chunk.at("/__data__/choices/0/text").asText());

    HidingClassLoader loader = withoutSdks();
    Class<?> probe = Class.forName(CoreOnlyProbe.class.getName(), true, loader);
    assertThat(probe).isNotSameAs(CoreOnlyProbe.class);
    @SuppressWarnings("unchecked")
    Function<String, List<String>> run =
        (Function<String, List<String>>) probe.getConstructor().newInstance();
    assertThat(run.apply(dir.toString()))
        .containsExactly("without-sdks", "50", expected.toString());
  }

  @Test
  void everyClassOutsideTheAdaptersLoadsAndInitializesWithoutAnSdk() throws Exception {
    Path classes =
        Path.of(
            RecordReplayInterceptor.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.walk(classes)) {
      s.filter(p -> p.toString().endsWith(".class"))
          // The module descriptor is no class to load.
          .filter(p -> !p.getFileName().toString().equals("module-info.class"))
          .forEach(
              p -> {
                String rel = classes.relativize(p).toString().replace('\\', '/');
                names.add(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'));
              });
    }
    assertThat(names)
        .contains("dev.llmreplay.RecordReplayInterceptor", "dev.llmreplay.server.ReplayServer");
    HidingClassLoader loader = withoutSdks();
    int loaded = 0;
    for (String name : names) {
      if (name.startsWith("dev.llmreplay.adapters.") || name.startsWith(EVENT_STREAM_CODEC))
        continue;
      Class<?> c = Class.forName(name, true, loader);
      c.getDeclaredMethods(); // resolves every signature's types
      c.getDeclaredFields();
      loaded++;
    }
    assertThat(loaded).isGreaterThan(40);
  }

  @Test
  void aBedrockStreamWithoutTheCodecSaysWhatToAdd() throws Exception {
    Class<?> format =
        Class.forName("dev.llmreplay.internal.stream.StreamFormat", true, withoutSdks());
    Object eventStream = format.getField("AWS_EVENTSTREAM").get(null);
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> format.getMethod("newDecoder").invoke(eventStream));
    assertThat(thrown.getCause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("add software.amazon.awssdk:eventstream");
  }
}
