"""The test suite (a package, so that folders import each other as tests.<folder>)."""
