package io.newsflow.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * Tier 3 for scenario tests: resolves {@link PipelineEnvironment} to {@link ContainersEnvironment},
 * shared by the whole run, and skips the tests with a clear reason where no Docker engine answers.
 */
public final class ContainersExtension implements ExecutionCondition, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ContainersExtension.class);
  private static volatile Boolean dockerAvailable;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (dockerAvailable()) {
      return ConditionEvaluationResult.enabled("a Docker engine answers: running on containers");
    }
    return ConditionEvaluationResult.disabled(
        "Tier 3 skipped: no Docker engine is reachable from this machine (Testcontainers found none)."
            + " The same scenarios run on the embedded tier (real KRaft broker in-process, Apicurio registry process).");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == PipelineEnvironment.class || type == ContainersEnvironment.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "containers", k -> ContainersEnvironment.start(), ContainersEnvironment.class);
  }

  static boolean dockerAvailable() {
    Boolean known = dockerAvailable;
    if (known == null) {
      boolean available;
      try {
        available = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        available = false;
      }
      dockerAvailable = known = available;
    }
    return known;
  }
}
