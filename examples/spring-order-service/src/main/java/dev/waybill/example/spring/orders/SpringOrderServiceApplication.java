package dev.waybill.example.spring.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SpringOrderServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SpringOrderServiceApplication.class, args);
    }
}
