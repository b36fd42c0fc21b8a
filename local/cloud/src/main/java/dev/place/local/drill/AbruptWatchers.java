package dev.place.local.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Watcher connections for the drop-500-connections drill on plain sockets, so they can end the way
 * a crashed client or a dead network does: a TCP reset (SO_LINGER 0), no close frame. Each says
 * {@code hello} and keeps its connection id, which the drill then looks for in the registry.
 */
final class AbruptWatchers {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<Socket> sockets = new ArrayList<>();
  private final List<String> connectionIds = new ArrayList<>();

  /** Opens {@code count} watchers through the WebSocket API at {@code webSocketUrl}. */
  static AbruptWatchers open(URI httpUrl, URI webSocketUrl, int count) throws Exception {
    AbruptWatchers watchers = new AbruptWatchers();
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < count; i++) {
      HttpResponse<String> session = http.send(HttpRequest.newBuilder(httpUrl.resolve("/api/v1/session"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      String token = JSON.readTree(session.body()).get("token").asText();
      Socket socket = new Socket(webSocketUrl.getHost(), webSocketUrl.getPort());
      watchers.sockets.add(socket);
      socket.setSoTimeout(15_000);
      watchers.connectionIds.add(handshakeAndHello(socket, webSocketUrl, token));
    }
    return watchers;
  }

  List<String> connectionIds() {
    return List.copyOf(connectionIds);
  }

  /** Resets every connection at once: the server learns of it only from the TCP RST. */
  void reset() throws IOException {
    for (Socket socket : sockets) {
      socket.setSoLinger(true, 0);
      socket.close();
    }
  }

  private static String handshakeAndHello(Socket socket, URI url, String token) throws IOException {
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath()) + "?token=" + token;
    String request = "GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
        + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    String status = readHeaders(in);
    if (!status.contains(" 101 ")) {
      throw new IOException("WebSocket handshake refused: " + status);
    }
    writeMaskedText(out, "{\"action\":\"hello\"}");
    while (true) {
      String text = readFrame(in);
      if (text != null) {
        JsonNode message = JSON.readTree(text);
        if ("hello".equals(message.path("type").asText())) {
          return message.path("connectionId").asText();
        }
      }
    }
  }

  private static String readHeaders(DataInputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    while (last4 != 0x0d0a0d0a) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the handshake");
      }
      head.write(b);
      last4 = (last4 << 8) | b;
    }
    return head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
  }

  /** One server frame (unmasked); its text if it is a text frame, else null. */
  private static String readFrame(DataInputStream in) throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return (first & 0x0f) == 1 ? new String(payload, StandardCharsets.UTF_8) : null;
  }

  private static void writeMaskedText(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    frame.write(0x80 | payload.length); // under 126 bytes
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }
}
