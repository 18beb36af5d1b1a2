package org.socketlab.lab.activity;

/** Checks one observation: returns what was seen, or throws (usually an {@link AssertionError}) saying what was. */
@FunctionalInterface
public interface Check {
    String seen() throws Exception;
}
