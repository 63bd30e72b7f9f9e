package io.newsflow.query;

import java.util.List;

/** A request the query API refuses with 400: each bad parameter with the reason. */
final class InvalidRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One bad parameter and what is wrong with it. */
  record ParameterError(String parameter, String message) {}

  private final transient List<ParameterError> errors;

  InvalidRequestException(List<ParameterError> errors) {
    super(
        errors.stream()
            .map(e -> e.parameter() + ": " + e.message())
            .reduce((a, b) -> a + "; " + b)
            .orElse("invalid request"));
    this.errors = List.copyOf(errors);
  }

  InvalidRequestException(String parameter, String message) {
    this(List.of(new ParameterError(parameter, message)));
  }

  List<ParameterError> errors() {
    return errors;
  }
}
