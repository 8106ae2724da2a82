package dev.llmreplay.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names from user-controlled strings: readable where possible, safe always. */
class DirectoryNameTest {
  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "summarizes | summarizes",
        "1 apple, 2 | 1_apple_2",
        "[1] fruit=apple | 1_fruit_apple",
        "'[1] fruit = \"apple\"' | 1_fruit_apple",
        "2 ../../escape | 2_escape",
        "../../escape | escape",
        ".. | _",
        ". | _",
        "'' | _",
        "/etc/passwd | etc_passwd",
        "C:\\Windows\\System32 | C_Windows_System32",
        "a/../../b | a_b",
        "%2e%2e%2f | 2e_2e_2f",
        "CON | _CON",
        "nul.txt | _nul.txt",
        "Lpt1 | _Lpt1",
        "COM10 | COM10",
        "COM0 | _COM0",
        "lpt0.log | _lpt0.log",
        "1.5 | 1.5",
        "v1..2 | v1_2",
        "file.tar.gz | file.tar.gz",
        ".hidden | hidden",
        "-rf | rf",
        "-.x | x",
        "größe | gr_e",
        "日本語 | _",
        "snake__case_ | snake_case",
        "repetition 1 of 3 | repetition_1_of_3",
      })
  void readableWhereItCanBe(String raw, String expected) {
    assertThat(DirectoryName.of(raw)).isEqualTo(expected);
  }

  @Test
  void longNamesAreCutAndKeptApartByAHash() {
    String a = DirectoryName.of("x".repeat(300));
    String b = DirectoryName.of("x".repeat(301));
    assertThat(a).hasSize(64).startsWith("x".repeat(55) + "-").isNotEqualTo(b);
    assertThat(a.substring(56)).matches("[0-9a-f]{8}");
    assertThat(b).hasSize(64);
  }

  @Test
  void noStringMakesANameThatLeavesItsDirectory() {
    char[] alphabet = "aZ09-_. /\\:*?\"<>|\u0000\t\n%~$é日\uD83D\uDE00".toCharArray();
    Path root = Path.of("/recordings").toAbsolutePath().normalize();
    Random random = new Random(42);
    java.util.regex.Pattern safe =
        java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    java.util.regex.Pattern reserved =
        java.util.regex.Pattern.compile("(?i)(con|prn|aux|nul|com[1-9]|lpt[1-9])(\\..*)?");
    List<String> violations = new ArrayList<>();
    for (int n = 0; n < 10_000; n++) {
      StringBuilder raw = new StringBuilder();
      int len = random.nextInt(n % 100 == 0 ? 200 : 12);
      for (int i = 0; i < len; i++) raw.append(alphabet[random.nextInt(alphabet.length)]);
      String name = DirectoryName.of(raw.toString());
      Path dir = root.resolve(name).normalize();
      boolean ok =
          safe.matcher(name).matches()
              && !name.contains("..")
              && !name.endsWith(".")
              && !reserved.matcher(name).matches()
              && DirectoryName.of(name).equals(name)
              && root.equals(dir.getParent())
              && dir.getFileName().toString().equals(name);
      if (!ok) violations.add(raw + " -> " + name);
    }
    assertThat(violations).isEmpty();
  }
}
