package dev.llmreplay.structure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public API is what {@code api/llm-replay.api} says it is: a change to a public signature of
 * the exported packages fails this test with the diff until the file is updated with it, so every
 * API change is seen in review. To accept a change, regenerate the file:
 *
 * <pre>mvn -o -q test -Dtest=ApiDumpTest -Dllmreplay.api.update=true</pre>
 */
class ApiDumpTest {
  static final Path DUMP = Path.of("api", "llm-replay.api");
  static final String UPDATE = "mvn -o -q test -Dtest=ApiDumpTest -Dllmreplay.api.update=true";

  static final String PREAMBLE =
      "# The public API of llm-replay: every public and protected signature of the exported\n"
          + "# packages. Checked by ApiDumpTest; after an intended API change, regenerate with\n"
          + "#   "
          + UPDATE
          + "\n\n";

  @Test
  void theCommittedDumpIsThePublicApi() throws Exception {
    String actual = PREAMBLE + ApiDump.of(ClassFiles.root(), ModuleDescriptorTest.API_PACKAGES);
    if (Boolean.getBoolean("llmreplay.api.update")) {
      Files.createDirectories(DUMP.getParent());
      Files.writeString(DUMP, actual, StandardCharsets.UTF_8);
    }
    String expected = Files.exists(DUMP) ? Files.readString(DUMP, StandardCharsets.UTF_8) : "";
    if (!expected.equals(actual)) {
      fail(
          "The public API differs from "
              + DUMP
              + " (- committed, + compiled). If the change is intended, update the file with\n  "
              + UPDATE
              + "\nand commit it.\n\n"
              + diff(expected, actual));
    }
  }

  static String diff(String expected, String actual) {
    List<String> before = Arrays.asList(expected.split("\n", -1));
    List<String> after = Arrays.asList(actual.split("\n", -1));
    List<String> lines =
        UnifiedDiffUtils.generateUnifiedDiff(
            DUMP.toString(), "compiled", before, DiffUtils.diff(before, after), 2);
    return String.join("\n", lines);
  }

  @Test
  void theDiffShowsTheChangedSignature() {
    String diff =
        diff(
            "public final class a.B\n  public int size()\n",
            "public final class a.B\n  public long size()\n");
    assertThat(diff).contains("-  public int size()").contains("+  public long size()");
  }

  @Test
  void theDumpNamesTypesSupertypesGenericsVarargsAndDefaults() throws Exception {
    String dump = ApiDump.of(ClassFiles.root(), ModuleDescriptorTest.API_PACKAGES);
    assertThat(dump)
        .contains(
            "public final class dev.llmreplay.RecordReplayInterceptor implements okhttp3.Interceptor\n")
        .contains("public static final class dev.llmreplay.RecordReplayInterceptor.Builder\n")
        .contains("public enum dev.llmreplay.Mode\n")
        .contains("  public static dev.llmreplay.Mode valueOf(java.lang.String)\n")
        .contains("public @interface dev.llmreplay.junit.LlmReplay\n")
        .contains(
            "  public okhttp3.Response intercept(okhttp3.Interceptor.Chain) throws java.io.IOException\n");
  }
}
