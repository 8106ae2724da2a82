package dev.llmreplay.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of commands lists exactly the commands the command line has. */
class ReadmeCommandTableTest {
  @Test
  void commandTableListsEveryRegisteredCommand() throws IOException {
    String readme = Files.readString(Path.of("README.md")).replace("\r\n", "\n");
    int section = readme.indexOf("\n## The command line\n");
    assertThat(section).as("README section 'The command line'").isPositive();
    String body = readme.substring(section + 1);
    int next = body.indexOf("\n## ");
    body = next < 0 ? body : body.substring(0, next);

    Set<String> documented = new LinkedHashSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `([a-z]+)[^`]*` \\|").matcher(body);
    while (row.find()) documented.add(row.group(1));

    Set<String> registered = Main.commandLine(new Main()).getSubcommands().keySet();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
  }
}
