package dev.llmreplay.adapters;

import com.anthropic.backends.Backend;
import com.anthropic.core.ClientOptions;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.Timeout;
import com.anthropic.core.http.Headers;
import com.anthropic.core.http.HttpClient;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpRequestBody;
import com.anthropic.core.http.HttpResponse;
import com.anthropic.core.http.QueryParams;
import com.anthropic.errors.AnthropicIoException;
import dev.llmreplay.FixtureNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * The Anthropic Java SDK's transport ({@link HttpClient}) over an {@link OkHttpClient}, so that the
 * client's OkHttp interceptors, {@link dev.llmreplay.RecordReplayInterceptor} among them, see every
 * SDK call. The SDK's own builder takes only its own interceptor type, not OkHttp's.
 *
 * <pre>{@code
 * OkHttpClient okHttp = new OkHttpClient.Builder().addInterceptor(interceptor).build();
 * AnthropicClient client = new AnthropicClientImpl(
 *     AnthropicOkHttpAdapter.clientOptions(okHttp, AnthropicBackend.builder().apiKey(key).build())
 *         .build());
 * }</pre>
 *
 * <p>It does what the SDK's own OkHttp transport does: the {@link Backend} prepares and authorizes
 * each request (API key headers, base URL) and prepares each response; the SDK's timeouts
 * (client-wide or per request) override the OkHttp client's for each call; an I/O failure surfaces
 * as {@link AnthropicIoException} (which the SDK retries). One difference: a replay miss ({@link
 * FixtureNotFoundException}) surfaces as an {@link UncheckedIOException} carrying the miss report,
 * which the SDK does not retry — a missing fixture stays missing.
 */
public final class AnthropicOkHttpAdapter implements HttpClient {
  private final OkHttpClient okHttp;
  private final Backend backend;

  private AnthropicOkHttpAdapter(OkHttpClient okHttp, Backend backend) {
    this.okHttp = Objects.requireNonNull(okHttp, "okHttp");
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  /**
   * An adapter sending every call through {@code okHttp} (its interceptors, pool, dispatcher), with
   * {@code backend} (e.g. {@code AnthropicBackend.builder().apiKey(key).build()}) preparing and
   * authorizing requests as the SDK's own transport lets it.
   */
  public static AnthropicOkHttpAdapter of(OkHttpClient okHttp, Backend backend) {
    return new AnthropicOkHttpAdapter(okHttp, backend);
  }

  /**
   * SDK client options with this transport and the backend's base URL set; add any other option,
   * then {@code build()} and pass to {@code new AnthropicClientImpl(...)}.
   */
  public static ClientOptions.Builder clientOptions(OkHttpClient okHttp, Backend backend) {
    return ClientOptions.builder().httpClient(of(okHttp, backend)).baseUrl(backend.baseUrl());
  }

  /** The OkHttp client calls go through. */
  public OkHttpClient okHttpClient() {
    return okHttp;
  }

  /** Sends the request and returns once the response headers are in; the body streams. */
  @Override
  public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
    Call call = newCall(request, requestOptions);
    try {
      return prepare(new AdaptedResponse(call.execute()));
    } catch (FixtureNotFoundException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (IOException e) {
      throw new AnthropicIoException("Request failed", e);
    } finally {
      request.body().ifPresent(HttpRequestBody::close);
    }
  }

  /** Sends the request on the OkHttp dispatcher; completes when the response headers are in. */
  @Override
  public CompletableFuture<HttpResponse> executeAsync(
      HttpRequest request, RequestOptions requestOptions) {
    CompletableFuture<HttpResponse> future = new CompletableFuture<>();
    request.body().ifPresent(body -> future.whenComplete((r, e) -> body.close()));
    newCall(request, requestOptions)
        .enqueue(
            new Callback() {
              @Override
              public void onResponse(Call call, Response response) {
                try {
                  future.complete(prepare(new AdaptedResponse(response)));
                } catch (RuntimeException e) {
                  future.completeExceptionally(e);
                }
              }

              @Override
              public void onFailure(Call call, IOException e) {
                future.completeExceptionally(
                    e instanceof FixtureNotFoundException
                        ? new UncheckedIOException(e.getMessage(), e)
                        : new AnthropicIoException("Request failed", e));
              }
            });
    return future;
  }

  /**
   * Closes the backend, as the SDK's own transport does. The OkHttp client stays open: it belongs
   * to the caller, who may share its dispatcher and connection pool with other clients.
   */
  @Override
  public void close() {
    backend.close();
  }

  private HttpResponse prepare(HttpResponse response) {
    try {
      return backend.prepareResponse(response);
    } catch (RuntimeException e) {
      response.close();
      throw e;
    }
  }

  private Call newCall(HttpRequest original, RequestOptions options) {
    // The SDK's transport order: the backend prepares, the URL is resolved, the backend authorizes.
    HttpRequest prepared = backend.prepareRequest(original);
    HttpRequest request =
        backend.authorizeRequest(prepared.toBuilder().baseUrl(resolveUrl(prepared)).build());
    OkHttpClient client = okHttp;
    if (options.timeout().isPresent()) {
      Timeout t = options.timeout().get();
      // newBuilder() shares the pool and dispatcher; only the timeouts differ for this call.
      client =
          okHttp
              .newBuilder()
              .connectTimeout(t.connect())
              .readTimeout(t.read())
              .writeTimeout(t.write())
              .callTimeout(t.request())
              .build();
    }
    return client.newCall(toOkHttp(request, client));
  }

  /**
   * The full URL as the SDK's own transport builds it (path segments percent-encoded as RFC 3986
   * path characters, query parameters form-encoded by OkHttp), so that both transports send, and
   * key, the same URL.
   */
  private static String resolveUrl(HttpRequest request) {
    HttpUrl.Builder b = HttpUrl.get(request.baseUrl()).newBuilder();
    for (String segment : request.pathSegments())
      b.addEncodedPathSegment(encodePathSegment(segment));
    QueryParams query = request.queryParams();
    for (String key : query.keys()) {
      for (String value : query.values(key)) b.addQueryParameter(key, value);
    }
    return b.build().toString();
  }

  private static final String PATH_CHARS_KEPT = "-._~!$&'()*+,;=:@";

  private static String encodePathSegment(String segment) {
    StringBuilder sb = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean keep =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || (c < 128 && PATH_CHARS_KEPT.indexOf(c) >= 0);
      if (keep) {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append("0123456789ABCDEF".charAt(c >> 4))
            .append("0123456789ABCDEF".charAt(c & 15));
      }
    }
    return sb.toString();
  }

  private static Request toOkHttp(HttpRequest request, OkHttpClient client) {
    Request.Builder b = new Request.Builder().url(request.baseUrl());
    Headers headers = request.headers();
    for (String name : headers.names()) {
      for (String value : headers.values(name)) b.addHeader(name, value);
    }
    // The SDK's own transport tells the server how long it will wait; so does this one.
    if (!headers.names().contains("X-Stainless-Read-Timeout") && client.readTimeoutMillis() != 0) {
      b.header("X-Stainless-Read-Timeout", String.valueOf(client.readTimeoutMillis() / 1000));
    }
    if (!headers.names().contains("X-Stainless-Timeout") && client.callTimeoutMillis() != 0) {
      b.header("X-Stainless-Timeout", String.valueOf(client.callTimeoutMillis() / 1000));
    }
    String method = request.method().name();
    RequestBody body = request.body().map(AnthropicOkHttpAdapter::toOkHttp).orElse(null);
    if (body == null && (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
      body = RequestBody.create(new byte[0], null);
    }
    return b.method(method, body).build();
  }

  private static RequestBody toOkHttp(HttpRequestBody body) {
    MediaType type = body.contentType() == null ? null : MediaType.parse(body.contentType());
    long length = body.contentLength();
    boolean repeatable = body.repeatable();
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return type;
      }

      @Override
      public long contentLength() {
        return length;
      }

      @Override
      public boolean isOneShot() {
        return !repeatable;
      }

      @Override
      public void writeTo(BufferedSink sink) {
        body.writeTo(sink.outputStream());
      }
    };
  }

  /** An OkHttp response seen as the SDK's; its body streams straight from OkHttp. */
  private static final class AdaptedResponse implements HttpResponse {
    private final Response response;
    private final Headers headers;

    AdaptedResponse(Response response) {
      this.response = response;
      Headers.Builder b = Headers.builder();
      for (String name : response.headers().names()) b.put(name, response.headers(name));
      this.headers = b.build();
    }

    @Override
    public int statusCode() {
      return response.code();
    }

    @Override
    public Headers headers() {
      return headers;
    }

    @Override
    public InputStream body() {
      return response.body().byteStream();
    }

    @Override
    public void close() {
      response.close();
    }
  }
}
