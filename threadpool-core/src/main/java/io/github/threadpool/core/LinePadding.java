package io.github.threadpool.core;

/**
 * 64 bytes of fields that are never used: a subclass's own fields start a cache line after whatever
 * precedes the object, and a subclass that ends with padding of its own keeps them off the next
 * object's line too. HotSpot lays out a superclass's fields before its subclass's, which is what makes
 * this work without {@code @Contended}.
 */
abstract class LinePadding {
    long p01, p02, p03, p04, p05, p06, p07, p08;
}
