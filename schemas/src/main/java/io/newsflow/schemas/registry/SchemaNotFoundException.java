package io.newsflow.schemas.registry;

/** The registry has no such schema id, subject or version (HTTP 404). A permanent error. */
public class SchemaNotFoundException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public SchemaNotFoundException(String message, int errorCode) {
    super(message, 404, errorCode);
  }
}
