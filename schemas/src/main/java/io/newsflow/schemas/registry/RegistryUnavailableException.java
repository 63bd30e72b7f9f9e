package io.newsflow.schemas.registry;

/**
 * The registry could not be reached, or kept failing with server errors, after all retries. A
 * transient condition: the caller should stop and let an operator (or a restart) deal with it
 * rather than treat the record as bad.
 */
public class RegistryUnavailableException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message, int httpStatus, Throwable cause) {
    super(message, httpStatus, 0, cause);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
