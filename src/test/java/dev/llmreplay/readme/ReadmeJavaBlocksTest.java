package dev.llmreplay.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java example in README.md stands, verbatim (up to whitespace), in a test source file —
 * where it is compiled and run. A README edit that no test follows fails here.
 */
class ReadmeJavaBlocksTest {
  static String squash(String s) {
    return s.replaceAll("\\s+", "");
  }

  @Test
  void everyJavaBlockIsCompiledAndRunByATest() throws IOException {
    String readme = Files.readString(Path.of("README.md")).replace("\r\n", "\n");
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)```java\n(.*?)\n```").matcher(readme);
    while (m.find()) blocks.add(m.group(1));
    assertThat(blocks).hasSizeGreaterThan(10);

    String tests;
    try (Stream<Path> s = Files.walk(Path.of("src/test/java"))) {
      List<Path> files =
          s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
      StringBuilder sb = new StringBuilder();
      for (Path p : files) {
        if (!p.endsWith("ReadmeJavaBlocksTest.java")) sb.append(Files.readString(p));
      }
      tests = squash(sb.toString());
    }
    List<String> missing = new ArrayList<>();
    for (String block : blocks) {
      // Import lists are shown for copy-paste; the code after them is what must be tested.
      String code =
          block
              .lines()
              .filter(l -> !l.startsWith("import ") && !l.startsWith("package "))
              .collect(Collectors.joining("\n"));
      if (!tests.contains(squash(code))) missing.add(block);
    }
    assertThat(missing).as("README Java blocks that no test compiles and runs").isEmpty();
  }
}
