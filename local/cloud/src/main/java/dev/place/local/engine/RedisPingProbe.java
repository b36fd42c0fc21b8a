package dev.place.local.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Ready once Redis answers PING with PONG. Redis accepts connections while it is still loading the append-only file
 * and answers {@code -LOADING} then, so a successful connect alone would be too early.
 */
final class RedisPingProbe implements ReadinessProbe {

    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

    private final int port;

    RedisPingProbe(int port) {
        this.port = port;
    }

    @Override
    public boolean isReady() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(PortAllocator.LOOPBACK, port), 500);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write(PING);
            socket.getOutputStream().flush();
            return "+PONG".equals(readLine(socket.getInputStream()));
        } catch (IOException e) {
            return false;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return "PING on 127.0.0.1:" + port;
    }
}
