package dev.place.local.enginesupport;

/** Small process-level helpers the engine mains share. */
public final class EngineProcessSupport {

    private EngineProcessSupport() {
    }

    /** The failure and, when different, its root cause: the line a reader of a log tail needs. */
    public static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t) : t + " (root cause: " + root + ")";
    }

    /** Sets a system property unless the command line already did (-D wins). */
    public static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
