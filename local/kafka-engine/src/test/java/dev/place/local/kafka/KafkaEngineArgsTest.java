package dev.place.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaEngineArgsTest {

    @Test
    void parsesAllOptions() {
        KafkaEngineArgs args = KafkaEngineArgs.parse("--data-dir", "/d/kafka", "--port", "9092",
                "--controller-port", "9093", "--exit-on-stdin-eof", "--set", "num.partitions=3", "--set", "a.b=x=y");

        assertThat(args.dataDir()).isEqualTo(Path.of("/d/kafka"));
        assertThat(args.port()).isEqualTo(9092);
        assertThat(args.controllerPort()).isEqualTo(9093);
        assertThat(args.exitOnStdinEof()).isTrue();
        assertThat(args.overrides()).isEqualTo(Map.of("num.partitions", "3", "a.b", "x=y"));
    }

    @Test
    void watchingStdinIsOptInBecauseARunByHandMayHaveNoStdin() {
        KafkaEngineArgs args = KafkaEngineArgs.parse("--data-dir", "d", "--port", "1", "--controller-port", "2");

        assertThat(args.exitOnStdinEof()).isFalse();
        assertThat(args.dataDir()).isAbsolute();
    }

    @Test
    void rejectsMissingRequiredOptionsWithUsage() {
        assertThatThrownBy(() -> KafkaEngineArgs.parse("--data-dir", "d", "--port", "9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("required").hasMessageContaining("usage:");
    }

    @Test
    void rejectsTheSamePortForBrokerAndController() {
        assertThatThrownBy(() -> KafkaEngineArgs.parse("--data-dir", "d", "--port", "9092", "--controller-port", "9092"))
                .hasMessageContaining("must differ");
    }

    @Test
    void rejectsPortsOutsideTheValidRange() {
        assertThatThrownBy(() -> KafkaEngineArgs.parse("--data-dir", "d", "--port", "0", "--controller-port", "9093"))
                .hasMessageContaining("1..65535");
        assertThatThrownBy(() -> KafkaEngineArgs.parse("--data-dir", "d", "--port", "x", "--controller-port", "9093"))
                .hasMessageContaining("expects a port number");
    }

    @Test
    void rejectsUnknownArgumentsAndMalformedOverrides() {
        assertThatThrownBy(() -> KafkaEngineArgs.parse("--verbose")).hasMessageContaining("unknown argument '--verbose'");
        assertThatThrownBy(() -> KafkaEngineArgs.parse("--set", "novalue")).hasMessageContaining("key=value");
    }
}
