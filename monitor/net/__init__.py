"""Network: the only code that opens connections. A bounded, SSRF-guarded HTTP fetcher with
conditional requests and Retry-After. May import: monitor.text, monitor.errors.
"""
