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

  /**
   * AWS event streams ({@code application/vnd.amazon.eventstream}): Amazon Bedrock's streaming
   * APIs. Binary frames with typed headers and checksums, one event per frame, re-encoded to the
   * same bytes. Needs {@code software.amazon.awssdk:eventstream} on the classpath (the AWS SDK
   * brings it), which is loaded only when such a stream is met.
   */
  AWS_EVENTSTREAM {
    @Override
    public StreamDecoder newDecoder() {
      try {
        return new EventStreamCodec();
      } catch (NoClassDefFoundError e) {
        throw withoutCodec(e);
      }
    }

    @Override
    public void write(StreamEvent event, BufferedSink sink) throws IOException {
      try {
        EventStreamCodec.write(event, sink);
      } catch (NoClassDefFoundError e) {
        throw withoutCodec(e);
      }
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
   * application/x-jsonlines} are {@link #NDJSON}; {@code application/vnd.amazon.eventstream} is
   * {@link #AWS_EVENTSTREAM}; anything else, and null, is {@link #NONE}. Case and parameters
   * ({@code ; charset=utf-8}) are ignored.
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
      case "application/vnd.amazon.eventstream":
        return AWS_EVENTSTREAM;
      default:
        return NONE;
    }
  }

  /** The name a fixture's {@code stream_format} gives this format: sse, ndjson, aws-eventstream. */
  public String fixtureName() {
    return this == AWS_EVENTSTREAM ? "aws-eventstream" : name().toLowerCase(Locale.ROOT);
  }

  /** The format a fixture's {@code stream_format} names (any case); SSE when unknown or absent. */
  public static StreamFormat ofFixtureName(String name) {
    switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "ndjson":
        return NDJSON;
      case "aws-eventstream":
        return AWS_EVENTSTREAM;
      default:
        return SSE;
    }
  }

  /** The content type a stream of this format is sent with, when the fixture names none. */
  public String defaultContentType() {
    switch (this) {
      case SSE:
        return "text/event-stream";
      case NDJSON:
        return "application/x-ndjson";
      case AWS_EVENTSTREAM:
        return "application/vnd.amazon.eventstream";
      default:
        return null;
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

  private static IllegalStateException withoutCodec(NoClassDefFoundError e) {
    return new IllegalStateException(
        "an application/vnd.amazon.eventstream body needs the AWS event-stream codec: add"
            + " software.amazon.awssdk:eventstream (the AWS SDK for Java 2.x brings it) to the"
            + " classpath",
        e);
  }

  private static UnsupportedOperationException noEvents() {
    return new UnsupportedOperationException("a body without stream framing has no events");
  }
}
