package dev.llmreplay.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The public API stays small, documented, and free of internal types. */
class ApiSurfaceTest {
  /** Issue 9: at most 30 public top-level types across the exported packages. */
  static final int MAX_PUBLIC_TYPES = 30;

  /**
   * Signatures that still hand out an internal type, until the command line reaches the index
   * through an internal facade (issue 9, section 1). Entries that no longer exist do no harm;
   * delete them when they are gone.
   */
  static final Set<String> KNOWN_LEAKS = Set.of();

  @Test
  void theExportedPackagesHoldAtMostThirtyPublicTopLevelTypes() throws Exception {
    List<String> types =
        ApiDump.topLevelTypes(ClassFiles.root(), ModuleDescriptorTest.API_PACKAGES);
    assertThat(types).as("public top-level types").hasSizeLessThanOrEqualTo(MAX_PUBLIC_TYPES);
    assertThat(types)
        .contains("dev.llmreplay.RecordReplayInterceptor", "dev.llmreplay.junit.LlmReplay");
  }

  @Test
  void noPublicSignatureNamesAnInternalType() throws Exception {
    String dump = ApiDump.of(ClassFiles.root(), ModuleDescriptorTest.API_PACKAGES);
    List<String> leaks =
        Arrays.stream(dump.split("\n"))
            .map(String::strip)
            .filter(line -> line.contains("dev.llmreplay.internal."))
            .filter(line -> !KNOWN_LEAKS.contains(line))
            .collect(Collectors.toList());
    assertThat(leaks).as("public signatures naming dev.llmreplay.internal types").isEmpty();
  }

  // ---------------------------------------------------------------- Javadoc

  /** A public or protected type declaration; group 1 is the type's name. */
  static final Pattern TYPE =
      Pattern.compile(
          "^[ \\t]*(?:public|protected)\\s+(?:(?:static|final|abstract|sealed|non-sealed)\\s+)*"
              + "(?:class|interface|enum|record|@interface)\\s+(\\w+)",
          Pattern.MULTILINE);

  /** What may stand between a Javadoc comment and its declaration: annotations, blank lines. */
  static final Pattern ANNOTATIONS =
      Pattern.compile("(?:\\s*@[\\w.]+(?:\\((?:[^()]|\\([^()]*\\))*\\))?)*\\s*");

  /** The public and protected types of {@code source} that have no Javadoc comment. */
  static List<String> undocumentedTypes(String source) {
    List<String> out = new ArrayList<>();
    Matcher m = TYPE.matcher(source);
    while (m.find()) {
      String before = source.substring(0, m.start());
      int end = before.lastIndexOf("*/");
      int start = end < 0 ? -1 : before.lastIndexOf("/*", end);
      boolean documented =
          start >= 0
              && before.startsWith("/**", start)
              && ANNOTATIONS.matcher(before.substring(end + 2)).matches();
      if (!documented) out.add(m.group(1));
    }
    return out;
  }

  @Test
  void everyPublicTypeOfTheApiPackagesHasJavadoc() throws IOException {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (String pkg : ModuleDescriptorTest.API_PACKAGES) {
      Path dir = Path.of("src", "main", "java").resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          if (file.getFileName().toString().equals("package-info.java")) continue;
          String source = Files.readString(file);
          for (String type : undocumentedTypes(source)) missing.add(pkg + "." + type);
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(10);
    assertThat(missing).as("public types without a /** comment").isEmpty();
  }

  @Test
  void aTypeWithoutJavadocIsFound() {
    assertThat(
            undocumentedTypes(
                String.join(
                    "\n",
                    "package a;",
                    "",
                    "/** Documented. */",
                    "@Deprecated(since = \"1\")",
                    "public final class A {",
                    "  // a line comment is no Javadoc",
                    "  public static final class Builder {}",
                    "",
                    "  /* neither is a block comment */",
                    "  public enum Kind { X }",
                    "",
                    "  /** Documented. */",
                    "  public record Pair(int a, int b) {}",
                    "  static final class Hidden {}",
                    "}")))
        .containsExactly("Builder", "Kind");
  }
}
