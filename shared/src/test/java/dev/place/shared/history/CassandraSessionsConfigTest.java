package dev.place.shared.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import dev.place.shared.config.PlaceConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver options CassandraSessions builds, locally and for Keyspaces, checked without a server. */
class CassandraSessionsConfigTest {

  private static DriverExecutionProfile options(Map<String, String> env) {
    return CassandraSessions.configLoader(PlaceConfig.from(env::get)).getInitialConfig().getDefaultProfile();
  }

  @Test
  void keyspacesGetsSigV4TlsAndLocalQuorum() throws Exception {
    DriverExecutionProfile p = options(Map.of(
        "PLACE_CASSANDRA_AUTH", "sigv4",
        "PLACE_CASSANDRA_LOCAL_DC", "eu-west-1",
        "PLACE_CASSANDRA_CONTACT_POINTS", "cassandra.eu-west-1.amazonaws.com:9142"));

    assertThat(p.getString(DefaultDriverOption.AUTH_PROVIDER_CLASS)).isEqualTo(CassandraSessions.SIGV4_AUTH_PROVIDER);
    assertThat(p.getString(CassandraSessions.SIGV4_REGION)).isEqualTo("eu-west-1");
    assertThat(p.getString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS)).isEqualTo("DefaultSslEngineFactory");
    assertThat(p.getBoolean(DefaultDriverOption.SSL_HOSTNAME_VALIDATION)).isFalse();
    assertThat(p.getBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED)).isFalse();
    assertThat(p.getString(DefaultDriverOption.REQUEST_CONSISTENCY)).isEqualTo("LOCAL_QUORUM");
    // The plugin is on the runtime classpath (it is what the Lambda asset and the fanout image ship).
    assertThat(Class.forName(CassandraSessions.SIGV4_AUTH_PROVIDER).getConstructor(
        com.datastax.oss.driver.api.core.context.DriverContext.class)).isNotNull();
  }

  @Test
  void localCassandraGetsNeitherAuthNorTls() {
    DriverExecutionProfile p = options(Map.of());

    assertThat(p.isDefined(DefaultDriverOption.AUTH_PROVIDER_CLASS)).isFalse();
    assertThat(p.isDefined(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS)).isFalse();
    assertThat(p.getString(DefaultDriverOption.REQUEST_CONSISTENCY)).isEqualTo("LOCAL_QUORUM");
  }
}
