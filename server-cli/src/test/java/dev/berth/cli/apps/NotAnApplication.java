package dev.berth.cli.apps;

/** A class that exists but is not a BerthApplication: naming it is a usage error, 64. */
public final class NotAnApplication {}
