package io.gaia.kb.experience;

/** Whether every player shares one world ({@code shared}) or each has a private copy ({@code isolated}). */
public enum StateModel {
    SHARED, ISOLATED;

    public String wireName() {
        return name().toLowerCase();
    }
}
