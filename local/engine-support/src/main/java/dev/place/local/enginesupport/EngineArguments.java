package dev.place.local.enginesupport;

/** Command-line parsing shared by the engine mains, with errors that name the option and show the usage. */
public final class EngineArguments {

    private EngineArguments() {
    }

    /** The value following option {@code args[i - 1]}. */
    public static String value(String[] args, int i, String option, String usage) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage);
        }
        return args[i];
    }

    public static int port(String text, String option) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a port number, got '" + text + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + " must be in 1..65535, got " + port);
        }
        return port;
    }
}
