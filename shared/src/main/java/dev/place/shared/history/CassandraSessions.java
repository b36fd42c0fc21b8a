package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverOption;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import dev.place.shared.config.PlaceConfig;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Opens driver sessions to Cassandra locally, or to Keyspaces (TLS, SigV4) in AWS. */
public final class CassandraSessions {

  private CassandraSessions() {}

  /** A session bound to the history keyspace. */
  public static CqlSession open(PlaceConfig config) {
    return builder(config).withKeyspace(config.cassandraKeyspace()).build();
  }

  /** A session bound to no keyspace, for creating it. */
  public static CqlSession openUnbound(PlaceConfig config) {
    return builder(config).build();
  }

  /** The execution profile of the history writer's unlogged batches. */
  static final String BATCH_WRITES = "history-batch-writes";

  /** Keyspaces' SigV4 plugin, named by class so the local cloud never loads it. */
  static final String SIGV4_AUTH_PROVIDER = "software.aws.mcs.auth.SigV4AuthProvider";

  private static CqlSessionBuilder builder(PlaceConfig config) {
    CqlSessionBuilder builder = CqlSession.builder()
        .withLocalDatacenter(config.cassandraLocalDc())
        .withConfigLoader(configLoader(config));
    for (String point : config.cassandraContactPoints().split(",")) {
      String p = point.trim();
      int colon = p.lastIndexOf(':');
      builder.addContactPoint(colon < 0
          ? new InetSocketAddress(p, 9042)
          : new InetSocketAddress(p.substring(0, colon), Integer.parseInt(p.substring(colon + 1))));
    }
    return builder;
  }

  /**
   * The driver options. With {@code sigv4} (Keyspaces): the SigV4 auth provider signing with the
   * process's AWS credentials in the local datacenter's region (Keyspaces names its datacenter
   * after the region), TLS with the JDK's trust store and no hostname check (through a VPC endpoint
   * the peers are endpoint IPs, not the certificate's name), and no token map (Keyspaces'
   * partitioner metadata is not Cassandra's).
   */
  static DriverConfigLoader configLoader(PlaceConfig config) {
    ProgrammaticDriverConfigLoaderBuilder options = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
        // Keyspaces requires LOCAL_QUORUM for writes; local Cassandra accepts it with one node.
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
        // The history writer's batches span partitions on purpose (UnloggedBatches): Cassandra warns
        // about every one, and the driver would log each warning with the batch's text, per request.
        .startProfile(BATCH_WRITES).withBoolean(DefaultDriverOption.REQUEST_LOG_WARNINGS, false).endProfile();
    if (config.cassandraSigV4()) {
      options = options
          .withString(DefaultDriverOption.AUTH_PROVIDER_CLASS, SIGV4_AUTH_PROVIDER)
          .withString(SIGV4_REGION, config.cassandraLocalDc())
          .withString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS, "DefaultSslEngineFactory")
          .withBoolean(DefaultDriverOption.SSL_HOSTNAME_VALIDATION, false)
          .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false);
    }
    return options.build();
  }

  /** The plugin's region option. */
  static final DriverOption SIGV4_REGION = new DriverOption() {
    @Override
    public String getPath() {
      return "advanced.auth-provider.aws-region";
    }
  };
}
