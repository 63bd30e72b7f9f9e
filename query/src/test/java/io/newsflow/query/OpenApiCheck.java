package io.newsflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Holds the OpenAPI document to the routes the API serves: every route is described with each query
 * parameter it takes and no other, and every path described is served.
 */
final class OpenApiCheck {
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

  private OpenApiCheck() {}

  @SuppressWarnings("unchecked")
  static void assertDescribes(String yaml, List<QueryApi.Route> routes) {
    Map<String, Object> doc = new Yaml().load(yaml);
    assertThat(doc.get("openapi")).asString().startsWith("3.");
    Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
    Map<String, Object> components = (Map<String, Object>) doc.get("components");
    Map<String, Object> shared = (Map<String, Object>) components.get("parameters");

    List<String> served = new ArrayList<>();
    for (QueryApi.Route route : routes) {
      String path = route.openApiPath();
      served.add(path);
      assertThat(paths).as("openapi.yaml describes %s", path).containsKey(path);
      Map<String, Object> get =
          (Map<String, Object>) ((Map<String, Object>) paths.get(path)).get("get");
      assertThat(get).as("openapi.yaml describes GET %s", path).isNotNull();
      assertThat(get).as("GET %s has responses", path).containsKey("responses");

      Set<String> query = new TreeSet<>();
      Set<String> inPath = new TreeSet<>();
      for (Object item : (List<Object>) get.getOrDefault("parameters", List.of())) {
        Map<String, Object> parameter = (Map<String, Object>) item;
        Object ref = parameter.get("$ref");
        if (ref != null) {
          String name = ref.toString().substring("#/components/parameters/".length());
          parameter = (Map<String, Object>) shared.get(name);
          assertThat(parameter).as("%s resolves", ref).isNotNull();
        }
        (parameter.get("in").equals("path") ? inPath : query).add((String) parameter.get("name"));
      }
      Set<String> template = new TreeSet<>();
      Matcher m = PATH_PARAMETER.matcher(path);
      while (m.find()) {
        template.add(m.group(1));
      }
      assertThat(inPath).as("path parameters of GET %s", path).isEqualTo(template);
      if (route.parameters() != null) {
        assertThat(query)
            .as("query parameters of GET %s in openapi.yaml", path)
            .isEqualTo(new TreeSet<>(route.parameters()));
      }
    }
    assertThat(served)
        .as("every path described is served")
        .containsExactlyInAnyOrderElementsOf(paths.keySet());
  }
}
