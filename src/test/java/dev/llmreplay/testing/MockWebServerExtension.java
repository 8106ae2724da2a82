package dev.llmreplay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.ServerSocketFactory;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one way tests stand up a fake provider: a {@link MockWebServer} on loopback with TCP_NODELAY
 * on every accepted socket (without it each small response can wait out Nagle's algorithm against
 * the client's delayed ACK, 40 ms), shut down when the test ends.
 *
 * <p>As an extension, {@code @ExtendWith(MockWebServerExtension.class)}: a {@code MockWebServer}
 * parameter of a {@code @BeforeEach} or test method gets a started server of its own, shut down
 * after the test (after its {@code @AfterEach} methods). For a server the test closes itself (try
 * with resources, a helper object), {@link #start()} or {@link #start(Dispatcher)}.
 */
public final class MockWebServerExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MockWebServerExtension.class);

  /** A started server answering from its queue ({@code enqueue}). */
  public static MockWebServer start() {
    return start(null);
  }

  /** A started server answered by {@code dispatcher} (null: the default queue). */
  public static MockWebServer start(Dispatcher dispatcher) {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(noDelaySockets());
    if (dispatcher != null) server.setDispatcher(dispatcher);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start MockWebServer", e);
    }
    return server;
  }

  /** Server sockets whose accepted connections have TCP_NODELAY set. */
  public static ServerSocketFactory noDelaySockets() {
    return new NoDelayServerSockets();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MockWebServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    MockWebServer server = start();
    servers(context).add(server);
    return server;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    for (MockWebServer server : servers(context)) server.shutdown();
  }

  // One list per test: parameters of a test and of its @BeforeEach methods share the context.
  @SuppressWarnings("unchecked")
  private static List<MockWebServer> servers(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    List<MockWebServer> servers = store.get("servers", List.class);
    if (servers == null) {
      servers = new ArrayList<>();
      store.put("servers", servers);
    }
    return servers;
  }

  private static final class NoDelayServerSockets extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override
        public Socket accept() throws IOException {
          Socket socket = new Socket();
          implAccept(socket);
          socket.setTcpNoDelay(true);
          return socket;
        }
      };
    }

    // MockWebServer creates an unbound socket and binds it itself; the other forms are unused.
    @Override
    public ServerSocket createServerSocket(int port) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
      throw new UnsupportedOperationException();
    }
  }
}
