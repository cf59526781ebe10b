package dev.touchflow.embedded;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of a child JVM: runs the named main class, and exits when standard input closes,
 * which happens when the parent JVM ends for any reason, so no broker outlives its runner.
 */
public final class ParentWatch {

    private ParentWatch() {}

    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(
                () -> {
                    try {
                        while (System.in.read() != -1) {
                            // the parent writes nothing; we only wait for the end of the stream
                        }
                    } catch (IOException ignored) {
                        // a broken pipe means the same as end of stream
                    }
                    System.exit(0);
                },
                "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
