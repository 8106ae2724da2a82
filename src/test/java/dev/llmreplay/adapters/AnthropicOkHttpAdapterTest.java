package dev.llmreplay.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.anthropic.backends.AnthropicBackend;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientImpl;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.Timeout;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.models.ModelListParams;
import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.testing.MockWebServerExtension;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Anthropic SDK's transport over OkHttp, against a mock server. */
@ExtendWith(MockWebServerExtension.class)
class AnthropicOkHttpAdapterTest {
  static final String MESSAGE =
      "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Hi"
          + " there\"}],\"stop_reason\":\"end_turn\","
          + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}";

  MockWebServer server;
  final OkHttpClient okHttp = new OkHttpClient();
  @TempDir Path dir;

  @BeforeEach
  void start(MockWebServer server) {
    this.server = server;
  }

  String base() {
    String u = server.url("/").toString();
    return u.substring(0, u.length() - 1);
  }

  AnthropicClient viaAdapter(OkHttpClient client) {
    return new AnthropicClientImpl(
        AnthropicOkHttpAdapter.clientOptions(
                client, AnthropicBackend.builder().apiKey("test-key").baseUrl(base()).build())
            .maxRetries(0)
            .build());
  }

  static MessageCreateParams hello() {
    return MessageCreateParams.builder()
        .model("claude-sonnet-4-5")
        .maxTokens(64)
        .addUserMessage("Hello")
        .build();
  }

  static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  /** The headers as a map, without those that differ between two otherwise equal calls. */
  static Map<String, String> headers(RecordedRequest r) {
    Map<String, String> m = new TreeMap<>();
    for (String name : r.getHeaders().names())
      m.put(name.toLowerCase(), String.join(",", r.getHeaders().values(name)));
    return m;
  }

  @Test
  void sendsWhatTheSdksOwnTransportSends() throws Exception {
    server.enqueue(json(MESSAGE));
    server.enqueue(json(MESSAGE));
    AnthropicClient own =
        AnthropicOkHttpClient.builder().apiKey("test-key").baseUrl(base()).maxRetries(0).build();
    AnthropicClient adapted = viaAdapter(okHttp);
    Message a = own.messages().create(hello());
    Message b = adapted.messages().create(hello());
    RecordedRequest viaOwn = server.takeRequest();
    RecordedRequest viaAdapter = server.takeRequest();

    assertThat(b.content().get(0).asText().text())
        .isEqualTo(a.content().get(0).asText().text())
        .isEqualTo("Hi there");
    assertThat(viaAdapter.getMethod()).isEqualTo("POST");
    assertThat(viaAdapter.getPath()).isEqualTo(viaOwn.getPath()).isEqualTo("/v1/messages");
    assertThat(viaAdapter.getBody().readUtf8())
        .isEqualTo(viaOwn.getBody().readUtf8())
        .isEqualTo(
            "{\"max_tokens\":64,\"messages\":[{\"content\":\"Hello\",\"role\":\"user\"}],\"model\":\"claude-sonnet-4-5\"}");
    assertThat(headers(viaAdapter))
        .isEqualTo(headers(viaOwn))
        .containsEntry("authorization", "Bearer test-key")
        .containsKey("anthropic-version")
        .containsEntry("x-stainless-timeout", "600");
    own.close();
    adapted.close();
  }

  @Test
  void getWithQueryParametersEncodedAsTheSdksOwnTransportDoes() throws Exception {
    String page = "{\"data\":[],\"has_more\":false,\"first_id\":null,\"last_id\":null}";
    String model =
        "{\"id\":\"x\",\"type\":\"model\",\"display_name\":\"X\",\"created_at\":\"2025-01-01T00:00:00Z\"}";
    server.enqueue(json(page));
    server.enqueue(json(page));
    server.enqueue(json(model));
    server.enqueue(json(model));
    ModelListParams params = ModelListParams.builder().limit(2).afterId("a b&c/d").build();
    AnthropicOkHttpClient.builder()
        .apiKey("test-key")
        .baseUrl(base())
        .build()
        .models()
        .list(params);
    assertThat(viaAdapter(okHttp).models().list(params).data()).isEmpty();
    RecordedRequest viaOwn = server.takeRequest();
    RecordedRequest viaAdapter = server.takeRequest();
    assertThat(viaAdapter.getMethod()).isEqualTo("GET");
    assertThat(viaAdapter.getPath())
        .isEqualTo(viaOwn.getPath())
        .isEqualTo("/v1/models?after_id=a%20b%26c%2Fd&limit=2");
    assertThat(viaAdapter.getBodySize()).isZero();
    // Path segments are encoded alike too.
    AnthropicOkHttpClient.builder()
        .apiKey("test-key")
        .baseUrl(base())
        .build()
        .models()
        .retrieve("claude é/x?y");
    assertThat(viaAdapter(okHttp).models().retrieve("claude é/x?y").id()).isEqualTo("x");
    String ownPath = server.takeRequest().getPath();
    assertThat(server.takeRequest().getPath())
        .isEqualTo(ownPath)
        .isEqualTo("/v1/models/claude%20%C3%A9%2Fx%3Fy");
  }

  @Test
  void asyncCallsGoThroughTheInterceptorToo() throws Exception {
    server.enqueue(json(MESSAGE));
    RecordReplayInterceptor record =
        RecordReplayInterceptor.builder().recordings(dir).mode(Mode.RECORD).build();
    AnthropicClient client = viaAdapter(okHttp.newBuilder().addInterceptor(record).build());
    Message m = client.async().messages().create(hello()).get(10, TimeUnit.SECONDS);
    assertThat(m.content().get(0).asText().text()).isEqualTo("Hi there");
    assertThat(Access.replayer(record).store().entries()).hasSize(1);
  }

  @Test
  void theSdksTimeoutsApplyToEachCall() {
    server.enqueue(json(MESSAGE).setHeadersDelay(1, TimeUnit.SECONDS));
    AnthropicClient client = viaAdapter(okHttp);
    long start = System.nanoTime();
    Throwable t =
        catchThrowable(
            () ->
                client
                    .messages()
                    .create(
                        hello(),
                        RequestOptions.builder()
                            .timeout(Timeout.builder().read(Duration.ofMillis(200)).build())
                            .build()));
    assertThat(t)
        .isInstanceOf(AnthropicIoException.class)
        .hasMessage("Request failed")
        .hasCauseInstanceOf(SocketTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
  }

  @Test
  void aReplayMissIsNotRetriedAndCarriesTheReport() {
    RecordReplayInterceptor replay =
        RecordReplayInterceptor.builder().recordings(dir).mode(Mode.REPLAY).build();
    // Default retries (2): a miss must not wait for them.
    AnthropicClient client =
        new AnthropicClientImpl(
            AnthropicOkHttpAdapter.clientOptions(
                    okHttp.newBuilder().addInterceptor(replay).build(),
                    AnthropicBackend.builder().apiKey("test-key").baseUrl(base()).build())
                .build());
    long start = System.nanoTime();
    Throwable t = catchThrowable(() -> client.messages().create(hello()));
    assertThat(t)
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(FixtureNotFoundException.class)
        .hasMessageContaining("No recorded response for POST /v1/messages");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void closingTheSdkClientLeavesTheOkHttpClientUsable() throws Exception {
    server.enqueue(json(MESSAGE));
    server.enqueue(json(MESSAGE));
    viaAdapter(okHttp).close();
    assertThat(viaAdapter(okHttp).async().messages().create(hello()).get(10, TimeUnit.SECONDS).id())
        .isEqualTo("msg_1");
    assertThat(okHttp.dispatcher().executorService().isShutdown()).isFalse();
    AnthropicOkHttpAdapter adapter =
        AnthropicOkHttpAdapter.of(
            okHttp, AnthropicBackend.builder().apiKey("k").baseUrl(base()).build());
    assertThat(adapter.okHttpClient()).isSameAs(okHttp);
  }
}
