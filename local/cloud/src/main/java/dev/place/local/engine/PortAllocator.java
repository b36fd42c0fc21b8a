package dev.place.local.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns requested ports (0 = any free one below the ephemeral range: {@link FreeLoopbackPorts}) into concrete,
 * distinct, currently free ports on 127.0.0.1, and rejects ports
 * that are taken before any engine starts, so the error names the port instead of hiding in an engine log.
 */
final class PortAllocator {

    /** Every engine binds exactly this address; "localhost" could resolve to ::1 instead. */
    static final InetAddress LOOPBACK = loopbackV4();

    private PortAllocator() {
    }

    /**
     * @param requested purpose (e.g. "kafka") to requested port, in a stable order
     * @return the same keys with concrete ports
     */
    static Map<String, Integer> allocate(Map<String, Integer> requested) {
        Map<String, Integer> result = new LinkedHashMap<>();
        Map<Integer, String> owners = new LinkedHashMap<>();
        requested.forEach((purpose, port) -> {
            if (port != 0) {
                String other = owners.putIfAbsent(port, purpose);
                if (other != null) {
                    throw new IllegalArgumentException(purpose + " and " + other + " are both set to port " + port);
                }
            }
        });
        // Hold every probe socket until all ports are chosen, so the kernel cannot hand out one port twice.
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (Map.Entry<String, Integer> entry : requested.entrySet()) {
                String purpose = entry.getKey();
                int port = entry.getValue();
                ServerSocket socket;
                try {
                    socket = port == 0 ? FreeLoopbackPorts.bind() : bind(port);
                } catch (IOException e) {
                    throw new IllegalStateException("Port " + port + " for " + purpose + " on " + LOOPBACK.getHostAddress()
                            + " is already in use (another local cloud still running?): " + e.getMessage(), e);
                }
                held.add(socket);
                result.put(purpose, socket.getLocalPort());
            }
        } finally {
            held.forEach(PortAllocator::closeQuietly);
        }
        return result;
    }

    static boolean isFree(int port) {
        try {
            bind(port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress loopbackV4() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // The engines bind with SO_REUSEADDR too, so a port in TIME_WAIT from the last run counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the socket was only a probe.
        }
    }
}
