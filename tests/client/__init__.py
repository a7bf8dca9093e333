"""Tests of the generated client package `realtime_calls`."""
