"""`make bench` (`python -m bot bench`): latency, throughput and memory of the assistant over REST,
measured against a reference bot made by `rasa init` and served the same way. See docs/benchmark.md."""
