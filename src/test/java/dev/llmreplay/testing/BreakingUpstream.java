package dev.llmreplay.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket upstream on 127.0.0.1 that answers every request with a chunked {@code
 * text/event-stream} of the given events and then breaks the way it was told: a TCP reset, or a
 * clean end of the body without the events that should have followed. What MockWebServer cannot do
 * exactly: fail after a given event, not after a byte count.
 */
public final class BreakingUpstream implements AutoCloseable {
  /** How the answer ends after its events. */
  public enum End {
    /**
     * After {@link #reset()} is called (once the client has read the events, so that none is lost
     * to the reset), SO_LINGER 0 and close: the client's next read gets "Connection reset".
     */
    RESET,
    /** The terminating chunk: a clean end of the body. */
    CLEAN
  }

  private final ServerSocket server;
  private final Thread thread;
  private final Semaphore resets = new Semaphore(0);

  private BreakingUpstream(List<String> events, End end) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(() -> serve(events, end), "breaking-upstream");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts serving {@code events} (each a complete SSE event, such as {@code "data: x\n\n"}). */
  public static BreakingUpstream start(List<String> events, End end) throws IOException {
    return new BreakingUpstream(events, end);
  }

  /** Lets the current answer reset its connection (its events have been read). */
  public void reset() {
    resets.release();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  private void serve(List<String> events, End end) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        readRequest(s.getInputStream());
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (String e : events) {
          byte[] b = e.getBytes(StandardCharsets.UTF_8);
          out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(b);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (end == End.CLEAN) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (end == End.RESET) {
          if (!resets.tryAcquire(30, TimeUnit.SECONDS)) throw new IOException("reset() not called");
          s.setSoLinger(true, 0);
        }
      } catch (IOException e) {
        if (!server.isClosed()) throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Reads the request head and a Content-Length body. */
  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      head.write(c);
      String h = head.toString(StandardCharsets.US_ASCII);
      if (h.endsWith("\r\n\r\n")) {
        for (String line : h.split("\r\n")) {
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            in.readNBytes(Integer.parseInt(line.substring(15).trim()));
          }
        }
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
