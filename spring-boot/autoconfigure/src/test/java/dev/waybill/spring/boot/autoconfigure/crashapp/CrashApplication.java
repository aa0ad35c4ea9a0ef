package dev.waybill.spring.boot.autoconfigure.crashapp;

import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Boot application whose only Waybill part is the relay inside it, for {@code InProcessRelayCrashIT}: started as
 * a JVM of its own with the test class path and killed with SIGKILL. Its settings come as command-line arguments.
 */
@SpringBootApplication
public class CrashApplication {

    public static void main(String[] args) throws InterruptedException {
        SpringApplication.run(CrashApplication.class, args);
        System.out.println("CrashApplication started");
        new CountDownLatch(1).await(); // the relay's threads are daemons: keep the JVM until it is killed
    }
}
