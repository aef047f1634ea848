"""Thin HTTP controllers: parse, call the store or the cleaner, return msgspec Structs."""
