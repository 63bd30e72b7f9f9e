package io.newsflow.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the tier-2 servers: declare a parameter of type {@link PipelineEnvironment} or {@link
 * EmbeddedEnvironment}. The servers start on first use and are shared by every test class of the
 * JVM; JUnit closes them when the run ends.
 */
public final class EmbeddedServersExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedServersExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == PipelineEnvironment.class || type == EmbeddedEnvironment.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return environment(context);
  }

  public static EmbeddedEnvironment environment(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "servers", k -> EmbeddedEnvironment.start(), EmbeddedEnvironment.class);
  }
}
