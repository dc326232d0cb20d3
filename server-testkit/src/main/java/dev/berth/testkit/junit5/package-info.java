/**
 * JUnit 5 integration for the testkit fixtures: the user constructs fixtures (or asks for them as
 * parameters), {@link dev.berth.testkit.junit5.TestkitExtension} starts and closes them. Needs
 * {@code junit-jupiter-api} on the test class path; the fixtures themselves do not.
 */
package dev.berth.testkit.junit5;
