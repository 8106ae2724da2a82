/**
 * Streams on the wire: incremental decoders that turn the bytes of a streamed LLM response into
 * {@link dev.llmreplay.internal.stream.StreamEvent}s while it is being read ({@link
 * dev.llmreplay.internal.stream.SseParser} for {@code text/event-stream}, {@link
 * dev.llmreplay.internal.stream.NdjsonCodec} for Ollama's {@code application/x-ndjson}, {@code
 * EventStreamCodec} for Bedrock's binary {@code application/vnd.amazon.eventstream}), and encoders
 * that write those events back as the same wire format ({@link
 * dev.llmreplay.internal.stream.SseWriter}). {@link dev.llmreplay.internal.stream.StreamFormat}
 * picks the codec from a response's {@code Content-Type}.
 */
package dev.llmreplay.internal.stream;
