package dev.llmreplay.internal.stream;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.management.ManagementFactory;

/**
 * A rough throughput and allocation figure for {@link SseParser} on an OpenAI-style 50-chunk stream
 * fed whole, in 97-byte and in 16-byte pieces. Not a test (surefire skips it); run it with {@code
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt && java -cp
 * target/classes:target/test-classes:$(cat target/cp.txt)
 * dev.llmreplay.internal.stream.SseParserBenchmark}.
 */
public final class SseParserBenchmark {
  private SseParserBenchmark() {}

  /** Prints microseconds, MB/s and bytes allocated per parsed stream for each piece size. */
  public static void main(String[] args) {
    StringBuilder stream = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      stream
          .append("data: {\"id\":\"chatcmpl-AB1\",\"object\":\"chat.completion.chunk\",")
          .append("\"created\":1736000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,")
          .append("\"delta\":{\"content\":\"token ")
          .append(i)
          .append("\"},\"finish_reason\":null}]}\n\n");
    }
    stream.append("data: [DONE]\n\n");
    byte[] bytes = stream.toString().getBytes(UTF_8);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int piece : new int[] {bytes.length, 97, 16}) {
      long events = 0;
      for (int i = 0; i < 20_000; i++) events += parse(bytes, piece);
      int reps = 50_000;
      long allocated = threads.getThreadAllocatedBytes(thread);
      long start = System.nanoTime();
      for (int i = 0; i < reps; i++) events += parse(bytes, piece);
      double micros = (System.nanoTime() - start) / 1e3 / reps;
      allocated = threads.getThreadAllocatedBytes(thread) - allocated;
      System.out.printf(
          "pieces of %5d bytes: %6.2f us per %d-byte stream of 51 events, %4.0f MB/s,"
              + " %6.0f bytes allocated per stream (%d events)%n",
          piece, micros, bytes.length, bytes.length / micros, allocated / (double) reps, events);
    }
  }

  private static int parse(byte[] bytes, int piece) {
    SseParser parser = new SseParser();
    int events = 0;
    for (int i = 0; i < bytes.length; i += piece) {
      events += parser.feed(bytes, i, Math.min(piece, bytes.length - i)).size();
    }
    return events + parser.finish().size();
  }
}
