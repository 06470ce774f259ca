"""LAM: Lambda functions: packages, handlers, runtime variables, handler code."""
