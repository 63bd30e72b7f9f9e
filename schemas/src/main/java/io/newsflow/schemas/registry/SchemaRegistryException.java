package io.newsflow.schemas.registry;

/**
 * A registry answered with an error, or could not be asked. Carries the HTTP status and the
 * registry's own {@code error_code} when there was an answer.
 */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    this(message, httpStatus, errorCode, null);
  }

  /** HTTP status of the registry's answer, or 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's {@code error_code} (e.g. 40403 schema not found), or 0 when absent. */
  public int errorCode() {
    return errorCode;
  }

  /** Whether asking again later may succeed (registry down, overloaded, timing out). */
  public boolean isTransient() {
    return false;
  }
}
