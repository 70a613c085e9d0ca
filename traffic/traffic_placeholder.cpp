// Replaced by the traffic benchmark.
