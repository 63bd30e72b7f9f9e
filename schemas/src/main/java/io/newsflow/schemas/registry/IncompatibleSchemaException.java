package io.newsflow.schemas.registry;

/**
 * The subject's compatibility rule refused the schema (HTTP 409). Fix the schema so that it is
 * BACKWARD compatible: add fields only with defaults, remove only fields that had defaults.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public IncompatibleSchemaException(String message, int errorCode) {
    super(message, 409, errorCode);
  }
}
