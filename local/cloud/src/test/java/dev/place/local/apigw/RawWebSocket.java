package dev.place.local.apigw;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket client on a bare socket, for what the JDK client cannot send (frames with invalid UTF-8) or does not
 * show (the body of a refused handshake).
 */
public final class RawWebSocket implements AutoCloseable {

  public record HandshakeResponse(int status, Map<String, String> headers, String body) {}

  public record Frame(int opcode, byte[] payload) {
    public int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.socket.setSoTimeout(10_000);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Opens the socket and sends the upgrade request; read the answer with {@link #handshake()}. */
  public static RawWebSocket open(URI uri) throws IOException {
    RawWebSocket client = new RawWebSocket(new Socket(uri.getHost(), uri.getPort()));
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII))
        + "\r\n\r\n";
    client.out.write(request.getBytes(StandardCharsets.US_ASCII));
    client.out.flush();
    return client;
  }

  public HandshakeResponse handshake() throws IOException {
    String statusLine = line();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = new byte[length];
    in.readFully(body);
    return new HandshakeResponse(Integer.parseInt(statusLine.split(" ")[1]), headers,
        new String(body, StandardCharsets.UTF_8));
  }

  /** Sends one final, masked frame (clients must mask) with the payload as given, valid or not. */
  public void send(int opcode, byte[] payload) throws IOException {
    if (payload.length > 125) {
      throw new IllegalArgumentException("short frames only");
    }
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    frame.write(0x80 | payload.length);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  public Frame next() throws IOException {
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
    return new Frame(first & 0x0f, payload);
  }

  private String line() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    InputStream stream = in;
    for (int b = stream.read(); b != '\n'; b = stream.read()) {
      if (b < 0) {
        throw new IOException("connection closed in the handshake");
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
