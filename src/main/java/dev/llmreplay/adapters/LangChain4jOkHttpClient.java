package dev.llmreplay.adapters;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.FormDataFile;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.llmreplay.FixtureNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * LangChain4j's HTTP transport ({@link HttpClient}) over an {@link OkHttpClient}, so that the
 * client's OkHttp interceptors, {@link dev.llmreplay.RecordReplayInterceptor} among them, see every
 * call a LangChain4j model makes. LangChain4j does not use OkHttp by itself; its models take any
 * {@link HttpClientBuilder}:
 *
 * <pre>{@code
 * OpenAiChatModel model = OpenAiChatModel.builder()
 *     .httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(okHttp))
 *     .baseUrl("https://api.openai.com/v1")
 *     .apiKey("test-key")
 *     .modelName("gpt-4o-mini")
 *     .build();
 * }</pre>
 *
 * <p>It behaves as LangChain4j's JDK transport does: a non-2xx answer is an {@link HttpException}
 * (thrown, or handed to {@link ServerSentEventListener#onError} when streaming); streaming calls
 * run on the OkHttp dispatcher and feed the parser as bytes arrive. A replay miss ({@link
 * FixtureNotFoundException}) surfaces as an {@link UncheckedIOException} carrying the miss report.
 */
public final class LangChain4jOkHttpClient implements HttpClient {
  private final OkHttpClient okHttp;

  private LangChain4jOkHttpClient(Builder b) {
    OkHttpClient base = b.okHttp != null ? b.okHttp : new OkHttpClient();
    if (b.connectTimeout != null || b.readTimeout != null) {
      OkHttpClient.Builder nb = base.newBuilder();
      if (b.connectTimeout != null) nb.connectTimeout(b.connectTimeout);
      if (b.readTimeout != null) nb.readTimeout(b.readTimeout);
      base = nb.build();
    }
    this.okHttp = base;
  }

  /** A builder; without {@link Builder#okHttpClient} a plain {@code new OkHttpClient()} is used. */
  public static Builder builder() {
    return new Builder();
  }

  /** The OkHttp client calls go through (with the builder's timeouts applied). */
  public OkHttpClient okHttpClient() {
    return okHttp;
  }

  /** Sends the request and reads the whole answer; non-2xx is thrown as {@link HttpException}. */
  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) throws HttpException {
    try (Response response = okHttp.newCall(toOkHttp(request)).execute()) {
      byte[] body = response.body().bytes();
      if (!response.isSuccessful()) {
        throw new HttpException(response.code(), new String(body, StandardCharsets.UTF_8));
      }
      return success(response).body(body).build();
    } catch (FixtureNotFoundException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends the request on the OkHttp dispatcher and returns at once. On a 2xx answer the listener
   * gets {@code onOpen}, then the parser's events as they arrive, then {@code onClose}; otherwise
   * {@code onError} with an {@link HttpException} (non-2xx) or the failure.
   */
  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    Request okRequest;
    try {
      okRequest = toOkHttp(request);
    } catch (RuntimeException e) {
      quietly(() -> listener.onError(e));
      return;
    }
    okHttp
        .newCall(okRequest)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                Throwable error =
                    e instanceof FixtureNotFoundException
                        ? new UncheckedIOException(e.getMessage(), e)
                        : e;
                quietly(() -> listener.onError(error));
              }

              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  if (!response.isSuccessful()) {
                    HttpException error =
                        new HttpException(response.code(), response.body().string());
                    quietly(() -> listener.onError(error));
                    return;
                  }
                  SuccessfulHttpResponse opened = success(response).build();
                  quietly(() -> listener.onOpen(opened));
                  try (InputStream in = response.body().byteStream()) {
                    parser.parse(in, listener);
                  }
                  quietly(listener::onClose);
                } catch (IOException | RuntimeException e) {
                  quietly(() -> listener.onError(e));
                }
              }
            });
  }

  /** A listener that throws must not stop the stream or hide the next callback. */
  private static void quietly(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException ignored) {
      // as LangChain4j's own transports do: listener failures are the listener's business
    }
  }

  private static SuccessfulHttpResponse.Builder success(Response response) {
    Map<String, List<String>> headers = response.headers().toMultimap();
    return SuccessfulHttpResponse.builder().statusCode(response.code()).headers(headers);
  }

  private static Request toOkHttp(HttpRequest request) {
    Request.Builder b = new Request.Builder().url(request.url());
    String contentType = null;
    for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
      if (h.getValue() == null) continue;
      for (String v : h.getValue()) {
        if (v == null) continue;
        if (h.getKey().equalsIgnoreCase("Content-Type")) contentType = v;
        b.addHeader(h.getKey(), v);
      }
    }
    String method = request.method().name();
    RequestBody body = null;
    if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
      body = multipart(request);
      // The multipart body carries its own boundary in its content type.
      b.removeHeader("Content-Type");
    } else if (request.body() != null) {
      // Bytes, not the String overload: that one would add "; charset=utf-8" to the content type.
      body =
          RequestBody.create(
              request.body().getBytes(StandardCharsets.UTF_8),
              contentType == null ? null : MediaType.parse(contentType));
    } else if (method.equals("POST")) {
      body = RequestBody.create(new byte[0], null);
    }
    return b.method(method, body).build();
  }

  private static RequestBody multipart(HttpRequest request) {
    MultipartBody.Builder mb = new MultipartBody.Builder().setType(MultipartBody.FORM);
    request.formDataFields().forEach(mb::addFormDataPart);
    for (Map.Entry<String, FormDataFile> f : request.formDataFiles().entrySet()) {
      FormDataFile file = f.getValue();
      MediaType type = file.contentType() == null ? null : MediaType.parse(file.contentType());
      mb.addFormDataPart(f.getKey(), file.fileName(), RequestBody.create(file.content(), type));
    }
    return mb.build();
  }

  /** Builds a {@link LangChain4jOkHttpClient}; pass it to a model's {@code httpClientBuilder}. */
  public static final class Builder implements HttpClientBuilder {
    private OkHttpClient okHttp;
    private Duration connectTimeout;
    private Duration readTimeout;

    private Builder() {}

    /** The OkHttp client to send through (with its interceptors). */
    public Builder okHttpClient(OkHttpClient okHttp) {
      this.okHttp = Objects.requireNonNull(okHttp, "okHttp");
      return this;
    }

    /** The connect timeout set by the model builder, or null when none was set. */
    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    /** Overrides the OkHttp client's connect timeout (LangChain4j models set it from theirs). */
    @Override
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** The read timeout set by the model builder, or null when none was set. */
    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    /** Overrides the OkHttp client's read timeout (LangChain4j models set it from theirs). */
    @Override
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /** The client. */
    @Override
    public LangChain4jOkHttpClient build() {
      return new LangChain4jOkHttpClient(this);
    }
  }
}
