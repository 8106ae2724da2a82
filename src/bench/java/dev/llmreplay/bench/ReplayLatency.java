package dev.llmreplay.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.server.ReplayServer;
import dev.llmreplay.testing.MockWebServerExtension;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import okio.ByteString;
import org.mockserver.configuration.ConfigurationProperties;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One call for the seed's 50-chunk stream (17 kB of SSE), the client reading the whole body, served
 * six ways with the same body bytes (each state checks that before measuring). Every server is on
 * loopback in the benchmark's own JVM, so allocation figures ({@code -prof gc}) count the client's
 * and the server's threads together.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplayLatency {

  /** The floor: an interceptor handing out prebuilt bytes, no index, no hashing, no socket. */
  @State(Scope.Benchmark)
  public static class Floor {
    OkHttpClient client;
    Request request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      ByteString bytes = ByteString.of(Seed.wireBytes());
      Headers headers = Headers.of("Content-Type", "text/event-stream");
      client =
          new OkHttpClient.Builder()
              .addInterceptor(
                  chain ->
                      new Response.Builder()
                          .request(chain.request())
                          .protocol(Protocol.HTTP_1_1)
                          .code(200)
                          .message("OK")
                          .headers(headers)
                          .body(ResponseBody.create(bytes, Seed.SSE))
                          .build())
              .build();
      request = Seed.request(Seed.NOWHERE);
      Check.sameBytes("floor", client, request);
    }
  }

  /** {@code RecordReplayInterceptor} in REPLAY over {@code recordings/}. */
  @State(Scope.Benchmark)
  public static class Interceptor {
    OkHttpClient client;
    Request request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      client =
          new OkHttpClient.Builder()
              .addInterceptor(
                  RecordReplayInterceptor.builder()
                      .recordings(Seed.RECORDINGS)
                      .mode(Mode.REPLAY)
                      .build())
              .build();
      request = Seed.request(Seed.NOWHERE);
      Check.sameBytes("interceptor", client, request);
    }
  }

  /** {@code ReplayServer} over {@code recordings/}, called by a plain OkHttp client on loopback. */
  @State(Scope.Benchmark)
  public static class Server {
    ReplayServer server;
    OkHttpClient client;
    Request request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      server = ReplayServer.builder().recordings(Seed.RECORDINGS).build().start();
      client = new OkHttpClient();
      request = Seed.request(server.baseUrl());
      Check.sameBytes("ReplayServer", client, request);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      Check.shutdown(client);
      server.close();
    }
  }

  /** OkHttp's MockWebServer with TCP_NODELAY on accepted sockets, answering the same bytes. */
  @State(Scope.Benchmark)
  public static class MockWeb {
    MockWebServer server;
    OkHttpClient client;
    Request request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      byte[] bytes = Seed.wireBytes();
      server = new MockWebServer();
      server.setServerSocketFactory(MockWebServerExtension.noDelaySockets());
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
              return new MockResponse()
                  .setHeader("Content-Type", "text/event-stream")
                  .setBody(new Buffer().write(bytes));
            }
          });
      server.start();
      client = new OkHttpClient();
      request = Seed.request(server.url("/").toString().replaceAll("/$", ""));
      Check.sameBytes("MockWebServer", client, request);
    }

    /** MockWebServer keeps every request it saw: empty that queue between iterations. */
    @TearDown(Level.Iteration)
    public void drain() throws InterruptedException {
      while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {}
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      Check.shutdown(client);
      server.close();
    }
  }

  /**
   * WireMock 3 with a static body of the same bytes; request journal off and gzip off (OkHttp asks
   * for gzip, and WireMock would otherwise compress the 17 kB on every call: different bytes).
   */
  @State(Scope.Benchmark)
  public static class WireMock {
    WireMockServer server;
    OkHttpClient client;
    Request request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      byte[] bytes = Seed.wireBytes();
      server =
          new WireMockServer(
              WireMockConfiguration.options()
                  .bindAddress("127.0.0.1")
                  .dynamicPort()
                  .disableRequestJournal()
                  .gzipDisabled(true)
                  .stubRequestLoggingDisabled(true));
      server.start();
      server.stubFor(
          post(urlEqualTo(Seed.PATH))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "text/event-stream")
                      .withBody(bytes)));
      client = new OkHttpClient();
      request = Seed.request("http://127.0.0.1:" + server.port());
      Check.sameBytes("WireMock", client, request);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      Check.shutdown(client);
      server.stop();
    }
  }

  /** MockServer (mockserver-netty) with one expectation answering the same bytes; log at WARN. */
  @State(Scope.Benchmark)
  public static class MockServer {
    ClientAndServer server;
    OkHttpClient client;
    Request request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      byte[] bytes = Seed.wireBytes();
      ConfigurationProperties.logLevel("WARN");
      ConfigurationProperties.disableSystemOut(true);
      // The request log is a ring buffer sized from the heap: keep it small, as WireMock's journal
      // and MockWebServer's queue are kept from growing.
      ConfigurationProperties.maxLogEntries(100);
      server = ClientAndServer.startClientAndServer(0);
      server
          .when(HttpRequest.request().withMethod("POST").withPath(Seed.PATH))
          .respond(
              HttpResponse.response()
                  .withStatusCode(200)
                  .withHeader("Content-Type", "text/event-stream")
                  .withBody(bytes));
      client = new OkHttpClient();
      request = Seed.request("http://127.0.0.1:" + server.getPort());
      Check.sameBytes("MockServer", client, request);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      Check.shutdown(client);
      server.stop();
    }
  }

  @Benchmark
  public byte[] floor(Floor s) throws IOException {
    return Seed.call(s.client, s.request);
  }

  @Benchmark
  public byte[] interceptor(Interceptor s) throws IOException {
    return Seed.call(s.client, s.request);
  }

  @Benchmark
  public byte[] replayServer(Server s) throws IOException {
    return Seed.call(s.client, s.request);
  }

  @Benchmark
  public byte[] mockWebServer(MockWeb s) throws IOException {
    return Seed.call(s.client, s.request);
  }

  @Benchmark
  public byte[] wireMock(WireMock s) throws IOException {
    return Seed.call(s.client, s.request);
  }

  @Benchmark
  public byte[] mockServer(MockServer s) throws IOException {
    return Seed.call(s.client, s.request);
  }

  /** Checks shared by the states. */
  static final class Check {
    private Check() {}

    /** Fails the benchmark unless this route answers the seed's exact bytes. */
    static void sameBytes(String route, OkHttpClient client, Request request) throws IOException {
      byte[] expected = Seed.wireBytes();
      byte[] got = Seed.call(client, request);
      if (!Arrays.equals(expected, got)) {
        throw new IllegalStateException(
            route + " served " + got.length + " bytes, not the seed's " + expected.length);
      }
    }

    static void shutdown(OkHttpClient client) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }
}
