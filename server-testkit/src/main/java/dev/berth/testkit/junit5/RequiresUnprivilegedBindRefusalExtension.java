package dev.berth.testkit.junit5;

import dev.berth.testkit.Privilege;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Evaluates {@link RequiresUnprivilegedBindRefusal}; the probe runs once per JVM. */
public final class RequiresUnprivilegedBindRefusalExtension implements ExecutionCondition {
  static final String SKIP_PREFIX = "cannot test a privileged-port refusal here: ";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (!AnnotationSupport.isAnnotated(context.getElement(), RequiresUnprivilegedBindRefusal.class)) {
      return ConditionEvaluationResult.enabled("not annotated with @RequiresUnprivilegedBindRefusal");
    }
    Optional<String> reason = Privilege.privilegedBindRefusal();
    return reason.isEmpty()
        ? ConditionEvaluationResult.enabled("an unprivileged bind of a privileged port is refused here")
        : ConditionEvaluationResult.disabled(SKIP_PREFIX + reason.get());
  }
}
