"""SYN: synthesis errors no static rule predicted."""
