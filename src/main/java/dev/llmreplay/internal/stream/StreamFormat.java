package dev.llmreplay.internal.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import okio.Buffer;
import okio.BufferedSink;

/** How a response body is framed into events, as told by its {@code Content-Type}. */
public enum StreamFormat {
  /** Server-sent events ({@code text/event-stream}): OpenAI, Anthropic and most hosted APIs. */
  SSE {
    @Override
    public StreamDecoder newDecoder() {
      return new SseParser();
    }

    @Override
    public void write(StreamEvent event, BufferedSink sink) throws IOException {
      SseWriter.write(event, sink);
    }
  },

  /** Newline-delimited JSON, one event per line: Ollama's native API. */
  NDJSON {
    @Override
    public StreamDecoder newDecoder() {
      return new NdjsonCodec();
    }

    @Override
    public void write(StreamEvent event, BufferedSink sink) throws IOException {
      NdjsonCodec.write(event, sink);
    }
  },

  /** Not a stream of events: the body is kept as a whole. */
  NONE {
    @Override
    public StreamDecoder newDecoder() {
      throw noEvents();
    }

    @Override
    public void write(StreamEvent event, BufferedSink sink) {
      throw noEvents();
    }
  };

  /**
   * The format of a body with this {@code Content-Type} header value: {@code text/event-stream} is
   * {@link #SSE}; {@code application/x-ndjson}, {@code application/ndjson}, {@code
   * application/jsonl}, {@code application/x-jsonl}, {@code application/jsonlines} and {@code
   * application/x-jsonlines} are {@link #NDJSON}; anything else, and null, is {@link #NONE}. Case
   * and parameters ({@code ; charset=utf-8}) are ignored.
   *
   * <p>{@code application/json-seq} (RFC 7464) is NONE: its records start with an RS character,
   * which the NDJSON codec would keep inside each event's data, and no LLM API uses it.
   */
  public static StreamFormat fromContentType(String contentType) {
    if (contentType == null) return NONE;
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    switch (type) {
      case "text/event-stream":
        return SSE;
      case "application/x-ndjson":
      case "application/ndjson":
      case "application/jsonl":
      case "application/x-jsonl":
      case "application/jsonlines":
      case "application/x-jsonlines":
        return NDJSON;
      default:
        return NONE;
    }
  }

  /**
   * A fresh incremental decoder for one stream in this format.
   *
   * @throws UnsupportedOperationException for {@link #NONE}
   */
  public abstract StreamDecoder newDecoder();

  /**
   * Writes {@code event} in this format to {@code sink}, without flushing.
   *
   * @throws IllegalArgumentException if the event cannot be written so that it reads back equal
   * @throws UnsupportedOperationException for {@link #NONE}
   */
  public abstract void write(StreamEvent event, BufferedSink sink) throws IOException;

  /**
   * The wire bytes of {@code event} in this format.
   *
   * @throws IllegalArgumentException if the event cannot be written so that it reads back equal
   * @throws UnsupportedOperationException for {@link #NONE}
   */
  public byte[] encode(StreamEvent event) {
    Buffer buffer = new Buffer();
    try {
      write(event, buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does no I/O
    }
    return buffer.readByteArray();
  }

  private static UnsupportedOperationException noEvents() {
    return new UnsupportedOperationException("a body without stream framing has no events");
  }
}
