package io.newsflow.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;

/**
 * A registry in memory for unit tests, with Confluent's semantics: ids are global and shared by
 * identical schemas, registering an existing schema returns its id, and a new version must be
 * BACKWARD compatible with the subject's latest (checked with Avro's {@link SchemaCompatibility}).
 * It can be switched off to test how callers handle an unreachable registry.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
  private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();
  private final Map<String, Integer> idsByCanonicalForm = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private int nextId = 1;
  private volatile boolean available = true;

  @Override
  public synchronized int register(String subject, Schema schema) {
    enter();
    List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    String canonical = SchemaNormalization.toParsingForm(schema);
    for (RegisteredSchema v : versions) {
      if (SchemaNormalization.toParsingForm(v.schema()).equals(canonical)) {
        return v.id();
      }
    }
    if (!versions.isEmpty()) {
      Schema latest = versions.get(versions.size() - 1).schema();
      var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getResult();
      if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        throw new IncompatibleSchemaException(
            "schema for subject '"
                + subject
                + "' is not BACKWARD compatible with version "
                + versions.size()
                + ": "
                + result.getIncompatibilities(),
            409);
      }
    }
    int id = idsByCanonicalForm.computeIfAbsent(canonical, c -> nextId++);
    schemasById.putIfAbsent(id, schema);
    versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schema));
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    enter();
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaNotFoundException("Schema " + id + " not found.", 40403);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    enter();
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaNotFoundException("Subject '" + subject + "' not found.", 40401);
    }
    return versions.get(versions.size() - 1);
  }

  /** While false, every call fails as a registry that cannot be reached. */
  public void setAvailable(boolean available) {
    this.available = available;
  }

  /** Calls answered or refused so far; lets tests see what a cache saved. */
  public int requestCount() {
    return requests.get();
  }

  private void enter() {
    requests.incrementAndGet();
    if (!available) {
      throw new RegistryUnavailableException("in-memory registry is switched off", 0, null);
    }
  }
}
