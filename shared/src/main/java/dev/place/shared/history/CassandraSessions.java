package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
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

  private static CqlSessionBuilder builder(PlaceConfig config) {
    if (config.cassandraSigV4()) {
      throw new UnsupportedOperationException(
          "PLACE_CASSANDRA_AUTH=sigv4 needs the Keyspaces SigV4 plugin, which the AWS deployment adds");
    }
    CqlSessionBuilder builder = CqlSession.builder()
        .withLocalDatacenter(config.cassandraLocalDc())
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
            // Keyspaces requires LOCAL_QUORUM for writes; local Cassandra accepts it with one node.
            .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
            .build());
    for (String point : config.cassandraContactPoints().split(",")) {
      String p = point.trim();
      int colon = p.lastIndexOf(':');
      builder.addContactPoint(colon < 0
          ? new InetSocketAddress(p, 9042)
          : new InetSocketAddress(p.substring(0, colon), Integer.parseInt(p.substring(colon + 1))));
    }
    return builder;
  }
}
