package dev.llmreplay.internal.stream;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Feeds whole streams to decoders in chosen pieces; shared by the codec tests. */
final class Feeding {
  private Feeding() {}

  static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  /** Feeds {@code bytes} cut at the given ascending offsets, then finishes. */
  static List<StreamEvent> feedCut(StreamDecoder decoder, byte[] bytes, int... cuts) {
    List<StreamEvent> events = new ArrayList<>();
    int start = 0;
    for (int cut : cuts) {
      events.addAll(decoder.feed(bytes, start, cut - start));
      start = cut;
    }
    events.addAll(decoder.feed(bytes, start, bytes.length - start));
    events.addAll(decoder.finish());
    return events;
  }

  static List<StreamEvent> feedWhole(StreamDecoder decoder, String stream) {
    return feedCut(decoder, utf8(stream));
  }

  static List<StreamEvent> feedByteByByte(StreamDecoder decoder, byte[] bytes) {
    List<StreamEvent> events = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      events.addAll(decoder.feed(new byte[] {bytes[i]}));
    }
    events.addAll(decoder.finish());
    return events;
  }

  /**
   * Asserts that every way of feeding {@code bytes} (whole, byte by byte, every split into two and
   * into three pieces) gives {@code expected}; returns the number of ways tried.
   */
  static int assertAllSplitsGive(
      Supplier<StreamDecoder> decoders, byte[] bytes, List<StreamEvent> expected) {
    int ways = 0;
    check(expected, feedCut(decoders.get(), bytes), "whole");
    check(expected, feedByteByByte(decoders.get(), bytes), "byte by byte");
    for (int i = 0; i <= bytes.length; i++) {
      check(expected, feedCut(decoders.get(), bytes, i), "split at " + i);
      for (int j = i; j <= bytes.length; j++) {
        check(expected, feedCut(decoders.get(), bytes, i, j), "split at " + i + ", " + j);
        ways++;
      }
    }
    return ways;
  }

  private static void check(List<StreamEvent> expected, List<StreamEvent> actual, String how) {
    if (!expected.equals(actual)) {
      throw new AssertionError("fed " + how + ":\nexpected " + expected + "\nbut got  " + actual);
    }
  }
}
