package dev.waybill.jpa.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Not annotated: its changes never write events. */
@Entity
public class Warehouse {

    @Id
    private String code;

    private String city;

    protected Warehouse() {}

    public Warehouse(String code, String city) {
        this.code = code;
        this.city = city;
    }

    public void setCity(String city) {
        this.city = city;
    }
}
