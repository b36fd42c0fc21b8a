package dev.place.local;

import dev.place.local.engine.FreeLoopbackPorts;

/**
 * Resolves "port 0" early, for the addresses that must be known before the servers start: a free
 * port below the kernel's ephemeral range ({@link FreeLoopbackPorts}).
 */
final class LoopbackPorts {

  private LoopbackPorts() {}

  static int resolve(int requested) {
    return requested != 0 ? requested : FreeLoopbackPorts.pick();
  }
}
