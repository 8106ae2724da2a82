package dev.llmreplay.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs {@link Sample} classes only when the configuration parameter {@value #ENABLED} is true (set
 * by {@link SampleRun}), and resolves {@link LiveApi.Url} from {@value #LIVE} and {@link Prompt}.
 */
final class SampleSupport implements ExecutionCondition, ParameterResolver {
  static final String ENABLED = "llmreplay.samples";
  static final String LIVE = "llmreplay.samples.live";
  static final String PROMPT = "llmreplay.samples.prompt";

  /** The prompt a sample sends: {@value #PROMPT}, default {@code hello}. */
  record Prompt(String value) {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context.getConfigurationParameter(ENABLED).filter("true"::equals).isPresent()
        ? ConditionEvaluationResult.enabled("run by SampleRun")
        : ConditionEvaluationResult.disabled("a sample: run only by SampleRun");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LiveApi.Url.class || type == Prompt.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == Prompt.class) {
      return new Prompt(context.getConfigurationParameter(PROMPT).orElse("hello"));
    }
    return new LiveApi.Url(context.getConfigurationParameter(LIVE).orElse("http://127.0.0.1:9"));
  }
}
