package dev.place.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalCloudMainTest {

  @Test
  void withoutOptionsItUsesThePrintedDefaultPortsAndKeepsData() {
    LocalCloudSettings s = LocalCloudMain.parse(new String[0]);
    assertThat(s.httpPort()).isEqualTo(3000);
    assertThat(s.webSocketPort()).isEqualTo(3001);
    assertThat(s.lambdaPort()).isEqualTo(3002);
    assertThat(s.redisPort()).isEqualTo(16379);
    assertThat(s.wipe()).isFalse();
    assertThat(s.dataDir()).isEqualTo(Path.of(".place", "data"));
  }

  @Test
  void optionsChooseDataDirectoryWipeAndPorts() {
    LocalCloudSettings s = LocalCloudMain.parse(new String[] {"--wipe", "--data-dir", "/tmp/x", "--http-port", "8080",
        "--ws-port", "8081", "--lambda-port", "8082", "--redis-port", "7000", "--kafka-port", "7001", "--cassandra-port", "7002"});
    assertThat(s.wipe()).isTrue();
    assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(s.httpPort()).isEqualTo(8080);
    assertThat(s.webSocketPort()).isEqualTo(8081);
    assertThat(s.lambdaPort()).isEqualTo(8082);
    assertThat(s.redisPort()).isEqualTo(7000);
    assertThat(s.kafkaPort()).isEqualTo(7001);
    assertThat(s.cassandraPort()).isEqualTo(7002);
  }

  @Test
  void badOptionsAreRefusedWithAReason() {
    assertThatThrownBy(() -> LocalCloudMain.parse(new String[] {"--http-port", "abc"})).hasMessageContaining("number");
    assertThatThrownBy(() -> LocalCloudMain.parse(new String[] {"--ws-port", "70000"})).hasMessageContaining("1 to 65535");
    assertThatThrownBy(() -> LocalCloudMain.parse(new String[] {"--data-dir"})).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LocalCloudMain.parse(new String[] {"--fast"})).hasMessageContaining("unknown option");
  }

  @Test
  void helpIsNotAnError() {
    assertThat(LocalCloudMain.parse(new String[] {"--help"})).isNull();
  }
}
