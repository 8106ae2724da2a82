package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every file in {@code .github/workflows} parses as YAML and has what GitHub Actions needs; the
 * refresh workflow is concurrency-guarded and pins its actions by commit SHA; CI never sees a
 * secret and never records. (A schema lint is opt-in: {@code scripts/validate-workflows.sh}.)
 */
class WorkflowFilesTest {
  static final Path WORKFLOWS = Path.of(".github", "workflows");
  static final Pattern USES =
      Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*(\\S+)(.*)$", Pattern.MULTILINE);
  static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

  static List<Path> workflowFiles() throws IOException {
    try (Stream<Path> s = Files.list(WORKFLOWS)) {
      return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @SuppressWarnings("unchecked")
  static Map<Object, Object> load(Path file) throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    Object doc = yaml.load(Files.readString(file));
    assertThat(doc).as(file + " is a YAML mapping").isInstanceOf(Map.class);
    return (Map<Object, Object>) doc;
  }

  /** YAML 1.1 (SnakeYAML) reads the bare key {@code on} as boolean true; GitHub reads "on". */
  static Object on(Map<Object, Object> workflow) {
    return workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, String what) {
    assertThat(o).as(what).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> steps(Map<String, Object> job, String what) {
    Object steps = job.get("steps");
    assertThat(steps).as(what + " steps").isInstanceOf(List.class);
    return (List<Map<String, Object>>) steps;
  }

  static List<String[]> usesLines(Path file) throws IOException {
    List<String[]> out = new ArrayList<>();
    Matcher m = USES.matcher(Files.readString(file));
    while (m.find()) out.add(new String[] {m.group(1), m.group(2).trim()});
    return out;
  }

  @Test
  void theExpectedWorkflowsExist() throws IOException {
    assertThat(workflowFiles())
        .extracting(p -> p.getFileName().toString())
        .contains("ci.yml", "refresh-fixtures.yml", "release.yml");
  }

  @Test
  void everyWorkflowHasNameTriggersPermissionsAndJobsWithSteps() throws IOException {
    for (Path file : workflowFiles()) {
      Map<Object, Object> w = load(file);
      assertThat(w.get("name")).as(file + " name").isInstanceOf(String.class);
      assertThat(on(w)).as(file + " on").isNotNull();
      assertThat(w.get("permissions"))
          .as(file + " permissions (least privilege, stated)")
          .isNotNull();
      Map<String, Object> jobs = map(w.get("jobs"), file + " jobs");
      assertThat(jobs).as(file + " jobs").isNotEmpty();
      for (Map.Entry<String, Object> e : jobs.entrySet()) {
        String what = file + " job " + e.getKey();
        Map<String, Object> job = map(e.getValue(), what);
        assertThat(job.get("runs-on")).as(what + " runs-on").isNotNull();
        assertThat(job.get("timeout-minutes"))
            .as(what + " timeout-minutes")
            .isInstanceOf(Integer.class);
        List<Map<String, Object>> steps = steps(job, what);
        assertThat(steps).as(what + " steps").isNotEmpty();
        for (Map<String, Object> step : steps) {
          assertThat(step.containsKey("uses") ^ step.containsKey("run"))
              .as(what + " step has uses or run: " + step)
              .isTrue();
        }
      }
    }
  }

  @Test
  void thirdPartyActionsArePinnedByCommitShaWithAVersionComment() throws IOException {
    for (Path file : workflowFiles()) {
      for (String[] uses : usesLines(file)) {
        String ref = uses[0];
        if (ref.startsWith("./") || ref.startsWith("docker://")) continue;
        String owner = ref.substring(0, ref.indexOf('/'));
        boolean firstParty = owner.equals("actions") || owner.equals("github");
        String version = ref.substring(ref.indexOf('@') + 1);
        if (!firstParty) {
          assertThat(version).as(file + ": " + ref + " pinned by a full commit SHA").matches(SHA);
          assertThat(uses[1])
              .as(file + ": " + ref + " names its version")
              .matches("# v\\d+(\\.\\d+)*");
        }
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void refreshWorkflowRunsTheFlowAndOpensAPullRequest() throws IOException {
    Path file = WORKFLOWS.resolve("refresh-fixtures.yml");
    Map<Object, Object> w = load(file);
    Map<String, Object> on = map(on(w), "on");
    Map<String, Object> dispatch = map(on.get("workflow_dispatch"), "workflow_dispatch");
    Map<String, Object> inputs = map(dispatch.get("inputs"), "inputs");
    Map<String, Object> mode = map(inputs.get("mode"), "mode input");
    assertThat(mode.get("type")).isEqualTo("choice");
    assertThat((List<String>) mode.get("options")).containsExactly("record-missing", "record");
    assertThat(inputs).containsKey("tests");
    List<Map<String, Object>> schedule = (List<Map<String, Object>>) on.get("schedule");
    assertThat(schedule).hasSize(1);
    assertThat((String) schedule.get(0).get("cron")).matches("\\S+ \\S+ \\* \\* \\d"); // weekly
    Map<String, Object> concurrency = map(w.get("concurrency"), "concurrency");
    assertThat(concurrency.get("group")).isEqualTo("refresh-fixtures");
    assertThat(concurrency.get("cancel-in-progress")).isEqualTo(false);

    // With secrets in play, every action (first-party too) is pinned by SHA.
    for (String[] uses : usesLines(file)) {
      assertThat(uses[0].substring(uses[0].indexOf('@') + 1)).as(uses[0]).matches(SHA);
    }
    Map<String, Object> job = map(map(w.get("jobs"), "jobs").get("refresh"), "refresh job");
    List<Map<String, Object>> steps = steps(job, "refresh");
    String runs =
        steps.stream().map(s -> String.valueOf(s.get("run"))).collect(Collectors.joining("\n"));
    assertThat(runs)
        .contains("-Dllmreplay.mode=$MODE")
        .contains("llm-replay prune \"$RECORDINGS\" --usage target/llm-replay/usage.json")
        .contains("llm-replay verify \"$RECORDINGS\"")
        .contains("llm-replay report \"$RUNNER_TEMP/fixtures-before\" \"$RECORDINGS\"");
    Map<String, Object> prune =
        steps.stream()
            .filter(s -> String.valueOf(s.get("run")).contains("prune"))
            .findFirst()
            .orElseThrow();
    assertThat(prune.get("if")).isEqualTo("env.TESTS == ''");
    Map<String, Object> pr = steps.get(steps.size() - 1);
    assertThat((String) pr.get("uses")).startsWith("peter-evans/create-pull-request@");
    assertThat(map(pr.get("with"), "with").get("body-path"))
        .isEqualTo("${{ runner.temp }}/fixture-report.md");

    // Secrets reach only the step that runs the tests, and only as environment variables.
    for (Map<String, Object> step : steps) {
      String text = step.toString();
      boolean isTestStep = String.valueOf(step.get("run")).contains("-Dllmreplay.mode=");
      if (!isTestStep)
        assertThat(text).as("step without secrets: " + step.get("name")).doesNotContain("secrets.");
    }
    Map<String, Object> testStep =
        steps.stream()
            .filter(s -> String.valueOf(s.get("run")).contains("-Dllmreplay.mode="))
            .findFirst()
            .orElseThrow();
    assertThat(String.valueOf(testStep.get("run"))).doesNotContain("secrets.");
    assertThat(map(testStep.get("env"), "test step env").values())
        .allSatisfy(v -> assertThat((String) v).matches("\\$\\{\\{ secrets\\.[A-Z0-9_]+ }}"));
    // Inputs reach the shell only through environment variables, never spliced into a script.
    assertThat(runs).doesNotContain("${{");
  }

  @Test
  @SuppressWarnings("unchecked")
  void ciNeverRecordsNeverSeesASecretAndVerifiesTheRecordings() throws IOException {
    Path file = WORKFLOWS.resolve("ci.yml");
    String text = Files.readString(file);
    assertThat(text)
        .doesNotContain("secrets.")
        .doesNotContain("llmreplay.mode")
        .doesNotContainIgnoringCase("LLM_REPLAY_MODE")
        .doesNotContainPattern("record-missing|mode[=: ]+record");
    Map<Object, Object> w = load(file);
    Map<String, Object> on = map(on(w), "on");
    assertThat(on).containsKeys("push", "pull_request");
    Map<String, Object> jobs = map(w.get("jobs"), "jobs");
    Map<String, Object> verify = map(jobs.get("verify"), "verify job");
    Map<String, Object> matrix =
        map(map(verify.get("strategy"), "strategy").get("matrix"), "matrix");
    assertThat((List<String>) matrix.get("java")).containsExactly("17", "21");
    assertThat((List<String>) matrix.get("okhttp")).containsExactly("4.12", "5.x");
    String runs =
        steps(verify, "verify").stream()
            .map(s -> String.valueOf(s.get("run")))
            .collect(Collectors.joining("\n"));
    assertThat(runs).contains("mvn -B verify").contains("llm-replay-*-all.jar verify recordings");
  }

  @Test
  void releasePublishesOnAVersionTagWithSecretsOnlyInTheDeployStep() throws IOException {
    Path file = WORKFLOWS.resolve("release.yml");
    Map<Object, Object> w = load(file);
    Map<String, Object> push = map(map(on(w), "on").get("push"), "on.push");
    assertThat(push).containsOnlyKeys("tags");
    assertThat(push.get("tags")).isEqualTo(List.of("v*"));
    Map<String, Object> concurrency = map(w.get("concurrency"), "concurrency");
    assertThat(concurrency.get("cancel-in-progress")).isEqualTo(false);
    // With secrets in play, every action (first-party too) is pinned by SHA.
    for (String[] uses : usesLines(file)) {
      assertThat(uses[0].substring(uses[0].indexOf('@') + 1)).as(uses[0]).matches(SHA);
    }
    List<Map<String, Object>> steps =
        steps(map(map(w.get("jobs"), "jobs").get("publish"), "publish job"), "publish");
    Map<String, Object> deploy = steps.get(steps.size() - 1);
    assertThat(String.valueOf(deploy.get("run"))).contains("mvn -B -Prelease").contains("deploy");
    assertThat(map(deploy.get("env"), "deploy env"))
        .containsKeys(
            "CENTRAL_USERNAME", "CENTRAL_PASSWORD", "MAVEN_GPG_KEY", "MAVEN_GPG_PASSPHRASE")
        .allSatisfy((k, v) -> assertThat((String) v).matches("\\$\\{\\{ secrets\\.[A-Z0-9_]+ }}"));
    for (Map<String, Object> step : steps) {
      if (step != deploy)
        assertThat(step.toString()).as(step.toString()).doesNotContain("secrets.");
      assertThat(String.valueOf(step.get("run"))).doesNotContain("${{");
    }
  }
}
