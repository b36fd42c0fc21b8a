package dev.place.local.apigw;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A stream handler that keeps every raw event it receives (so tests see the exact JSON API Gateway would send,
 * including fields the Java event model drops) and answers with a function of the event.
 */
final class RecordingHandler implements RequestStreamHandler {

  static final ObjectMapper JSON = new ObjectMapper();

  final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  private final Function<JsonNode, String> answer;

  RecordingHandler(Function<JsonNode, String> answer) {
    this.answer = answer;
  }

  static RecordingHandler ok() {
    return new RecordingHandler(event -> "{\"statusCode\":200}");
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = JSON.readTree(input);
    events.add(event);
    output.write(answer.apply(event).getBytes(StandardCharsets.UTF_8));
  }

  JsonNode next() throws InterruptedException {
    JsonNode event = events.poll(10, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no event within 10 s");
    }
    return event;
  }
}
