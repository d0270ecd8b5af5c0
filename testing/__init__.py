"""What the tests and the benchmark (scripts/benchmark) share: factories, synthetic content
and query counting. Not part of the installed site (factory_boy is a development extra)."""
