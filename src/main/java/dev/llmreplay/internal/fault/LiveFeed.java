package dev.llmreplay.internal.fault;

import dev.llmreplay.internal.stream.StreamDecoder;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import java.io.IOException;
import java.util.ArrayDeque;
import okio.Buffer;
import okio.Source;

/**
 * A live body (a recording's tee, or the upstream itself) as chunks: each complete stream event
 * re-encoded on its own, exactly as a replay of it would be sent, or the raw pieces of a whole
 * body. {@link #drain()} reads the upstream to its end, so a recording behind it is complete.
 */
public final class LiveFeed implements ChunkFeed {
  private final Source upstream;
  private final StreamFormat format;
  private final StreamDecoder decoder;
  private final Buffer buffer = new Buffer();
  private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
  private boolean ended;

  public LiveFeed(Source upstream, StreamFormat format) {
    this.upstream = upstream;
    this.format = format;
    this.decoder = format == StreamFormat.NONE ? null : format.newDecoder();
  }

  @Override
  public byte[] next() throws IOException {
    while (ready.isEmpty() && !ended) {
      long n = upstream.read(buffer, 8192);
      if (n == -1) {
        ended = true;
        if (decoder != null) decoder.finish().forEach(this::add);
      } else if (decoder == null) {
        ready.add(buffer.readByteArray());
      } else {
        decoder.feed(buffer, 0, buffer.size()).forEach(this::add);
        buffer.clear();
      }
    }
    return ready.poll();
  }

  private void add(StreamEvent e) {
    ready.add(format.encode(e));
  }

  @Override
  public void drain() throws IOException {
    ready.clear();
    while (!ended) {
      if (upstream.read(buffer, 8192) == -1) ended = true;
      buffer.clear();
    }
  }

  @Override
  public void close() throws IOException {
    upstream.close();
  }
}
