package io.newsflow.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * Where the PostgreSQL store is and who connects to it: the options {@code <prefix>.url}, {@code
 * .user} and {@code .password}, defined and read the same way for the sink ({@code sink.jdbc}) and
 * the query API ({@code query.jdbc}).
 *
 * @param url a {@code jdbc:postgresql://} URL, null when none is configured
 * @param user empty to use the URL's
 * @param password null to use the URL's
 */
public record JdbcOptions(String url, String user, String password) {
  public JdbcOptions {
    url = url == null || url.isBlank() ? null : url.trim();
    user = user == null ? "" : user;
  }

  /**
   * Adds the three options under {@code prefix} to {@code def}.
   *
   * @param urlDoc what the URL is for and what leaving it empty means
   * @param passwordDefault the password when none is given (null or empty: the URL's)
   */
  public static ConfigDef define(
      ConfigDef def, String prefix, String urlDoc, String passwordDefault) {
    return def.define(prefix + ".url", Type.STRING, "", Importance.HIGH, urlDoc)
        .define(
            prefix + ".user",
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Database user, when not given in the URL.")
        .define(
            prefix + ".password",
            Type.PASSWORD,
            passwordDefault,
            Importance.MEDIUM,
            "Database password, when not given in the URL.");
  }

  /** The options under {@code prefix} of {@code config}. */
  public static JdbcOptions of(AbstractConfig config, String prefix) {
    Password password = config.getPassword(prefix + ".password");
    String value = password == null ? null : password.value();
    return new JdbcOptions(
        config.getString(prefix + ".url"),
        config.getString(prefix + ".user"),
        value == null || value.isEmpty() ? null : value);
  }

  /** Whether a store is configured at all. */
  public boolean configured() {
    return url != null;
  }

  /** These options under another {@code prefix}, as options to give another component. */
  public Map<String, String> asOptions(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    if (url != null) {
      out.put(prefix + ".url", url);
    }
    if (!user.isEmpty()) {
      out.put(prefix + ".user", user);
    }
    if (password != null) {
      out.put(prefix + ".password", password);
    }
    return out;
  }

  @Override
  public String toString() {
    // never the password
    return "JdbcOptions[url=" + url + ", user=" + user + "]";
  }
}
