package dev.llmreplay.internal.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.Source;
import okio.Timeout;

/**
 * Records a response body while the client reads it: every read hands the upstream bytes to the
 * client at once and to the recording (stream events stamped with their arrival time, or the whole
 * body). The recording is handed over only when the upstream body ended cleanly.
 *
 * <p>If the upstream fails mid-way, the recorder is told so, with the events received until then
 * (what to write, if anything, is its choice), and the error reaches the client. If the client
 * closes early, the rest of the upstream body is read to complete the recording (it is never cut
 * short to look complete).
 */
public final class TeeSource implements Source {
  /** Receives the outcome of a recording. */
  public interface Recorder {
    /**
     * The upstream body ended cleanly.
     *
     * @param events the stream events (empty for non-streamed bodies)
     * @param body the whole body bytes (empty for streamed bodies)
     * @throws IOException reaches the client (e.g. the fixture could not be written)
     */
    void complete(List<StreamEvent> events, byte[] body) throws IOException;

    /** The upstream failed; nothing is recorded. */
    void failed(IOException e);

    /**
     * The upstream failed after {@code received} complete stream events (empty for bodies that are
     * not streams). By default, {@link #failed(IOException)}: nothing is recorded.
     */
    default void failed(IOException e, List<StreamEvent> received) {
      failed(e);
    }
  }

  private final Source upstream;
  private final StreamDecoder decoder;
  private final long startNanos;
  private final Recorder recorder;
  private final List<StreamEvent> events = new ArrayList<>();
  private final ByteArrayOutputStream whole;
  private final Buffer scratch = new Buffer();
  private boolean done;

  /**
   * @param decoder splits a stream into events, or null to record the whole body
   * @param startNanos {@link System#nanoTime()} at the request start (event offsets count from it)
   */
  public TeeSource(Source upstream, StreamDecoder decoder, long startNanos, Recorder recorder) {
    this.upstream = upstream;
    this.decoder = decoder;
    this.startNanos = startNanos;
    this.recorder = recorder;
    this.whole = decoder == null ? new ByteArrayOutputStream() : null;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (done) return -1;
    long n;
    try {
      n = upstream.read(sink, byteCount);
    } catch (IOException e) {
      fail(e);
      throw e;
    }
    if (n == -1) {
      finish();
      return -1;
    }
    // Record from the client's buffer in place: the client gets the bytes without a copy.
    take(sink, sink.size() - n, n);
    return n;
  }

  private void take(Buffer buffer, long offset, long n) throws IOException {
    if (decoder == null) {
      buffer.copyTo(whole, offset, n);
      return;
    }
    List<StreamEvent> completed = decoder.feed(buffer, offset, n);
    if (!completed.isEmpty()) stamp(completed);
  }

  private void stamp(List<StreamEvent> completed) {
    long t = (System.nanoTime() - startNanos) / 1_000_000L;
    for (StreamEvent e : completed) events.add(e.newBuilder().tMs(t).build());
  }

  private void finish() throws IOException {
    done = true;
    if (decoder != null) stamp(decoder.finish());
    recorder.complete(events, decoder == null ? whole.toByteArray() : new byte[0]);
  }

  private void fail(IOException e) {
    done = true;
    recorder.failed(e, List.copyOf(events));
  }

  @Override
  public Timeout timeout() {
    return upstream.timeout();
  }

  @Override
  public void close() throws IOException {
    try {
      if (!done) drain();
    } finally {
      upstream.close();
    }
  }

  /** The client stopped early: read the rest so the recording is complete, or fail it. */
  private void drain() throws IOException {
    try {
      while (true) {
        long n = upstream.read(scratch, 8192);
        if (n == -1) break;
        take(scratch, 0, n);
        scratch.clear();
      }
    } catch (IOException e) {
      fail(e);
      return;
    }
    finish();
  }
}
