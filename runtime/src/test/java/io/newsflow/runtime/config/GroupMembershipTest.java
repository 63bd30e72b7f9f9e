package io.newsflow.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * Group consumers get a short session, heartbeats a tenth of it apart and, when the instance is
 * named, static membership.
 */
class GroupMembershipTest {

  @Test
  void aConsumerGetsTheSessionTimeoutAndNoStaticNameByDefault() {
    Map<String, Object> props = new HashMap<>();
    new PipelineConfig(Map.of()).addGroupMembership(props);
    assertThat(props).containsEntry("session.timeout.ms", 10_000);
    assertThat(props).containsEntry("heartbeat.interval.ms", 1_000);
    assertThat(props).doesNotContainKey("group.instance.id");
  }

  @Test
  void aNamedInstanceIsAStaticMemberAndClientSettingsWin() {
    PipelineConfig config =
        new PipelineConfig(
            Map.of(PipelineConfig.INSTANCE_ID, " node-a ", "group.session.timeout.ms", "20000"));
    Properties streams = new Properties();
    config.addGroupMembership(streams);
    assertThat(streams).containsEntry("group.instance.id", "node-a");
    assertThat(streams).containsEntry("session.timeout.ms", 20_000);

    Map<String, Object> tuned = new HashMap<>(Map.of("session.timeout.ms", "7000"));
    config.addGroupMembership(tuned);
    assertThat(tuned).containsEntry("session.timeout.ms", "7000");
    assertThat(tuned).containsEntry("heartbeat.interval.ms", 700);
    assertThat(streams).containsEntry("heartbeat.interval.ms", 2_000);
  }

  @Test
  void aSessionTimeoutTheBrokerWouldRefuseIsRejectedAtStart() {
    // the broker's group.min.session.timeout.ms is 6 s by default
    assertThatThrownBy(
            () -> new PipelineConfig(Map.of(PipelineConfig.GROUP_SESSION_TIMEOUT_MS, "1000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("group.session.timeout.ms");
  }
}
