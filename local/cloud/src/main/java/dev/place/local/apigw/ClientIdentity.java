package dev.place.local.apigw;

/**
 * What API Gateway remembers about a connection from its handshake: it is repeated in every event of the
 * connection and returned by GetConnection. {@code connectedAt} is fixed at the handshake, so all events of a
 * connection carry the same value (serverless-offline gets this wrong).
 */
record ClientIdentity(String connectionId, long connectedAt, String sourceIp, String userAgent) {
}
