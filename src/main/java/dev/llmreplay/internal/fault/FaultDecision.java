package dev.llmreplay.internal.fault;

/**
 * What the faults do to one call: wait {@code delayMillis} before answering, then apply {@code
 * rule}'s action (null: answer as recorded).
 *
 * @param call the call number of this request key (0 when no faults were in play)
 */
public record FaultDecision(int call, long delayMillis, FaultRule rule) {
  public static final FaultDecision NONE = new FaultDecision(0, 0, null);

  public boolean isNone() {
    return delayMillis == 0 && rule == null;
  }

  /** The action that replaces or changes the answer, or null. */
  public FaultAction action() {
    return rule == null ? null : rule.action();
  }

  /** For logs and messages: {@code cut-after=5 (call 2)}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (rule != null) sb.append(rule);
    if (delayMillis > 0) {
      if (sb.length() > 0) sb.append(" + ");
      sb.append("delay=").append(DurationText.format(delayMillis));
    }
    return sb.append(" (call ").append(call).append(')').toString();
  }
}
