package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    @Test
    void zeroBecomesADistinctFreePortForEachPurpose() {
        Map<String, Integer> requested = new LinkedHashMap<>();
        for (String purpose : new String[] {"redis", "kafka", "kafka controller", "cassandra", "cassandra storage"}) {
            requested.put(purpose, 0);
        }

        Map<String, Integer> ports = PortAllocator.allocate(requested);

        assertThat(ports).containsOnlyKeys(requested.keySet());
        assertThat(new HashSet<>(ports.values())).hasSize(5);
        assertThat(ports.values()).allMatch(port -> port > 0 && port <= 65535).allMatch(PortAllocator::isFree);
    }

    @Test
    void anyPortIsTakenBelowTheKernelsEphemeralRangeWhereOutgoingConnectionsCannotCollideWithIt() {
        Map<String, Integer> requested = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            requested.put("engine " + i, 0);
        }
        assertThat(PortAllocator.allocate(requested).values())
            .allMatch(port -> port >= FreeLoopbackPorts.FIRST && port < FreeLoopbackPorts.END && port < 32_768);
        assertThat(FreeLoopbackPorts.pick()).isBetween(FreeLoopbackPorts.FIRST, FreeLoopbackPorts.END - 1);
    }

    @Test
    void aFreeExplicitPortIsKept() {
        int free = PortAllocator.allocate(Map.of("probe", 0)).get("probe");

        assertThat(PortAllocator.allocate(Map.of("kafka", free))).containsEntry("kafka", free);
    }

    @Test
    void aTakenPortFailsNamingThePurposeAndThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(PortAllocator.LOOPBACK, 0));
            int port = taken.getLocalPort();

            assertThat(PortAllocator.isFree(port)).isFalse();
            assertThatThrownBy(() -> PortAllocator.allocate(Map.of("cassandra", port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Port " + port + " for cassandra")
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void twoPurposesCannotShareAnExplicitPort() {
        Map<String, Integer> requested = new LinkedHashMap<>();
        requested.put("kafka", 19092);
        requested.put("kafka controller", 19092);

        assertThatThrownBy(() -> PortAllocator.allocate(requested))
                .hasMessageContaining("kafka controller and kafka are both set to port 19092");
    }
}
